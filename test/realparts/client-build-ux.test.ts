// The Build Image details a user met on screenshots: the proposed tag (`docker:latest` for a folder called docker), a
// failed build that said only "failed", a base image that cannot be pulled with nothing on its FROM line.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildImageFlow, type BuildDeps } from '../../client/src/build/flow';
import { gitShortSha } from '../../client/src/build/git';
import { suggestTag } from '../../client/src/build/imageRef';
import { lastErrorLine, parsePullFailure, type BuildError } from '../../client/src/build/output';
import { LaunchError, type RunOptions, type RunResult } from '../../client/src/process/run';
import { FakeDiagnostics, FakeLog, fakeBuildUi } from '../helpers/client-fakes';

describe('the tag Build Image proposes', () => {
  it("is <folder>:<short sha or dev>, never a well-known image's name nor :latest", () => {
    assert.equal(suggestTag(['docker', 'shop']), 'shop:dev', 'a folder called docker: the workspace names the project');
    assert.equal(suggestTag(['api', 'shop'], '3f2a9c1'), 'api:3f2a9c1');
    assert.equal(suggestTag(['nginx', 'docker']), 'docker-app:dev');
    assert.equal(suggestTag(['docker']), 'docker-app:dev');
    assert.equal(suggestTag([]), 'app:dev');
    assert.equal(suggestTag(['shop'], 'not a tag!'), 'shop:dev');
  });

  it('takes the short sha of the checked-out commit from the real git; none outside a repository', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'shipshape-git-'));
    try {
      assert.equal(await gitShortSha(folder), undefined);
      const git = (...args: string[]) =>
        execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: folder, encoding: 'utf8' });
      git('init', '-q');
      writeFileSync(join(folder, 'Dockerfile'), 'FROM scratch\n');
      git('add', 'Dockerfile');
      git('commit', '-qm', 'first');
      const sha = await gitShortSha(folder);
      assert.equal(sha, git('rev-parse', '--short', 'HEAD').trim());
      assert.match(sha ?? '', /^[0-9a-f]{7,}$/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    const missing = async (options: RunOptions): Promise<RunResult> => {
      throw new LaunchError(options.command, 'ENOENT', { cause: new Error('spawn git ENOENT') });
    };
    assert.equal(await gitShortSha('/anywhere', missing), undefined);
  });

  it('is what the tag box shows when the Dockerfile was never built', async () => {
    const ui = fakeBuildUi({ tag: () => undefined });
    await buildImageFlow({
      ui,
      settings: { containerCli: 'docker', extraArgs: [], platform: '' },
      dockerfile: '/ws/shop/docker/Dockerfile',
      findDockerfiles: async () => [],
      workspaceFolderOf: () => '/ws/shop',
      readFile: async () => 'FROM scratch\n',
      fileExists: (file) => file === '/ws/shop/docker/.dockerignore',
      lintErrorCount: () => 0,
      lastTag: { get: () => undefined, set: () => undefined },
      gitShortSha: async (folder) => (folder === '/ws/shop/docker' ? 'a1b2c3d' : undefined),
      log: new FakeLog(),
      diagnostics: new FakeDiagnostics<BuildError>(),
    } satisfies BuildDeps);
    assert.deepEqual(ui.asked, ['tag shop:a1b2c3d | Image tag for Dockerfile. Build context: docker']);
  });
});

// The legacy builder of the harness's Docker 20.10, offline, on `FROM shipshape-e2e/not-here:1` (its second stage).
const LEGACY_OFFLINE = `Sending build context to Docker daemon  2.048kB
Step 1/4 : FROM shipshape-busybox:local AS base
 ---> 33a630a70342
Step 2/4 : RUN echo hi
 ---> Running in b7bfc2d3f7a7
hi
Removing intermediate container b7bfc2d3f7a7
 ---> de638fa5372d
Step 3/4 : FROM shipshape-e2e/not-here:1

DEPRECATED: The legacy builder is deprecated and will be removed in a future release.
            Install the buildx component to build images with BuildKit:
            https://docs.docker.com/go/buildx/

Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host
`;
const STAGES = [
  { from: 'shipshape-busybox:local', line: 0 },
  { from: 'shipshape-e2e/not-here:1', line: 2 },
];

describe('a base image that cannot be pulled', () => {
  it("is put on its FROM line, from the legacy builder's step", () => {
    assert.deepEqual(parsePullFailure(LEGACY_OFFLINE, STAGES), {
      line: 2,
      message:
        'The base image shipshape-e2e/not-here:1 could not be pulled: Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host',
    });
  });

  it('is put on the FROM line of the image BuildKit, docker and podman name', () => {
    for (const output of [
      '#5 ERROR: pull access denied, repository does not exist\nERROR: failed to solve: shipshape-e2e/not-here:1: failed to resolve source metadata for docker.io/shipshape-e2e/not-here:1: pull access denied, repository does not exist or may require authorization',
      "Error response from daemon: pull access denied for shipshape-e2e/not-here, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
      'Error response from daemon: manifest for shipshape-e2e/not-here:1 not found: manifest unknown: manifest unknown',
      'Error: creating build container: initializing source docker://shipshape-e2e/not-here:1: reading manifest 1 in docker.io/shipshape-e2e/not-here: requested access to the resource is denied',
    ]) {
      assert.equal(parsePullFailure(output, STAGES)?.line, 2, output);
    }
  });

  it('is not claimed for other failures', () => {
    assert.equal(
      parsePullFailure("Step 2/4 : RUN exit 3\nThe command '/bin/sh -c exit 3' returned a non-zero code: 3\n", STAGES),
      undefined,
    );
  });
});

describe('a failed build says why', () => {
  it("with the builder's last error line, past its deprecation banner", () => {
    assert.equal(
      lastErrorLine(LEGACY_OFFLINE),
      'Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host',
    );
    assert.equal(
      lastErrorLine(
        '#9 [3/4] COPY missing.txt /\nERROR: failed to solve: failed to compute cache key: "/missing.txt" not found\n',
      ),
      'failed to compute cache key: "/missing.txt" not found',
    );
    assert.equal(lastErrorLine('step\nsomething odd happened\n'), 'something odd happened');
  });
});
