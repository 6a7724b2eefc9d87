import * as path from 'node:path';
import type { FlowLog } from '../build/flow';
import { classifyKubectlFailure, type Failure } from '../process/errors';
import { formatCommandLine, LaunchError, runProcess, type CancelSignal, type RunResult } from '../process/run';
import { KUBECTL_EXTERNAL_DIFF, kubectlApplyArgs, kubectlDiffArgs, kubectlRolloutStatusArgs } from './args';
import { isProtectedContext, type KubeContextInfo } from './kubeconfig';
import { parseManifest, type ManifestObject } from './manifest';
import {
  deploymentShape,
  describePods,
  kubectlPodEventsArgs,
  kubectlPodsArgs,
  parsePods,
  problemErrors,
  rolloutProblems,
  type PodState,
} from './pods';
import {
  mapKubectlErrors,
  parseApplyOutput,
  parseKubectlDiff,
  type AppliedObject,
  type ObjectDiff,
  type ObjectError,
} from './output';

/** Everything Apply asks the user, injected so the flow runs without VS Code. */
export interface ApplyUi {
  /** Shows what will change (one diff view per changed object). */
  showDiffs(diffs: readonly ObjectDiff[], title: string): Promise<void>;
  /** A modal question naming the context and namespace: true for "Apply". */
  confirmApply(message: string, detail: string): Promise<boolean>;
  /** For protected contexts: the user types the context's name (undefined when dismissed). */
  inputContextName(context: string): Promise<string | undefined>;
  /** Runs task under a progress notification; with cancellable (default true) its Cancel fires the token. */
  withProgress<T>(
    title: string,
    task: (token: CancelSignal) => Promise<T>,
    options?: { cancellable?: boolean },
  ): Promise<T>;
  /** Shipshape reports errors in the manifest: true for "Apply anyway" (the message lists them). */
  confirmDespiteLintErrors(message: string, detail: string): Promise<boolean>;
  /** No current context: explains the kubeconfig and offers its documentation. */
  showNoContext(message: string, docsUrl: string): void;
  /** Offers "Watch rollout" for the Deployments just applied: true to watch. */
  offerWatchRollout(message: string, deployments: readonly string[]): Promise<boolean>;
  showError(message: string): void;
  showInfo(message: string): void;
}

export interface ApplyDeps {
  ui: ApplyUi;
  /** The manifest on disk (saved) and its text. */
  file: string;
  text: string;
  kubectl: string;
  kubeContext(): KubeContextInfo;
  protectedContexts: readonly string[];
  log: FlowLog;
  diagnostics: { set(file: string, errors: readonly ObjectError[]): void; clear(file: string): void };
  /**
   * The errors Shipshape itself reports on the manifest, looked at before anything is sent: how many, and those it
   * can list (all of them when the file is open in the editor).
   */
  lintErrors?(file: string): Promise<{ count: number; listed: readonly LintError[] }>;
  env?: NodeJS.ProcessEnv;
  run?: typeof runProcess;
  rolloutTimeout?: string;
  /** How often Watch rollout looks at the pods while kubectl waits (ms; default 5000). */
  podPollMs?: number;
}

export type ApplyOutcome =
  | { status: 'applied'; context: string; applied: AppliedObject[]; errors: ObjectError[]; rollout?: RolloutOutcome }
  | { status: 'rejected'; stage: 'dry-run' | 'apply'; errors: ObjectError[] }
  | { status: 'failed'; failure: Failure }
  | { status: 'cancelled' }
  /** Nothing to apply, or the user said no. */
  | { status: 'aborted'; reason: string };

export type RolloutOutcome = 'complete' | 'failed' | 'cancelled';

/** One of Shipshape's own findings on the manifest; `line` 0-based, `message` without the rule id. */
export interface LintError {
  line: number;
  message: string;
  code?: string;
}

/** Where the kubeconfig is explained (what it is, where kubectl looks for it). */
export const KUBECONFIG_DOCS = 'https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/';
/** How many of Shipshape's errors the "Apply anyway?" question lists before "and N more". */
const LISTED_LINT_ERRORS = 5;

