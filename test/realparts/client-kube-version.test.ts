import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server as NetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  kubectlVersionArgs,
  parseServerVersion,
  readServerVersion,
  ServerVersionCache,
  targetFor,
  withKubernetesVersion,
  type ServerVersionAnswer,
} from '../../client/src/kube/serverVersion';
import { apiServerForSuite } from '../helpers/kubeApiServer';

/** `shipshape.kubernetes.version: auto`: the client asks the current context's server (`kubectl version -o json`). */
describe('auto: reading the server version', () => {
  it('reads major/minor, a managed cluster\'s "28+", else the gitVersion; nothing from garbage', () => {
    const answer = (serverVersion: object) =>
      JSON.stringify({ clientVersion: { major: '1', minor: '33' }, serverVersion });
    assert.equal(parseServerVersion(answer({ major: '1', minor: '20', gitVersion: 'v1.20.2' })), '1.20');
    assert.equal(parseServerVersion(answer({ major: '1', minor: '28+', gitVersion: 'v1.28.3-eks-4f4795d' })), '1.28');
    assert.equal(parseServerVersion(answer({ gitVersion: 'v1.31.0' })), '1.31');
    assert.equal(parseServerVersion(JSON.stringify({ clientVersion: { major: '1', minor: '33' } })), undefined);
    assert.equal(parseServerVersion('error: You must be logged in'), undefined);
    assert.deepEqual(kubectlVersionArgs('a b; $(x)'), [
      'version',
      '-o',
      'json',
      '--request-timeout=5s',
      '--context',
      'a b; $(x)',
    ]);
  });

  it('asks once per context (and kubeconfig), not at every refresh', async () => {
    const asked: string[] = [];
    const cache = new ServerVersionCache(async (context) => {
      asked.push(context);
      return { version: '1.30' };
    });
    await Promise.all([cache.get('dev'), cache.get('dev'), cache.get('prod'), cache.get('dev')]);
    assert.deepEqual(asked, ['dev', 'prod']);
    cache.clear();
    await cache.get('dev');
    assert.deepEqual(asked, ['dev', 'prod', 'dev']);
  });

  it('turns the setting and the answer into the version sent to the server, the status label and one message', () => {
    assert.deepEqual(targetFor('auto', { version: '1.30' }), {
      version: '1.30',
      label: '1.30',
      source: "the current context's server (Kubernetes 1.30)",
      problem: undefined,
    });
    const old = targetFor('auto', { version: '1.20' });
    assert.equal(old.version, '1.27');
    assert.equal(old.label, '1.20 → 1.27');
    assert.match(
      old.problem ?? '',
      /Kubernetes 1\.20 is older than the oldest version Shipshape has schemas for \(1\.27\): checking against 1\.27/,
    );
    const offline = targetFor('auto', { failure: 'the server of context "dev" did not answer within 8 s' });
    assert.equal(offline.version, '1.36');
    assert.match(
      offline.problem ?? '',
      /checks against Kubernetes 1\.36, the newest it has schemas for: the server of context "dev" did not answer/,
    );
    assert.equal(targetFor('auto', undefined, 'kubectl has no current context').version, '1.36');
    // A version set by hand wins over the server's; a bad one falls back with its own message.
    assert.equal(targetFor('1.29', { version: '1.20' }).version, '1.29');
    const bad = targetFor('1.2x', undefined);
    assert.equal(bad.version, '1.36');
    assert.match(bad.problem ?? '', /setting shipshape\.kubernetes\.version: "1\.2x" is not a Kubernetes version/);
  });

  it('the server receives the target version in place of auto, the other settings as they are', () => {
    assert.deepEqual(
      withKubernetesVersion({ kubernetes: { enable: true, version: 'auto' }, maxFileSizeMB: 3 }, '1.27'),
      {
        kubernetes: { enable: true, version: '1.27' },
        maxFileSizeMB: 3,
      },
    );
    assert.deepEqual(withKubernetesVersion({}, '1.30'), { kubernetes: { version: '1.30' } });
    assert.equal(withKubernetesVersion(null, '1.30'), null);
  });
});

