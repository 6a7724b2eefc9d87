import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildImageFlow } from '../../client/src/build/flow';
import { runImageFlow, type RunDeps, type RunUi } from '../../client/src/run/flow';
import type { BuildError } from '../../client/src/build/output';
import { FakeDiagnostics, FakeLog, fakeBuildUi, loadRealParts } from '../helpers/client-fakes';

/**
 * Run Image against a real Docker engine (Debian's docker.io, started privately by the test): an image built by Build
 * Image FROM the busybox imported from the local busybox-static, serving a page with `busybox httpd` on the port it
 * EXPOSEs, reached on 127.0.0.1, then stopped.
 *
 * The harness engine has no network of its own (--bridge=none: a bridge would put a private range on this shared
 * machine), so `-p` cannot forward here; the container joins the host's network (`--network host`, through the
 * shipshape.run.extraArgs setting, as a user on such an engine would set it) and its port is reached directly. The
 * `-p` mappings the flow proposes and passes are checked in the argv, and the unit tests cover them.
 */

type Engine = Awaited<ReturnType<Awaited<ReturnType<typeof loadRealParts>>['startDockerEngine']>>;

let engine: Engine | undefined;
let reason: string | null = 'not checked yet';
const workspace = mkdtempSync(join(tmpdir(), 'shipshape-run-'));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** GET http://127.0.0.1:port/, retried until it answers or 20 s pass. */
async function fetchPage(port: number, timeoutMs = 20_000): Promise<{ status: number; body: string }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await new Promise((resolve, reject) => {
        const request = get({ host: '127.0.0.1', port, path: '/', timeout: 2000 }, (response) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (body += chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        });
        request.on('timeout', () => request.destroy(new Error('timeout')));
        request.on('error', reject);
      });
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

function docker(args: string[]): string {
  return execFileSync('docker', args, { env: { ...process.env, ...engine?.env }, encoding: 'utf8' });
}

function recordingUi() {
  const seen = {
    asked: [] as string[],
    logs: '',
    ended: [] as string[],
    running: [] as string[],
    errors: [] as string[],
  };
  const ui: RunUi = {
    inputImage: async ({ value }) => (seen.asked.push(`image ${value}`), value),
    inputPorts: async ({ value }) => (seen.asked.push(`ports ${value}`), value),
    openLogs: () => ({ write: (text) => void (seen.logs += text), end: (message) => void seen.ended.push(message) }),
    showRunning: (message) => void seen.running.push(message),
    showError: (message) => void seen.errors.push(message),
  };
  return { ui, seen };
}

function runDeps(ui: RunUi, overrides: Partial<RunDeps> = {}): RunDeps {
  const remembered = new Map<string, string[]>();
  return {
    ui,
    settings: { containerCli: 'docker', extraArgs: ['--network', 'host'] },
    lastBuiltTag: () => undefined,
    ports: {
      get: (image) => remembered.get(image),
      set: (image, mappings) => void remembered.set(image, [...mappings]),
    },
    log: new FakeLog(),
    env: { ...process.env, ...engine?.env },
    ...overrides,
  };
}