/** Apply to Current Context: server-side dry run, diff, confirmation, apply, per-object report. */
export async function applyFlow(deps: ApplyDeps): Promise<ApplyOutcome> {
  const { ui, log } = deps;
  const objects = parseManifest(deps.text);
  if (objects.length === 0) {
    ui.showError(`${path.basename(deps.file)} has no Kubernetes objects (no document with a kind).`);
    return { status: 'aborted', reason: 'no objects' };
  }
  const kube = deps.kubeContext();
  if (kube.context === undefined) {
    const message =
      kube.contexts.length === 0
        ? 'No Kubernetes context: kubectl finds no kubeconfig with a context (it reads the files in KUBECONFIG, else ~/.kube/config). ' +
          "Your cluster's tools write one (e.g. `aws eks update-kubeconfig`, `gcloud container clusters get-credentials`, `kind create cluster`)."
        : `No current Kubernetes context: the kubeconfig (KUBECONFIG, else ~/.kube/config) has ${kube.contexts.length} context${kube.contexts.length === 1 ? '' : 's'} but none is current. Pick one from the status bar (Shipshape: Switch Kubernetes Context).`;
    ui.showNoContext(message, KUBECONFIG_DOCS);
    return { status: 'failed', failure: { kind: 'no-context', message } };
  }
  // Shipshape's own errors first, as Build Image does: the API server would reject most of them anyway.
  const lint = (await deps.lintErrors?.(deps.file)) ?? { count: 0, listed: [] };
  if (lint.count > 0) {
    const shown = lint.listed.slice(0, LISTED_LINT_ERRORS);
    const listed = shown.map(
      (error) => `line ${error.line + 1}: ${error.message}${error.code ? ` [${error.code}]` : ''}`,
    );
    const more =
      lint.count > shown.length
        ? [`${shown.length > 0 ? 'and ' : ''}${lint.count - shown.length} more (see the Problems panel)`]
        : [];
    const question = `Shipshape reports ${lint.count} error${lint.count === 1 ? '' : 's'} in ${path.basename(deps.file)}. Apply anyway?`;
    if (!(await ui.confirmDespiteLintErrors(question, [...listed, ...more].join('\n'))))
      return { status: 'aborted', reason: 'lint errors' };
  }
  const context = kube.context;
  const where = `context "${context}", namespace "${kube.namespace}"`;
  deps.diagnostics.clear(deps.file);

  const kubectl = (
    args: string[],
    token?: CancelSignal,
    env?: NodeJS.ProcessEnv,
    quiet = false,
  ): Promise<RunResult> => {
    log.info(formatCommandLine(deps.kubectl, args));
    return (deps.run ?? runProcess)({
      command: deps.kubectl,
      args,
      cwd: path.dirname(deps.file),
      env: { ...(deps.env ?? process.env), ...env },
      token,
      // A diff holds whole objects (annotations with last-applied Secrets included): it goes to the diff view only.
      onOutput: (chunk, stream) => (quiet && stream === 'stdout' ? undefined : log.append(chunk)),
    });
  };
  const failed = (error: unknown, stderr = ''): ApplyOutcome => {
    const failure = classifyKubectlFailure(deps.kubectl, error, stderr);
    log.error(failure.message);
    ui.showError(failure.message);
    return { status: 'failed', failure };
  };
  const rejected = (stage: 'dry-run' | 'apply', stderr: string): ApplyOutcome | undefined => {
    const errors = mapKubectlErrors(stderr, objects);
    // Errors about no object in the file (a usage error, say) are kubectl's, not the server's verdict on the file.
    if (!errors.some((error) => error.object !== undefined)) return undefined;
    deps.diagnostics.set(deps.file, errors);
    const first = errors[0];
    const doc = first.object
      ? ` (${first.object.kind} ${first.object.name ?? ''}, document ${first.object.document + 1})`
      : '';
    ui.showError(
      `${stage === 'dry-run' ? 'The server-side dry run failed' : 'Apply failed'} on ${context}: ${first.message}${doc}` +
        (errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''),
    );
    return { status: 'rejected', stage, errors };
  };

  // 1. Server-side dry run and diff: the API server validates and merges, nothing is persisted.
  type Preview = { cancelled: true } | { cancelled: false; dryRun: RunResult; diff?: RunResult };
  let preview: Preview;
  try {
    preview = await ui.withProgress<Preview>(`Server-side dry run on ${context}`, async (token) => {
      const dryRun = await kubectl(kubectlApplyArgs(deps.file, { context }, { dryRun: 'server' }), token);
      if (dryRun.cancelled) return { cancelled: true };
      if (dryRun.code !== 0) return { cancelled: false, dryRun };
      const diff = await kubectl(kubectlDiffArgs(deps.file, { context }), token, { KUBECTL_EXTERNAL_DIFF }, true);
      return diff.cancelled ? { cancelled: true } : { cancelled: false, dryRun, diff };
    });
  } catch (error) {
    if (error instanceof LaunchError) return failed(error);
    throw error;
  }
  if (preview.cancelled) return { status: 'cancelled' };
  const { dryRun, diff } = preview;
  if (dryRun.code !== 0) {
    const failure = classifyKubectlFailure(deps.kubectl, undefined, dryRun.stderr);
    if (failure.kind !== 'failed') return failed(undefined, dryRun.stderr);
    return rejected('dry-run', dryRun.stderr) ?? failed(undefined, dryRun.stderr);
  }
  // kubectl diff: 0 = no changes, 1 = changes, anything else = it could not tell.
  if (diff === undefined || (diff.code !== 0 && diff.code !== 1)) return failed(undefined, diff?.stderr ?? '');
  // kubectl orders its diff by resource; show them in the file's order.
  const position = (item: ObjectDiff): number =>
    objects.find((object) => object.name === item.name && object.kind === item.kind)?.document ??
    Number.MAX_SAFE_INTEGER;
  const diffs = parseKubectlDiff(diff.stdout).sort((a, b) => position(a) - position(b));
  const planned = parseApplyOutput(dryRun.stdout, objects);
  const toCreate = diffs.filter((item) => item.created).length;
  const toChange = diffs.length - toCreate;
  const unchanged = Math.max(0, objects.length - diffs.length);
  log.info(
    `Would change: ${diffs.map((item) => `${item.kind}/${item.name} (${item.created ? 'new' : 'changed'})`).join(', ') || 'nothing'}`,
  );
  if (diffs.length > 0) await ui.showDiffs(diffs, `${path.basename(deps.file)} on ${context}`);

  // 2. Confirmation, naming where it goes; protected contexts need the name typed.
  const otherNamespaces = [
    ...new Set(objects.map((object) => object.namespace).filter((ns): ns is string => !!ns && ns !== kube.namespace)),
  ];
  const detail =
    `${toCreate} to create, ${toChange} to change, ${unchanged} unchanged (${plural(planned.length || objects.length, 'object')} in ${path.basename(deps.file)}).` +
    (otherNamespaces.length > 0 ? ` Some objects set their own namespace: ${otherNamespaces.join(', ')}.` : '');
  if (!(await ui.confirmApply(`Apply ${path.basename(deps.file)} to ${where}?`, detail))) {
    return { status: 'aborted', reason: 'declined' };
  }
  if (isProtectedContext(context, deps.protectedContexts)) {
    const typed = await ui.inputContextName(context);
    if (typed !== context) {
      if (typed !== undefined) ui.showError(`"${typed}" is not "${context}": nothing was applied.`);
      return { status: 'aborted', reason: 'context name not confirmed' };
    }
  }

  // 3. Apply. Not cancellable: stopping kubectl half-way would leave the file half-applied.
  let result: RunResult;
  try {
    result = await ui.withProgress(
      `Applying ${path.basename(deps.file)} to ${context}`,
      () => kubectl(kubectlApplyArgs(deps.file, { context })),
      {
        cancellable: false,
      },
    );
  } catch (error) {
    return failed(error);
  }
  const applied = parseApplyOutput(result.stdout, objects);
  if (result.code !== 0) {
    const failure = classifyKubectlFailure(deps.kubectl, undefined, result.stderr);
    if (failure.kind !== 'failed') return failed(undefined, result.stderr);
    const outcome = rejected('apply', result.stderr);
    if (!outcome || applied.length === 0) return outcome ?? failed(undefined, result.stderr);
    // Some objects went through before the error: report them as well.
    return { status: 'applied', context, applied, errors: outcome.status === 'rejected' ? outcome.errors : [] };
  }
  const summary = applied.map((item) => `${item.resource}/${item.name} ${item.status}`).join(', ');
  log.info(`Applied to ${where}: ${summary}`);

  const deployments = applied.filter(
    (item) => kindIs(item, 'Deployment') && (item.status === 'created' || item.status === 'configured'),
  );
  const message = `Applied to ${context}/${kube.namespace}: ${summary}.`;
  let rollout: RolloutOutcome | undefined;
  if (deployments.length > 0) {
    const names = deployments.map((item) => item.name);
    if (await ui.offerWatchRollout(message, names)) {
      rollout = await watchRollout(
        deps,
        context,
        deployments.map((item) => item.object).filter((o): o is ManifestObject => o !== undefined),
      );
    }
  } else ui.showInfo(message);
  return { status: 'applied', context, applied, errors: [], rollout };
}

