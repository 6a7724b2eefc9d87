import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

/**
 * The kube context status bar item, loaded with a small stand-in for the `vscode` module (the real-VS-Code tests
 * live elsewhere): it reads the kubeconfig kubectl would use (KUBECONFIG with several files), follows changes
 * reported by the file watcher, and switches context with the real kubectl.
 */

type Listener = () => void;
const handlers = new Map<string, (...args: unknown[]) => unknown>();
const watchers: Array<{ pattern: { base: string; pattern: string }; change: Listener[] }> = [];
const statusItems: Array<{ text: string; tooltip?: string; command?: string; shown: boolean }> = [];
let quickPickAnswer: string | undefined;
let quickPickItems: string[] = [];
const errors: string[] = [];
const textListeners: Array<(text: string) => void> = [];
const nextText = () => new Promise<string>((resolve) => textListeners.push(resolve));

const fakeVscode = {
  workspace: {
    isTrusted: true,
    createFileSystemWatcher(pattern: { base: string; pattern: string }) {
      const watcher = { pattern, change: [] as Listener[] };
      watchers.push(watcher);
      const on = (listener: Listener) => {
        watcher.change.push(listener);
        return { dispose() {} };
      };
      return { onDidChange: on, onDidCreate: on, onDidDelete: on, dispose() {} };
    },
  },
  window: {
    createStatusBarItem() {
      let text = '';
      const item = {
        shown: false,
        get text() {
          return text;
        },
        set text(value: string) {
          text = value;
          for (const listener of textListeners.splice(0)) listener(value);
        },
        show() {
          item.shown = true;
        },
        dispose() {},
      };
      statusItems.push(item);
      return item;
    },
    async showQuickPick(items: Array<{ label: string }>) {
      quickPickItems = items.map((item) => item.label);
      return items.find((item) => item.label === quickPickAnswer);
    },
    async showErrorMessage(message: string) {
      errors.push(message);
      return undefined;
    },
  },
  commands: {
    registerCommand(id: string, handler: (...args: unknown[]) => unknown) {
      handlers.set(id, handler);
      return { dispose() {} };
    },
  },
  Uri: { file: (fsPath: string) => ({ fsPath, scheme: 'file' }) },
  RelativePattern: class {
    base: string;
    constructor(
      base: { fsPath: string },
      readonly pattern: string,
    ) {
      this.base = base.fsPath;
    }
  },
  StatusBarAlignment: { Left: 1, Right: 2 },
};

const dir = mkdtempSync(join(tmpdir(), 'shipshape-kubeconfig-'));
const first = join(dir, 'first config');
const second = join(dir, 'second');
const kubeconfig = (current: string | undefined, contexts: Array<[string, string?]>) =>
  [
    'apiVersion: v1',
    'kind: Config',
    ...(current ? [`current-context: ${current}`] : []),
    'clusters:\n- name: c\n  cluster: {server: "https://127.0.0.1:1"}',
    'users:\n- name: u\n  user: {token: NEVER-SHOWN}',
    'contexts:',
    ...contexts.map(
      ([name, namespace]) =>
        `- name: ${name}\n  context: {cluster: c, user: u${namespace ? `, namespace: ${namespace}` : ''}}`,
    ),
    '',
  ].join('\n');

const log: string[] = [];
const output = {
  info: (m: string) => log.push(m),
  warn: (m: string) => log.push(m),
  error: (m: string) => log.push(m),
  append: (m: string) => log.push(m),
  show() {},
};

describe('kube context status bar', () => {
  let savedKubeconfig: string | undefined;
  let kubectlMissing: string | undefined;
  before(() => {
    savedKubeconfig = process.env.KUBECONFIG;
    process.env.KUBECONFIG = `${first}:${second}`;
    writeFileSync(first, kubeconfig('dev', [['dev', 'shop']]));
    writeFileSync(second, kubeconfig('ignored', [['staging'], ['dev', 'not-this-one']]));
    try {
      execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    } catch {
      kubectlMissing = 'kubectl is not on PATH';
    }
    // The module under test asks for 'vscode' and for the configuration: give it the stand-in.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- Module._load is reached only through require
    const Module = require('node:module') as { _load: (request: string, ...rest: unknown[]) => unknown };
    const load = Module._load;
    Module._load = function (request: string, ...rest: unknown[]) {
      if (request === 'vscode') {
        return {
          ...fakeVscode,
          workspace: { ...fakeVscode.workspace, getConfiguration: () => ({ get: () => undefined }) },
        };
      }
      return load.call(this, request, ...rest);
    };
    const { registerKubeStatus } =
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the stand-in is in place
      require('../../client/src/vscode/kubeStatus') as typeof import('../../client/src/vscode/kubeStatus');
    Module._load = load;
    registerKubeStatus({ subscriptions: [] } as never, output as never);
  });
  after(() => {
    if (savedKubeconfig === undefined) delete process.env.KUBECONFIG;
    else process.env.KUBECONFIG = savedKubeconfig;
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the current context and its namespace from the merged KUBECONFIG', () => {
    assert.equal(statusItems.length, 1);
    assert.equal(statusItems[0].text, '$(cloud) dev: shop');
    assert.equal(statusItems[0].command, 'shipshape.switchKubeContext');
    assert.equal(statusItems[0].shown, true);
    assert.deepEqual(
      watchers.map((watcher) => [watcher.pattern.base, watcher.pattern.pattern]),
      [
        [dir, 'first config'],
        [dir, 'second'],
      ],
    );
  });

  it('updates when a kubeconfig changes', async () => {
    writeFileSync(first, kubeconfig(undefined, [['dev', 'shop']]));
    writeFileSync(second, kubeconfig('staging', [['staging', 'qa']]));
    const refreshed = nextText();
    for (const watcher of watchers) watcher.change.forEach((listener) => listener());
    assert.equal(await refreshed, '$(cloud) staging: qa');
  });

  it('switches context on click with kubectl, in the file kubectl chooses', async (t) => {
    if (kubectlMissing) return t.skip(kubectlMissing);
    quickPickAnswer = 'dev';
    await handlers.get('shipshape.switchKubeContext')?.();
    assert.deepEqual(quickPickItems, ['dev', 'staging']);
    assert.deepEqual(errors, []);
    assert.equal(statusItems[0].text, '$(cloud) dev: shop');
    assert.match(readFileSync(first, 'utf8'), /current-context: dev/);
    assert.doesNotMatch(log.join('\n'), /NEVER-SHOWN/);
  });
});