describe('Run Image against a real Docker engine', () => {
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
  });
  after(async () => {
    await engine?.stop();
    rmSync(workspace, { recursive: true, force: true });
  });
  const skip = (t: { skip(message?: string): void }): boolean => {
    if (reason !== null) t.skip(reason);
    return reason !== null;
  };

  it('after Build Image: runs the new tag with -p for its EXPOSEd port, serves on 127.0.0.1, streams the logs, stops', async (t) => {
    if (skip(t)) return;
    const port = await freePort();
    const project = join(workspace, 'web');
    mkdirSync(project, { recursive: true });
    const dockerfile = join(project, 'Dockerfile');
    writeFileSync(
      dockerfile,
      [
        'FROM shipshape-busybox:local',
        'RUN mkdir /www && echo "hello from shipshape" > /www/index.html',
        `EXPOSE ${port}`,
        `CMD ["busybox", "httpd", "-f", "-v", "-p", "127.0.0.1:${port}", "-h", "/www"]`,
      ].join('\n'),
    );
    const built = await buildImageFlow({
      ui: fakeBuildUi({ tag: () => 'shipshape-test/run-web:1' }),
      settings: { containerCli: 'docker', extraArgs: [], platform: '' },
      dockerfile,
      findDockerfiles: async () => [dockerfile],
      workspaceFolderOf: () => workspace,
      readFile: async (file) => readFileSync(file, 'utf8'),
      fileExists: existsSync,
      lintErrorCount: () => 0,
      lastTag: { get: () => undefined, set: () => undefined },
      log: new FakeLog(),
      diagnostics: new FakeDiagnostics(),
      env: { ...process.env, ...engine?.env },
      afterBuild: async () => undefined,
    });
    assert.equal(built.status, 'built');

    const { ui, seen } = recordingUi();
    const outcome = await runImageFlow(runDeps(ui, { image: 'shipshape-test/run-web:1', unique: () => 'real1' }));
    assert.equal(outcome.status, 'running', seen.errors.join('\n'));
    assert.deepEqual(seen.asked, [`ports 127.0.0.1:${port}:${port}`]);
    assert.deepEqual(outcome.args, [
      'run',
      '--rm',
      '--name',
      'shipshape-run-run-web-real1',
      '--publish',
      `127.0.0.1:${port}:${port}`,
      '--network',
      'host',
      'shipshape-test/run-web:1',
    ]);
    assert.deepEqual(outcome.urls, [`http://127.0.0.1:${port}`]);

    const page = await fetchPage(port);
    assert.deepEqual(page, { status: 200, body: 'hello from shipshape\n' });
    // busybox httpd -v logs each request on stderr: it streams to the terminal while the container runs.
    const deadline = Date.now() + 10_000;
    while (!/response:200/.test(seen.logs) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    assert.match(seen.logs, /127\.0\.0\.1:\d+: response:200/);
    assert.match(
      docker(['ps', '--filter', 'name=shipshape-run-run-web-real1', '--format', '{{.Names}}']),
      /shipshape-run-run-web-real1/,
    );

    await outcome.stop();
    assert.deepEqual(seen.ended, ['shipshape-test/run-web:1 stopped.']);
    assert.deepEqual(seen.errors, []);
    assert.equal(
      docker(['ps', '--all', '--filter', 'name=shipshape-run-run-web-real1', '--format', '{{.Names}}']).trim(),
      '',
      'removed (--rm)',
    );
    await assert.rejects(fetchPage(port, 500), 'nothing serves the port any more');
  });

  it('says why a container that exits on its own stopped', async (t) => {
    if (skip(t)) return;
    const project = join(workspace, 'crash');
    mkdirSync(project, { recursive: true });
    writeFileSync(
      join(project, 'Dockerfile'),
      'FROM shipshape-busybox:local\nCMD ["sh", "-c", "echo starting; echo config file missing >&2; exit 3"]\n',
    );
    docker(['build', '--tag', 'shipshape-test/run-crash:1', project]);
    const { ui, seen } = recordingUi();
    const outcome = await runImageFlow(runDeps(ui, { image: 'shipshape-test/run-crash:1', unique: () => 'real2' }));
    assert.equal(outcome.status, 'running');
    const result = await outcome.exited;
    assert.equal(result.code, 3);
    assert.match(seen.logs, /starting/);
    assert.deepEqual(seen.errors, ['shipshape-test/run-crash:1 exited with 3: config file missing.']);
  });

  it('Build Image: a base image that cannot be pulled gets the diagnostic on its FROM line, and the message says why', async (t) => {
    if (skip(t)) return;
    const project = join(workspace, 'pull');
    mkdirSync(project, { recursive: true });
    const dockerfile = join(project, 'Dockerfile');
    writeFileSync(
      dockerfile,
      'FROM shipshape-busybox:local AS base\nRUN echo hi\nFROM shipshape-e2e/not-here:1\nCOPY --from=base /bin/busybox /bb\n',
    );
    const ui = fakeBuildUi({ tag: () => 'shipshape-test/pull:1' });
    const diagnostics = new FakeDiagnostics<BuildError>();
    const outcome = await buildImageFlow({
      ui,
      settings: { containerCli: 'docker', extraArgs: [], platform: '' },
      dockerfile,
      findDockerfiles: async () => [dockerfile],
      workspaceFolderOf: () => workspace,
      readFile: async (file) => readFileSync(file, 'utf8'),
      fileExists: existsSync,
      lintErrorCount: () => 0,
      lastTag: { get: () => undefined, set: () => undefined },
      log: new FakeLog(),
      diagnostics,
      env: { ...process.env, ...engine?.env },
    });
    assert.equal(outcome.status, 'failed');
    const placed = diagnostics.byFile.get(dockerfile) ?? [];
    assert.equal(placed.length, 1);
    assert.equal(placed[0].line, 2);
    // Offline, the registry cannot even be resolved; with a network it would be "pull access denied": same line.
    assert.match(placed[0].message, /^The base image shipshape-e2e\/not-here:1 could not be pulled: \S/);
    assert.match(
      ui.errors[0],
      /^Build of shipshape-test\/pull:1 failed at line 3: The base image shipshape-e2e\/not-here:1 could not be pulled: /,
    );
  });

  it('asks for a build when the image is not there', async (t) => {
    if (skip(t)) return;
    const { ui, seen } = recordingUi();
    const outcome = await runImageFlow(runDeps(ui, { lastBuiltTag: () => 'shipshape-test/never-built:1' }));
    assert.deepEqual(outcome, {
      status: 'failed',
      message:
        'shipshape-test/never-built:1 is not an image of this docker engine: build it first (Shipshape: Build Image) or pull it.',
    });
    assert.deepEqual(seen.asked, ['image shipshape-test/never-built:1']);
  });
});
