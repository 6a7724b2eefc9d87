import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

/**
 * The kubectl behind `shipshape.kubernetes.version: auto` waits for the first diagnostics (extension.ts): it and a
 * cloud kubeconfig's auth plugin cost CPU the language server's start needs more.
 */
describe('auto: kubectl is asked only once the gate settles', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'shipshape-kube-gate-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('runs no kubectl before the first diagnostics, then asks once', async () => {
    const kubeconfig = join(scratch, 'config');
    writeFileSync(
      kubeconfig,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]',
        'users: [{name: u, user: {token: x}}]',
        'contexts: [{name: dev, context: {cluster: c, user: u}}]',
        'current-context: dev',
        '',
      ].join('\n'),
    );
    const settings: Record<string, string> = {
      'kubernetes.version': 'auto',
      // Nothing runs: the answer is "could not be started", which is an answer all the same.
      'kubectl.path': join(scratch, 'no-kubectl'),
    };
    const fake = {
      workspace: {
        isTrusted: true,
        getConfiguration: () => ({ get: (key: string) => settings[key] }),
        createFileSystemWatcher: () => ({ onDidChange() {}, onDidCreate() {}, onDidDelete() {}, dispose() {} }),
      },
      window: {
        showWarningMessage: async () => undefined,
        createStatusBarItem: () => ({ text: '', show() {}, dispose() {} }),
      },
      commands: { registerCommand: () => ({ dispose() {} }) },
      Uri: { file: (fsPath: string) => ({ fsPath }) },
      RelativePattern: class {},
      StatusBarAlignment: { Left: 1 },
    };
    const saved = process.env.KUBECONFIG;
    process.env.KUBECONFIG = kubeconfig;
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
      const log: string[] = [];
      const output = { info: (m: string) => log.push(m), warn: (m: string) => log.push(m), append() {} };
      const asked = () => log.filter((line) => line.startsWith('Asking the server of context "dev"')).length;
      const target = new KubernetesVersionTarget(output as never);
      let open = (): void => undefined;
      target.askAfter(new Promise<void>((resolve) => (open = resolve)));
      const answered = new Promise((resolve) => target.onDidChange(resolve));
      registerKubeStatus({ subscriptions: [] } as never, output as never, target);
      // Whatever runs on its own (the refresh, the cache's promise) has run: still nothing asked.
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(asked(), 0, 'kubectl waits for the gate');
      open();
      await answered;
      assert.equal(asked(), 1);
      assert.equal(target.current().version, '1.36', 'no answer: the newest bundled');
    } finally {
      Module._load = load;
      if (saved === undefined) delete process.env.KUBECONFIG;
      else process.env.KUBECONFIG = saved;
    }
  });
});