function kindIs(item: AppliedObject, kind: string): boolean {
  return item.object?.kind === kind || item.resource.split('.')[0] === kind.toLowerCase();
}

/**
 * `kubectl rollout status` for each Deployment in turn, cancellable (cancel kills kubectl). Meanwhile the rollout's
 * pods are looked at: their states go to the log, and a failure reason (ImagePullBackOff, CrashLoopBackOff,
 * CreateContainerConfigError, Unschedulable) becomes a diagnostic on the manifest line that causes it at once, not
 * when the rollout times out.
 */
export async function watchRollout(
  deps: ApplyDeps,
  context: string,
  deployments: readonly ManifestObject[],
): Promise<RolloutOutcome> {
  const { ui, log } = deps;
  return ui.withProgress<RolloutOutcome>('Watching the rollout', async (token) => {
    const podCounts: string[] = [];
    for (const deployment of deployments) {
      if (!deployment.name) continue;
      const args = kubectlRolloutStatusArgs(
        { name: deployment.name, namespace: deployment.namespace },
        { context },
        { timeout: deps.rolloutTimeout },
      );
      log.info(formatCommandLine(deps.kubectl, args));
      const watcher = new PodWatcher(deps, context, deployment, token);
      let result: RunResult;
      try {
        const status = (deps.run ?? runProcess)({
          command: deps.kubectl,
          args,
          env: deps.env,
          token,
          onOutput: (chunk) => log.append(chunk),
        });
        result = await watcher.pollUntil(status);
      } catch (error) {
        const failure = classifyKubectlFailure(deps.kubectl, error);
        ui.showError(failure.message);
        return 'failed';
      }
      if (result.cancelled) {
        log.info('Rollout watch cancelled (the rollout itself goes on).');
        return 'cancelled';
      }
      const final = await watcher.look();
      if (result.code !== 0) {
        const failure = classifyKubectlFailure(deps.kubectl, undefined, result.stderr);
        const why = watcher.reported.length > 0 ? ` ${watcher.reported[0]}` : '';
        const pods = final && final.length > 0 ? ` Pods: ${describePods(final).join('; ')}.` : '';
        ui.showError(`Rollout of deployment/${deployment.name}: ${failure.message}${why}${pods}`);
        return 'failed';
      }
      watcher.clearReported();
      if (final) podCounts.push(`${deployment.name} (${plural(final.length, 'pod')})`);
    }
    const names = podCounts.length > 0 ? podCounts : deployments.map((deployment) => deployment.name);
    ui.showInfo(`Rollout complete: ${names.join(', ')}.`);
    return 'complete';
  });
}

