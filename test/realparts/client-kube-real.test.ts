import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { applyFlow, type ApplyDeps } from '../../client/src/kube/flow';
import { kubeconfigPaths, readKubeContext } from '../../client/src/kube/kubeconfig';
import type { ObjectError } from '../../client/src/kube/output';
import { FakeDiagnostics, FakeLog, fakeApplyUi } from '../helpers/client-fakes';
import { apiServerForSuite, type SuiteApiServer } from '../helpers/kubeApiServer';

/**
 * Apply to Current Context against a real Kubernetes API server (kube-apiserver built from Debian's source, with
 * etcd, on loopback; started by the test) and the kubectl on PATH.
 */

/** The suite's API server (apiServerForSuite: started in the describe's before, stopped in its after). */
let api: SuiteApiServer;
const workspace = mkdtempSync(join(tmpdir(), 'shipshape-apply-'));
const folder = join(workspace, `k8s, "prod" $NS; it's`);
mkdirSync(folder, { recursive: true });

const CONFIGMAP = (name: string, value: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  value: "${value}"\n`;
const DEPLOYMENT = (name: string, replicas: number | string) =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    `  replicas: ${replicas}`,
    '  selector:',
    `    matchLabels: {app: ${name}}`,
    '  template:',
    '    metadata:',
    `      labels: {app: ${name}}`,
    '    spec:',
    '      containers:',
    `        - name: ${name}`,
    '          image: registry.local/web:1.0',
    '',
  ].join('\n');
const SERVICE = (name: string) =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector: {app: ${name}}\n  ports:\n    - port: 80\n      protocol: TCP\n`;

function kubeconfigVariant(name: string, edit: (text: string) => string): string {
  const file = join(workspace, name);
  writeFileSync(file, edit(readFileSync(api.server!.kubeconfigPath, 'utf8')));
  return file;
}

function deps(
  file: string,
  ui: ApplyDeps['ui'],
  options: { kubeconfig?: string; kubectl?: string; protectedContexts?: string[] } = {},
) {
  const env = { ...process.env, KUBECONFIG: options.kubeconfig ?? api.server?.kubeconfigPath ?? '' };
  const result: ApplyDeps & { log: FakeLog; diagnostics: FakeDiagnostics<ObjectError> } = {
    ui,
    file,
    text: readFileSync(file, 'utf8'),
    kubectl: options.kubectl ?? 'kubectl',
    kubeContext: () => readKubeContext(kubeconfigPaths(env, homedir()), (path) => readFileSync(path, 'utf8')),
    protectedContexts: options.protectedContexts ?? ['prod', 'production'],
    log: new FakeLog(),
    diagnostics: new FakeDiagnostics<ObjectError>(),
    env,
    rolloutTimeout: '60s',
  };
  return result;
}

function manifest(name: string, text: string): string {
  const file = join(folder, name);
  writeFileSync(file, text);
  return file;
}

function kubectl(args: string[]): string {
  return execFileSync('kubectl', args, {
    env: { ...process.env, ...api.server?.env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

describe('Apply to Current Context against a real API server', () => {
  api = apiServerForSuite();
  const { skip } = api;
  after(() => rmSync(workspace, { recursive: true, force: true }));

  it('applies a multi-document file: created, then unchanged, then configured, with a diff per object', async (t) => {
    if (skip(t)) return;
    const file = manifest('app.yaml', [CONFIGMAP('settings', '1'), DEPLOYMENT('web', 1), SERVICE('web')].join('---\n'));

    const first = fakeApplyUi({});
    const created = await applyFlow(deps(file, first));
    assert.equal(created.status, 'applied', first.errors.join('\n'));
    assert.deepEqual(
      created.status === 'applied' &&
        created.applied.map((item) => `${item.resource}/${item.name} ${item.status} doc${item.object?.document}`),
      ['configmap/settings created doc0', 'deployment.apps/web created doc1', 'service/web created doc2'],
    );
    assert.deepEqual(first.confirmations, [
      `Apply app.yaml to context "shipshape-test", namespace "default"? 3 to create, 0 to change, 0 unchanged (3 objects in app.yaml).`,
    ]);
    assert.deepEqual(
      first.diffs.map((diff) => [diff.kind, diff.name, diff.created, diff.live]),
      [
        ['ConfigMap', 'settings', true, ''],
        ['Deployment', 'web', true, ''],
        ['Service', 'web', true, ''],
      ],
    );
    assert.match(first.diffs[0].merged, /^ {2}value: "1"$/m);
    assert.deepEqual(first.asked, ['watch web'], 'Watch rollout is offered for the Deployment');

    const second = fakeApplyUi({});
    const unchanged = await applyFlow(deps(file, second));
    assert.deepEqual(unchanged.status === 'applied' && unchanged.applied.map((item) => item.status), [
      'unchanged',
      'unchanged',
      'unchanged',
    ]);
    assert.deepEqual(second.diffs, []);
    assert.match(second.confirmations[0], /0 to create, 0 to change, 3 unchanged/);
    assert.deepEqual(second.asked, [], 'no rollout to watch when nothing changed');

    writeFileSync(file, [CONFIGMAP('settings', '2'), DEPLOYMENT('web', 1), SERVICE('web')].join('---\n'));
    const third = fakeApplyUi({});
    const configured = await applyFlow(deps(file, third));
    assert.deepEqual(configured.status === 'applied' && configured.applied.map((item) => item.status), [
      'configured',
      'unchanged',
      'unchanged',
    ]);
    assert.deepEqual(
      third.diffs.map((diff) => [diff.kind, diff.name, diff.created]),
      [['ConfigMap', 'settings', false]],
    );
    assert.match(third.diffs[0].live, /^ {2}value: "1"$/m);
    assert.match(third.diffs[0].merged, /^ {2}value: "2"$/m);
    assert.equal(kubectl(['get', 'configmap', 'settings', '-o', 'jsonpath={.data.value}']), '2');
  });

  it('runs only a server-side dry run until the user confirms', async (t) => {
    if (skip(t)) return;
    const file = manifest('dry.yaml', CONFIGMAP('dry-only', 'x'));
    const ui = fakeApplyUi({ apply: false });
    const outcome = await applyFlow(deps(file, ui));
    assert.deepEqual(outcome, { status: 'aborted', reason: 'declined' });
    assert.deepEqual(
      ui.diffs.map((diff) => diff.name),
      ['dry-only'],
    );
    assert.match(ui.diffs[0].merged, /name: dry-only/);
    assert.throws(() => kubectl(['get', 'configmap', 'dry-only']), /NotFound|not found/);
  });

  it('puts the API server errors on the right documents and applies nothing', async (t) => {
    if (skip(t)) return;
    const file = manifest(
      'rejected.yaml',
      [CONFIGMAP('fine', '1'), DEPLOYMENT('bad-web', -1), CONFIGMAP('Bad_Name', '1')].join('---\n'),
    );
    const ui = fakeApplyUi({});
    const applied = deps(file, ui);
    const outcome = await applyFlow(applied);
    assert.equal(outcome.status, 'rejected');
    const errors = applied.diagnostics.byFile.get(file) ?? [];
    assert.deepEqual(
      errors.map((error) => [error.object?.document, error.object?.name, error.range?.start.line]),
      [
        [1, 'bad-web', 12],
        [2, 'Bad_Name', 26],
      ],
    );
    assert.match(errors[0].message, /spec\.replicas: Invalid value: -1: must be greater than or equal to 0/);
    assert.match(
      ui.errors[0],
      /^The server-side dry run failed on shipshape-test: .*spec\.replicas.* \(Deployment bad-web, document 2\) \(and 1 more\)$/,
    );
    assert.deepEqual(ui.confirmations, [], 'no confirmation after a failed dry run');
    assert.throws(() => kubectl(['get', 'configmap', 'fine']), /NotFound|not found/);
  });

  it('asks for the context name on protected contexts', async (t) => {
    if (skip(t)) return;
    const kubeconfig = kubeconfigVariant('prod-kubeconfig', (text) =>
      text.replaceAll('shipshape-test', 'shipshape-production'),
    );
    const file = manifest('protected.yaml', CONFIGMAP('guarded', '1'));

    const wrong = fakeApplyUi({ typed: 'shipshape-prod' });
    assert.deepEqual(await applyFlow(deps(file, wrong, { kubeconfig })), {
      status: 'aborted',
      reason: 'context name not confirmed',
    });
    assert.deepEqual(wrong.asked, ['type shipshape-production']);
    assert.match(wrong.confirmations[0], /context "shipshape-production", namespace "default"/);
    assert.throws(() => kubectl(['get', 'configmap', 'guarded']), /NotFound|not found/);

    const right = fakeApplyUi({ typed: 'shipshape-production' });
    const outcome = await applyFlow(deps(file, right, { kubeconfig }));
    assert.deepEqual(outcome.status === 'applied' && outcome.applied.map((item) => item.status), ['created']);

    const unprotected = fakeApplyUi({});
    await applyFlow(deps(file, unprotected, { kubeconfig, protectedContexts: ['live'] }));
    assert.deepEqual(unprotected.asked, [], 'no typed confirmation when no pattern matches');
  });

  it('watches a rollout and cancels the watch', async (t) => {
    if (skip(t)) return;
    // A bare API server has no controllers: the rollout never finishes, so the watch runs until cancelled.
    const file = manifest('rollout.yaml', DEPLOYMENT('watched', 1));
    const ui = fakeApplyUi({
      watch: true,
      onProgress: (cancellation, title) => {
        if (title === 'Watching the rollout') setTimeout(() => cancellation.cancel(), 1500);
      },
    });
    const applied = deps(file, ui);
    const started = Date.now();
    const outcome = await applyFlow(applied);
    assert.equal(outcome.status === 'applied' && outcome.rollout, 'cancelled');
    assert.ok(Date.now() - started < 20_000);
    assert.match(applied.log.output, /Waiting for deployment/);
  });

  it('says the cluster is unreachable', async (t) => {
    if (skip(t)) return;
    const kubeconfig = kubeconfigVariant('unreachable', (text) =>
      text.replace(/server: https:\/\/127\.0\.0\.1:\d+/, 'server: https://127.0.0.1:1'),
    );
    const ui = fakeApplyUi({});
    const outcome = await applyFlow(deps(manifest('unreachable.yaml', CONFIGMAP('x', '1')), ui, { kubeconfig }));
    assert.equal(outcome.status === 'failed' && outcome.failure.kind, 'cluster-unreachable');
    assert.deepEqual(ui.errors, [
      "The cluster is unreachable (https://127.0.0.1:1): check the network, VPN or the context's server address.",
    ]);
  });

  it('says kubectl is missing', async () => {
    const ui = fakeApplyUi({});
    const kubeconfig = join(workspace, 'minimal-kubeconfig');
    writeFileSync(
      kubeconfig,
      'apiVersion: v1\nkind: Config\ncurrent-context: dev\ncontexts:\n- name: dev\n  context: {cluster: dev}\n',
    );
    const missing = join(workspace, 'no-such-kubectl');
    const outcome = await applyFlow(
      deps(manifest('nokubectl.yaml', CONFIGMAP('x', '1')), ui, { kubeconfig, kubectl: missing }),
    );
    assert.equal(outcome.status === 'failed' && outcome.failure.kind, 'cli-missing');
    assert.deepEqual(ui.errors, [
      `kubectl is not installed (or not on PATH: tried "${missing}"); install it or set shipshape.kubectl.path.`,
    ]);
  });
});