describe('auto against the real kube-apiserver 1.20 of the harness', () => {
  const api = apiServerForSuite();
  const { skip } = api;
  let silent: NetServer | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'shipshape-kube-version-'));
  after(() => {
    silent?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const env = (kubeconfig: string) => ({ ...process.env, KUBECONFIG: kubeconfig });

  it('1.20 is older than the oldest bundled version: checks use 1.27, and the user is told why', async (t) => {
    if (skip(t)) return;
    const answer = await readServerVersion('kubectl', api.server!.context, env(api.server!.kubeconfigPath));
    assert.deepEqual(answer, { version: '1.20' });
    const target = targetFor('auto', answer);
    assert.deepEqual([target.version, target.label], ['1.27', '1.20 → 1.27']);
    assert.equal(
      target.problem,
      "Shipshape: the current context's server: Kubernetes 1.20 is older than the oldest version Shipshape has schemas for (1.27): checking against 1.27.",
    );
  });

  it('a context whose server does not answer: time-boxed, then the newest bundled version with the reason', async (t) => {
    if (skip(t)) return;
    // A server that accepts the connection and never says a word: kubectl would wait for its request timeout.
    silent = createServer(() => {});
    await new Promise<void>((resolve) => silent!.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    const kubeconfig = join(dir, 'silent');
    writeFileSync(
      kubeconfig,
      readFileSync(api.server!.kubeconfigPath, 'utf8').replace(
        /https:\/\/127\.0\.0\.1:\d+/,
        `https://127.0.0.1:${port}`,
      ),
    );
    const started = Date.now();
    const answer: ServerVersionAnswer = await readServerVersion('kubectl', api.server!.context, env(kubeconfig), 1500);
    assert.ok(Date.now() - started < 4000, `answered in ${Date.now() - started} ms`);
    assert.deepEqual(answer, { failure: `the server of context "${api.server!.context}" did not answer within 1.5 s` });
    assert.equal(targetFor('auto', answer).version, '1.36');
    // Nothing listens: kubectl's own error, in a word.
    silent.close();
    const refused = await readServerVersion('kubectl', api.server!.context, env(kubeconfig));
    assert.ok(
      'failure' in refused && /did not answer \(.*(refused|connect)/i.test(refused.failure),
      JSON.stringify(refused),
    );
  });

  it('in the extension: asks once per context, says the fallback once, shows it in the status bar', async (t) => {
    if (skip(t)) return;
    const warnings: string[] = [];
    const log: string[] = [];
    const statusItems: Array<{ text: string; tooltip?: string; show(): void }> = [];
    const fake = {
      workspace: {
        isTrusted: true,
        getConfiguration: () => ({ get: (key: string) => (key === 'kubernetes.version' ? 'auto' : undefined) }),
        createFileSystemWatcher: () => ({ onDidChange() {}, onDidCreate() {}, onDidDelete() {}, dispose() {} }),
      },
      window: {
        showWarningMessage: async (message: string) => void warnings.push(message),
        createStatusBarItem: () => {
          const item = { text: '', tooltip: undefined as string | undefined, show() {}, dispose() {} };
          statusItems.push(item);
          return item;
        },
      },
      commands: { registerCommand: () => ({ dispose() {} }) },
      Uri: { file: (fsPath: string) => ({ fsPath }) },
      RelativePattern: class {},
      StatusBarAlignment: { Left: 1 },
    };
    const saved = process.env.KUBECONFIG;
    process.env.KUBECONFIG = api.server!.kubeconfigPath;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- Module._load is reached only through require
    const Module = require('node:module') as { _load: (request: string, ...rest: unknown[]) => unknown };
    const load = Module._load;
    Module._load = function (request: string, ...rest: unknown[]) {
      return request === 'vscode' ? fake : load.call(this, request, ...rest);
    };
    try {
      const { KubernetesVersionTarget } =
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the stand-in is in place
        require('../../client/src/vscode/kubeVersion') as typeof import('../../client/src/vscode/kubeVersion');
      const { registerKubeStatus } =
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the stand-in is in place
        require('../../client/src/vscode/kubeStatus') as typeof import('../../client/src/vscode/kubeStatus');
      const output = { info: (m: string) => log.push(m), warn: (m: string) => log.push(m), append() {} };
      const target = new KubernetesVersionTarget(output as never);
      assert.equal(target.current().version, '1.36', 'before the answer: the newest bundled');
      const answered = new Promise((resolve) => target.onDidChange(resolve));
      registerKubeStatus({ subscriptions: [] } as never, output as never, target);
      await answered;
      assert.equal(target.current().version, '1.27');
      assert.equal(statusItems[0].text, `$(cloud) ${api.server!.context}: default · 1.20 → 1.27`);
      assert.match(
        statusItems[0].tooltip ?? '',
        /Checks target Kubernetes 1\.27: the current context's server \(Kubernetes 1\.20\)/,
      );
      // Again (a kubeconfig change, a setting change): the cached answer, and no second message.
      const again = new Promise((resolve) => target.onDidChange(resolve));
      target.refresh();
      await again;
      assert.deepEqual(warnings, [
        "Shipshape: the current context's server: Kubernetes 1.20 is older than the oldest version Shipshape has schemas for (1.27): checking against 1.27.",
      ]);
      assert.equal(log.filter((line) => line.startsWith('Asking the server')).length, 1);
    } finally {
      Module._load = load;
      if (saved === undefined) delete process.env.KUBECONFIG;
      else process.env.KUBECONFIG = saved;
    }
  });

  it('a kubectl that is not there: a failure, never a throw', async () => {
    const answer = await readServerVersion('/nonexistent/kubectl', 'dev', process.env);
    assert.deepEqual(answer, { failure: '/nonexistent/kubectl could not be started' });
  });
});
