import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildImageFlow, type BuildDeps } from '../../client/src/build/flow';
import type { BuildError } from '../../client/src/build/output';
import { FakeDiagnostics, FakeLog, fakeBuildUi, loadRealParts } from '../helpers/client-fakes';

/**
 * Build Image against a real Docker engine (Debian's docker.io, started privately by the test), built FROM scratch
 * and FROM a busybox image imported from the local busybox-static (nothing can be pulled here).
 */

type Engine = Awaited<ReturnType<Awaited<ReturnType<typeof loadRealParts>>['startDockerEngine']>>;

let engine: Engine | undefined;
let reason: string | null = 'not checked yet';
const workspace = mkdtempSync(join(tmpdir(), 'shipshape-build-'));
// A folder name with a space, quotes, `$` and `;`: everything goes through argument arrays.
const project = join(workspace, `my "app" $HOME; it's`);

function write(file: string, text: string): string {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

function deps(
  dockerfile: string,
  overrides: Partial<BuildDeps> & { ui: BuildDeps['ui'] },
): BuildDeps & { log: FakeLog; diagnostics: FakeDiagnostics<BuildError> } {
  const tags = new Map<string, string>();
  return {
    settings: { containerCli: 'docker', extraArgs: [], platform: '' },
    dockerfile,
    findDockerfiles: async () => [dockerfile],
    workspaceFolderOf: () => workspace,
    readFile: async (file) => readFileSync(file, 'utf8'),
    fileExists: existsSync,
    lintErrorCount: () => 0,
    lastTag: { get: (file) => tags.get(file), set: (file, tag) => void tags.set(file, tag) },
    log: new FakeLog(),
    diagnostics: new FakeDiagnostics<BuildError>(),
    env: { ...process.env, ...engine?.env },
    ...overrides,
  } as BuildDeps & { log: FakeLog; diagnostics: FakeDiagnostics<BuildError> };
}

function docker(args: string[]): string {
  return execFileSync('docker', args, { env: { ...process.env, ...engine?.env }, encoding: 'utf8' });
}

describe('Build Image against a real Docker engine', () => {
  before(async () => {
    const parts = await loadRealParts();
    reason = await parts.whyUnavailable('docker');
    if (reason === null) {
      try {
        engine = await parts.startDockerEngine();
      } catch (error) {
        reason = `the Docker engine did not start: ${(error as Error).message.split('\n')[0]}`;
      }
    }
    write(join(project, '.dockerignore'), 'ignored.txt\n');
    write(join(project, 'hello.txt'), 'hello\n');
    write(join(project, 'ignored.txt'), 'never sent\n');
  });
  after(async () => {
    await engine?.stop();
    rmSync(workspace, { recursive: true, force: true });
  });
  // Evaluated when each test starts, after before() has run.
  const skip = (t: { skip(message?: string): void }): boolean => {
    if (reason !== null) t.skip(reason);
    return reason !== null;
  };

  it('builds FROM scratch, in a path with spaces, quotes, $ and ;, with the context inferred from .dockerignore', async (t) => {
    if (skip(t)) return;
    const dockerfile = write(join(project, 'docker', 'Dockerfile'), 'FROM scratch\nCOPY hello.txt /hello.txt\n');
    const ui = fakeBuildUi({ tag: () => 'shipshape-test/scratch-app:1.0-rc.1_a' });
    const outcome = await buildImageFlow(deps(dockerfile, { ui }));
    assert.deepEqual(outcome, {
      status: 'built',
      tag: 'shipshape-test/scratch-app:1.0-rc.1_a',
      dockerfile,
      context: project,
    });
    assert.match(ui.asked[0], /Build context: my "app" \$HOME; it's$/);
    assert.match(
      docker(['image', 'inspect', '--format', '{{.Id}}', 'shipshape-test/scratch-app:1.0-rc.1_a']),
      /^sha256:/,
    );
  });

  it('builds FROM the imported busybox with a target stage and build args', async (t) => {
    if (skip(t)) return;
    const dockerfile = write(
      join(project, 'Dockerfile.multi'),
      [
        'FROM shipshape-busybox:local AS base',
        'ARG GREETING',
        'RUN echo "$GREETING" > /greeting',
        'LABEL greeting=$GREETING',
        'FROM base AS test',
        'RUN exit 1',
        'FROM base AS release',
        'ARG VERSION=1',
        'LABEL version=$VERSION',
      ].join('\n'),
    );
    const ui = fakeBuildUi({
      tag: () => 'shipshape-test/busybox-app:2',
      stage: (items) => items.find((item) => item.label === 'base'),
      buildArg: () => 'hi there; $USER',
    });
    const outcome = await buildImageFlow(deps(dockerfile, { ui }));
    assert.equal(outcome.status, 'built', ui.errors.join('\n'));
    assert.deepEqual(ui.asked.slice(1), ['stage base,test,release default release', 'arg GREETING']);
    assert.equal(
      docker([
        'image',
        'inspect',
        '--format',
        '{{index .Config.Labels "greeting"}}',
        'shipshape-test/busybox-app:2',
      ]).trim(),
      'hi there; $USER',
    );
  });

  it('maps a failing RUN to its line as a diagnostic', async (t) => {
    if (skip(t)) return;
    const dockerfile = write(
      join(project, 'failing', 'Dockerfile'),
      'FROM shipshape-busybox:local\n# a comment\nRUN echo ok\n\nRUN echo about to fail && \\\n  exit 7\nRUN echo never\n',
    );
    const built = deps(dockerfile, { ui: fakeBuildUi({ tag: () => 'shipshape-test/failing:1' }) });
    const outcome = await buildImageFlow(built);
    assert.equal(outcome.status, 'failed');
    assert.deepEqual(built.diagnostics.byFile.get(dockerfile), [
      { line: 4, message: 'The command `/bin/sh -c echo about to fail &&   exit 7` returned a non-zero code: 7' },
    ]);
    assert.match(built.log.output, /about to fail/);
    assert.match(
      (built.ui as ReturnType<typeof fakeBuildUi>).errors[0],
      /^Build of shipshape-test\/failing:1 failed at line 5: /,
    );
  });

  it('cancels a running build: the CLI is killed and the flow reports cancelled', async (t) => {
    if (skip(t)) return;
    const dockerfile = write(
      join(project, 'slow', 'Dockerfile'),
      'FROM shipshape-busybox:local\nRUN echo sleeping && sleep 60\n',
    );
    const ui = fakeBuildUi({ tag: () => 'shipshape-test/slow:1' });
    const built = deps(dockerfile, { ui });
    built.log.onAppend = (output) => {
      if (output.includes('sleeping')) ui.cancellation?.cancel();
    };
    const started = Date.now();
    const outcome = await buildImageFlow(built);
    assert.deepEqual(outcome, { status: 'cancelled', dockerfile });
    assert.ok(Date.now() - started < 30_000, 'the build stopped well before its sleep ended');
    assert.throws(() => docker(['image', 'inspect', 'shipshape-test/slow:1']));
  });

  it('says the CLI is not installed', async () => {
    // Needs no engine: the CLI is never found.
    const dockerfile = write(join(project, 'nocli', 'Dockerfile'), 'FROM scratch\n');
    const ui = fakeBuildUi({});
    const built = deps(dockerfile, {
      ui,
      settings: { containerCli: join(workspace, 'no-such-docker'), extraArgs: [], platform: '' },
    });
    const outcome = await buildImageFlow(built);
    assert.equal(outcome.status === 'failed' && outcome.failure.kind, 'cli-missing');
    assert.deepEqual(ui.errors, [
      `${join(workspace, 'no-such-docker')} is not installed (or not on PATH); set shipshape.build.containerCli.`,
    ]);
  });

  it('says the daemon is not running once it is stopped', async (t) => {
    if (skip(t)) return;
    await engine?.stop();
    const dockerfile = write(join(project, 'stopped', 'Dockerfile'), 'FROM scratch\nCOPY hello.txt /\n');
    const ui = fakeBuildUi({});
    const outcome = await buildImageFlow(deps(dockerfile, { ui }));
    assert.equal(outcome.status === 'failed' && outcome.failure.kind, 'daemon-not-running');
    assert.match(
      ui.errors[0],
      /^The docker daemon is not running \(at unix:\/\/\/.*docker\.sock\): start it and try again\.$/,
    );
  });
});
