// Apply's dead ends a user met: it sent a manifest with Shipshape's own errors to the cluster without a word (Build
// Image asks first), and with no kube context it said "pick one from the status bar" where there was none.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { applyFlow, KUBECONFIG_DOCS, type ApplyDeps } from '../../client/src/kube/flow';
import type { ObjectError } from '../../client/src/kube/output';
import type { RunOptions, RunResult } from '../../client/src/process/run';
import { FakeDiagnostics, FakeLog, fakeApplyUi } from '../helpers/client-fakes';

function deps(ui: ApplyDeps['ui'], overrides: Partial<ApplyDeps> = {}) {
  const calls: string[][] = [];
  const run = async (options: RunOptions): Promise<RunResult> => {
    calls.push([...options.args]);
    return { code: 0, signal: null, stdout: '', stderr: '', cancelled: false, timedOut: false };
  };
  const applyDeps: ApplyDeps = {
    ui,
    file: '/ws/web.yaml',
    text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n',
    kubectl: 'kubectl',
    kubeContext: () => ({ context: 'dev', namespace: 'shop', contexts: ['dev'], files: [] }),
    protectedContexts: [],
    log: new FakeLog(),
    diagnostics: new FakeDiagnostics<ObjectError>(),
    run,
    ...overrides,
  };
  return { deps: applyDeps, calls };
}

const ERRORS = [
  { line: 0, message: 'apps/v1beta1 no longer serves Deployment', code: 'k8s/api-version' },
  { line: 5, message: 'spec.replicas: expected integer, found string "3"', code: 'k8s/schema-type' },
];

describe("Apply looks at Shipshape's errors first", () => {
  it('asks "Apply anyway?", listing them; declined, nothing reaches kubectl', async () => {
    const ui = fakeApplyUi({ applyAnyway: false });
    const { deps: declined, calls } = deps(ui, { lintErrors: async () => ({ count: 2, listed: ERRORS }) });
    assert.deepEqual(await applyFlow(declined), { status: 'aborted', reason: 'lint errors' });
    assert.deepEqual(calls, []);
    assert.deepEqual(ui.confirmations, [
      'Shipshape reports 2 errors in web.yaml. Apply anyway? line 1: apps/v1beta1 no longer serves Deployment [k8s/api-version]\n' +
        'line 6: spec.replicas: expected integer, found string "3" [k8s/schema-type]',
    ]);
  });

  it('goes on to the dry run when the user says "Apply anyway"', async () => {
    const ui = fakeApplyUi({ applyAnyway: true, apply: false });
    const { deps: anyway, calls } = deps(ui, { lintErrors: async () => ({ count: 2, listed: ERRORS }) });
    assert.deepEqual(await applyFlow(anyway), { status: 'aborted', reason: 'declined' });
    assert.equal(calls[0][0], 'apply');
    assert.ok(calls[0].includes('--dry-run=server'), calls[0].join(' '));
  });

  it('lists at most five, and counts the ones it cannot list (a file that is not open)', async () => {
    const many = Array.from({ length: 7 }, (_, index) => ({ line: index, message: `error ${index}` }));
    const listedUi = fakeApplyUi({});
    await applyFlow(deps(listedUi, { lintErrors: async () => ({ count: 7, listed: many }) }).deps);
    assert.match(listedUi.confirmations[0], /line 5: error 4\nand 2 more \(see the Problems panel\)$/);
    const closedUi = fakeApplyUi({});
    await applyFlow(deps(closedUi, { lintErrors: async () => ({ count: 3, listed: [] }) }).deps);
    assert.deepEqual(closedUi.confirmations, [
      'Shipshape reports 3 errors in web.yaml. Apply anyway? 3 more (see the Problems panel)',
    ]);
  });

  it('asks nothing when there are none', async () => {
    const ui = fakeApplyUi({ apply: false });
    await applyFlow(deps(ui, { lintErrors: async () => ({ count: 0, listed: [] }) }).deps);
    assert.equal(ui.confirmations.length, 1);
    assert.match(ui.confirmations[0], /^Apply web\.yaml to context "dev"/);
  });
});

describe('Apply without a kube context', () => {
  it('says what a kubeconfig is and where kubectl looks for it, with its documentation, when there is none', async () => {
    const ui = fakeApplyUi({});
    const { deps: none, calls } = deps(ui, {
      kubeContext: () => ({ context: undefined, namespace: 'default', contexts: [], files: [] }),
    });
    const outcome = await applyFlow(none);
    assert.equal(outcome.status === 'failed' && outcome.failure.kind, 'no-context');
    assert.deepEqual(calls, []);
    assert.equal(ui.errors.length, 1);
    assert.match(
      ui.errors[0],
      /^No Kubernetes context: kubectl finds no kubeconfig with a context \(it reads the files in KUBECONFIG, else ~\/\.kube\/config\)\. /,
    );
    assert.ok(ui.errors[0].endsWith(`[${KUBECONFIG_DOCS}]`));
    assert.doesNotMatch(ui.errors[0], /status bar/, 'the status bar has nothing to pick from');
  });

  it('points at the status bar only when there are contexts to pick from', async () => {
    const ui = fakeApplyUi({});
    await applyFlow(
      deps(ui, {
        kubeContext: () => ({ context: undefined, namespace: 'default', contexts: ['kind-dev', 'prod'], files: [] }),
      }).deps,
    );
    assert.match(
      ui.errors[0],
      /has 2 contexts but none is current\. Pick one from the status bar \(Shipshape: Switch Kubernetes Context\)\./,
    );
  });
});