/** Looks at one Deployment's pods and events while its rollout runs; reports new failure reasons as diagnostics. */
class PodWatcher {
  /** The messages of the failures put on the manifest so far. */
  reported: string[] = [];
  private lastStates = '';
  private lastProblems = '';

  constructor(
    private readonly deps: ApplyDeps,
    private readonly context: string,
    private readonly deployment: ManifestObject,
    private readonly token: CancelSignal,
  ) {}

  /** Polls until `status` settles; returns its result. */
  async pollUntil(status: Promise<RunResult>): Promise<RunResult> {
    let settled = false;
    const done = status.finally(() => {
      settled = true;
    });
    const interval = this.deps.podPollMs ?? 5000;
    while (!settled) {
      await Promise.race([done, new Promise((resolve) => setTimeout(resolve, interval))]);
      if (!settled) await this.look();
    }
    return done;
  }

  /** One look: the pods' states (logged when they change) and their failures (diagnostics when they change). */
  async look(): Promise<PodState[] | undefined> {
    const shape = deploymentShape(this.deployment);
    if (Object.keys(shape.matchLabels).length === 0) return undefined;
    const target = { namespace: this.deployment.namespace, matchLabels: shape.matchLabels };
    const quiet = async (args: string[]): Promise<string | undefined> => {
      try {
        const result = await (this.deps.run ?? runProcess)({
          command: this.deps.kubectl,
          args,
          env: this.deps.env,
          token: this.token,
        });
        return result.code === 0 && !result.cancelled ? result.stdout : undefined;
      } catch {
        return undefined;
      }
    };
    const pods = await quiet(kubectlPodsArgs(target, { context: this.context }));
    if (pods === undefined) return undefined;
    const events = (await quiet(kubectlPodEventsArgs(target, { context: this.context }))) ?? '{"items":[]}';
    const states = parsePods(pods);
    const described = describePods(states).join('\n');
    if (described !== this.lastStates) {
      this.lastStates = described;
      this.deps.log.info(`Pods of deployment/${this.deployment.name}:${described ? `\n${described}` : ' none yet'}`);
    }
    const errors = problemErrors(rolloutProblems(pods, events), this.deployment);
    const key = errors.map((error) => `${error.range?.start.line}|${error.message}`).join('\n');
    if (errors.length > 0 && key !== this.lastProblems) {
      this.lastProblems = key;
      this.reported = errors.map((error) => `Line ${(error.range?.start.line ?? 0) + 1}: ${error.message}`);
      this.deps.diagnostics.set(this.deps.file, errors);
      for (const line of this.reported) this.deps.log.error(line);
      this.deps.ui.showError(`Rollout of deployment/${this.deployment.name}: ${this.reported[0]}`);
    }
    return states;
  }

  /** The rollout completed: its earlier failures are over. */
  clearReported(): void {
    if (this.reported.length > 0) this.deps.diagnostics.clear(this.deps.file);
    this.reported = [];
  }
}

/** `1 object`, `3 objects`. */
function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
