import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { applyFlow, type ApplyDeps } from '../../client/src/kube/flow';
import { kubeconfigPaths, readKubeContext } from '../../client/src/kube/kubeconfig';
import type { ObjectError } from '../../client/src/kube/output';
import { FakeDiagnostics, FakeLog, fakeApplyUi } from '../helpers/client-fakes';
import { apiServerForSuite, type SuiteApiServer } from '../helpers/kubeApiServer';

/**
 * After Apply, Watch rollout shows the pods and turns their failures into diagnostics on the manifest line at fault.
 * The API server here (a real kube-apiserver with etcd, no kubelet, scheduler or controllers) never runs a pod, so
 * the test writes what a kubelet and a scheduler would: Pods with the Deployment's labels, their status through the
 * status subresource (`kubectl patch --subresource=status`), and Warning Events, all through the real API.
 */

/** The suite's API server (apiServerForSuite: started in the describe's before, stopped in its after). */
let api: SuiteApiServer;
const folder = mkdtempSync(join(tmpdir(), 'shipshape-pods-'));

const MANIFEST = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: shop',
  'spec:',
  '  replicas: 4',
  '  selector:',
  '    matchLabels: {app: shop}',
  '  template:',
  '    metadata:',
  '      labels: {app: shop}',
  '    spec:',
  '      securityContext:',
  '        runAsNonRoot: true',
  '      containers:',
  '        - name: web',
  '          image: registry.local/shop:does-not-exist', // line 16 (0-based)
  '          env:',
  '            - name: DB_PASSWORD',
  '              valueFrom:',
  '                secretKeyRef:',
  '                  name: db', // line 21
  '                  key: password',
  '          resources:',
  '            requests:',
  '              cpu: "64"', // line 25
  '              memory: 64Mi',
  '        - name: worker',
  '          image: registry.local/worker:1.0',
  '          command: ["/worker", "--fail"]', // line 29
  '',
].join('\n');

function kubectl(args: string[], input?: string): string {
  return execFileSync('kubectl', args, {
    env: { ...process.env, ...api.server?.env },
    encoding: 'utf8',
    input,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

function pod(name: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: 'shop' } },
    spec: {
      containers: [
        { name: 'web', image: 'registry.local/shop:does-not-exist' },
        { name: 'worker', image: 'registry.local/worker:1.0' },
      ],
    },
  });
}

/** Writes a pod's status as a kubelet would (the status subresource). */
function setStatus(name: string, status: object): void {
  kubectl(['patch', 'pod', name, '--subresource=status', '--type=merge', '--patch', JSON.stringify({ status })]);
}

function waiting(container: string, reasonText: string, message: string, extra: object = {}) {
  return {
    name: container,
    ready: false,
    restartCount: 3,
    image: 'x',
    imageID: '',
    state: { waiting: { reason: reasonText, message } },
    ...extra,
  };
}

describe('Watch rollout: the pods and their failures on the manifest (real API server, pods and events written through it)', () => {
  api = apiServerForSuite();
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('ImagePullBackOff -> image line, CreateContainerConfigError -> the secret reference and runAsNonRoot, CrashLoopBackOff -> command, FailedScheduling -> the cpu request', async (t) => {
    if (api.skip(t)) return;
    // Pods and events first: the Deployment's own pods would carry an owner, but the selector is what finds them.
    for (const name of ['shop-1', 'shop-2', 'shop-3', 'shop-4']) kubectl(['create', '-f', '-'], pod(name));
    setStatus('shop-1', {
      phase: 'Pending',
      containerStatuses: [
        waiting('web', 'ImagePullBackOff', 'Back-off pulling image "registry.local/shop:does-not-exist"'),
        waiting('worker', 'CrashLoopBackOff', 'back-off 40s restarting failed container=worker', {
          lastState: { terminated: { exitCode: 2, reason: 'Error' } },
        }),
      ],
    });
    setStatus('shop-2', {
      phase: 'Pending',
      containerStatuses: [waiting('web', 'CreateContainerConfigError', 'secret "db" not found')],
    });
    setStatus('shop-3', {
      phase: 'Pending',
      containerStatuses: [
        waiting(
          'web',
          'CreateContainerConfigError',
          'container has runAsNonRoot and image will run as root (pod: "shop-3_default(1)", container: web)',
        ),
      ],
    });
    setStatus('shop-4', {
      phase: 'Pending',
      conditions: [
        {
          type: 'PodScheduled',
          status: 'False',
          reason: 'Unschedulable',
          message: '0/3 nodes are available: 3 Insufficient cpu.',
        },
      ],
    });
    kubectl(
      ['create', '-f', '-'],
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: 'shop-4.scheduling' },
        involvedObject: { kind: 'Pod', name: 'shop-4', namespace: 'default' },
        reason: 'FailedScheduling',
        message: '0/3 nodes are available: 3 Insufficient cpu.',
        type: 'Warning',
      }),
    );

    const file = join(folder, 'shop.yaml');
    writeFileSync(file, MANIFEST);
    const env = { ...process.env, KUBECONFIG: api.server!.kubeconfigPath };
    const ui = fakeApplyUi({ watch: true });
    const deps: ApplyDeps & { log: FakeLog; diagnostics: FakeDiagnostics<ObjectError> } = {
      ui,
      file,
      text: readFileSync(file, 'utf8'),
      kubectl: 'kubectl',
      kubeContext: () => readKubeContext(kubeconfigPaths(env, homedir()), (path) => readFileSync(path, 'utf8')),
      protectedContexts: [],
      log: new FakeLog(),
      diagnostics: new FakeDiagnostics<ObjectError>(),
      env,
      // No controllers here: the rollout never progresses, so kubectl gives up after this.
      rolloutTimeout: '4s',
      podPollMs: 300,
    };
    const outcome = await applyFlow(deps);
    assert.equal(outcome.status === 'applied' && outcome.rollout, 'failed', ui.errors.join('\n'));

    const placed = (deps.diagnostics.byFile.get(file) ?? []).map(
      (error) => `${error.range?.start.line}:${error.range?.start.character} ${error.message.split(':')[0]}`,
    );
    assert.deepEqual(
      placed.sort(),
      [
        '16:17 ImagePullBackOff',
        '13:22 CreateContainerConfigError',
        '21:24 CreateContainerConfigError',
        '25:19 Unschedulable',
        '29:10 CrashLoopBackOff',
      ].sort(),
    );
    const text = deps.log.lines.join('\n');
    assert.match(text, /shop-1: Pending 0\/2 ready, ImagePullBackOff/);
    assert.ok(
      ui.errors.some((error) => /Rollout of deployment\/shop: Line \d+: /.test(error)),
      ui.errors.join('\n'),
    );
    assert.ok(
      ui.errors.some((error) => /Pods: shop-1: Pending/.test(error)),
      ui.errors.join('\n'),
    );
  });
});
