import type { KubectlTarget } from './args';
import type { LineRange, ManifestObject } from './manifest';
import type { ObjectError } from './output';

/**
 * A rollout's pods and why they fail, from what the API server holds: the pods' status (container states, the
 * PodScheduled condition) and the Warning events about them, the same sources `kubectl describe pod` reads. A failure
 * becomes a diagnostic on the manifest line that causes it, where one can be named: the image for a pull failure,
 * securityContext.runAsNonRoot or the missing Secret/ConfigMap reference for a container config error, the resource
 * requests for an unschedulable pod. Pure: the commands' output comes in as text.
 */

/** `kubectl get pods` of a Deployment's pods (its selector's matchLabels), as JSON. */
export function kubectlPodsArgs(
  deployment: { namespace?: string; matchLabels: Record<string, string> },
  target: KubectlTarget,
): string[] {
  const args = ['get', 'pods', '--context', target.context];
  if (deployment.namespace) args.push('--namespace', deployment.namespace);
  const selector = Object.entries(deployment.matchLabels)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
  args.push('--selector', selector, '--output', 'json');
  return args;
}

/** `kubectl get events` about pods in the namespace, as JSON (filtered to the rollout's pods afterwards). */
export function kubectlPodEventsArgs(deployment: { namespace?: string }, target: KubectlTarget): string[] {
  const args = ['get', 'events', '--context', target.context];
  if (deployment.namespace) args.push('--namespace', deployment.namespace);
  args.push('--field-selector', 'involvedObject.kind=Pod', '--output', 'json');
  return args;
}

export type ProblemKind = 'image' | 'crash' | 'config' | 'unschedulable';

export interface RolloutProblem {
  kind: ProblemKind;
  pod: string;
  container?: string;
  /** The Kubernetes reason: ImagePullBackOff, CrashLoopBackOff, CreateContainerConfigError, Unschedulable, ... */
  reason: string;
  message: string;
}

export interface PodState {
  name: string;
  phase: string;
  ready: number;
  containers: number;
  /** The reason it is not running, when it has one (a waiting container's, or Unschedulable). */
  reason?: string;
}

/** kubelet's waiting reasons, by what they mean (pkg/kubelet/images/types.go, kuberuntime, container/sync_result.go). */
const WAITING: Record<string, ProblemKind> = {
  ImagePullBackOff: 'image',
  ErrImagePull: 'image',
  InvalidImageName: 'image',
  ErrImageNeverPull: 'image',
  CrashLoopBackOff: 'crash',
  CreateContainerConfigError: 'config',
  CreateContainerError: 'config',
  RunContainerError: 'crash',
};

/** The names of a Deployment's containers, in order, and its selector's matchLabels (from the manifest). */
export function deploymentShape(object: ManifestObject): {
  matchLabels: Record<string, string>;
  containers: string[];
  initContainers: string[];
} {
  const value = record(object.value());
  const spec = record(value.spec);
  const matchLabels: Record<string, string> = {};
  for (const [key, label] of Object.entries(record(record(spec.selector).matchLabels)))
    matchLabels[key] = String(label);
  const podSpec = record(record(spec.template).spec);
  const names = (list: unknown): string[] =>
    Array.isArray(list) ? list.map((container) => String(record(container).name ?? '')) : [];
  return { matchLabels, containers: names(podSpec.containers), initContainers: names(podSpec.initContainers) };
}

/** Pods (from `kubectl get pods -o json`) with their states. */
export function parsePods(json: string): PodState[] {
  return items(json).map((pod) => {
    const status = record(pod.status);
    const statuses = [...list(status.initContainerStatuses), ...list(status.containerStatuses)];
    const waiting = statuses.map((container) => record(record(container.state).waiting)).find((w) => w.reason);
    const unscheduled = list(status.conditions).find(
      (condition) => condition.type === 'PodScheduled' && condition.status === 'False',
    );
    const reason = waiting?.reason ?? unscheduled?.reason;
    return {
      name: String(record(pod.metadata).name ?? ''),
      phase: String(status.phase ?? 'Unknown'),
      ready: list(status.containerStatuses).filter((container) => container.ready === true).length,
      containers: Math.max(list(record(pod.spec).containers).length, list(status.containerStatuses).length),
      ...(reason ? { reason: String(reason) } : {}),
    };
  });
}

/** Why the pods fail: their containers' waiting states, unschedulable conditions and Warning events. */
export function rolloutProblems(podsJson: string, eventsJson: string): RolloutProblem[] {
  const problems: RolloutProblem[] = [];
  const add = (problem: RolloutProblem): void => {
    const same = problems.some(
      (known) => known.pod === problem.pod && known.container === problem.container && known.kind === problem.kind,
    );
    if (!same) problems.push(problem);
  };
  const pods = items(podsJson);
  const names = new Set(pods.map((pod) => String(record(pod.metadata).name ?? '')));
  for (const pod of pods) {
    const name = String(record(pod.metadata).name ?? '');
    const status = record(pod.status);
    for (const container of [...list(status.initContainerStatuses), ...list(status.containerStatuses)]) {
      const waiting = record(record(container.state).waiting);
      const kind = typeof waiting.reason === 'string' ? WAITING[waiting.reason] : undefined;
      if (!kind) continue;
      const exit = record(record(container.lastState).terminated);
      const exited = exit.exitCode !== undefined ? ` (last exit code ${String(exit.exitCode)})` : '';
      add({
        kind,
        pod: name,
        container: String(container.name ?? ''),
        reason: String(waiting.reason),
        message: `${String(waiting.message ?? '')}${exited}`.trim(),
      });
    }
    for (const condition of list(status.conditions)) {
      if (condition.type === 'PodScheduled' && condition.status === 'False' && condition.reason === 'Unschedulable')
        add({ kind: 'unschedulable', pod: name, reason: 'Unschedulable', message: String(condition.message ?? '') });
    }
  }
  // Events say it too, and sometimes first (the scheduler's FailedScheduling, the kubelet's Failed pull, BackOff).
  for (const event of items(eventsJson)) {
    const involved = record(event.involvedObject);
    const pod = String(involved.name ?? '');
    if (!names.has(pod) || event.type !== 'Warning') continue;
    const message = String(event.message ?? '');
    const container = /spec\.(?:initC|c)ontainers\{([^}]+)\}/.exec(String(involved.fieldPath ?? ''))?.[1];
    const reason = String(event.reason ?? '');
    if (reason === 'FailedScheduling') add({ kind: 'unschedulable', pod, reason, message });
    else if (reason === 'Failed' && /image/i.test(message)) add({ kind: 'image', pod, container, reason, message });
    else if (reason === 'BackOff' && /restarting failed container/i.test(message))
      add({ kind: 'crash', pod, container, reason, message });
  }
  return problems;
}

/** One diagnostic per distinct problem, on the line of the Deployment that causes it. */
export function problemErrors(problems: readonly RolloutProblem[], object: ManifestObject): ObjectError[] {
  const shape = deploymentShape(object);
  const podSpec = record(record(record(record(object.value()).spec).template).spec);
  const errors: ObjectError[] = [];
  const seen = new Set<string>();
  for (const problem of problems) {
    const path = fieldFor(problem, shape, podSpec);
    const key = `${problem.kind}|${problem.container ?? ''}|${path ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const range: LineRange | undefined = (path && object.locate(path)) || object.range;
    const where = problem.container ? ` (pod ${problem.pod}, container ${problem.container})` : ` (pod ${problem.pod})`;
    errors.push({ message: `${problem.reason}: ${problem.message || HINTS[problem.kind]}${where}`, object, range });
  }
  return errors;
}

const HINTS: Record<ProblemKind, string> = {
  image: 'the image cannot be pulled: check its name, tag and the registry credentials (imagePullSecrets)',
  crash: 'the container keeps exiting: see kubectl logs --previous',
  config: 'the container cannot be created from its configuration',
  unschedulable: 'no node can run the pod',
};

/** The field path of the manifest line at fault, or undefined for the document's first line. */
function fieldFor(
  problem: RolloutProblem,
  shape: ReturnType<typeof deploymentShape>,
  podSpec: Record<string, unknown>,
): string | undefined {
  const base = 'spec.template.spec';
  const init = shape.initContainers.indexOf(problem.container ?? '');
  const index = shape.containers.indexOf(problem.container ?? '');
  const container =
    index >= 0 ? `${base}.containers[${index}]` : init >= 0 ? `${base}.initContainers[${init}]` : undefined;
  const spec = container
    ? record(list(podSpec[index >= 0 ? 'containers' : 'initContainers'])[index >= 0 ? index : init])
    : {};
  switch (problem.kind) {
    case 'image':
      return container ? `${container}.image` : undefined;
    case 'crash':
      if (!container) return undefined;
      return spec.command !== undefined
        ? `${container}.command`
        : spec.args !== undefined
          ? `${container}.args`
          : `${container}.image`;
    case 'config': {
      if (/runAsNonRoot/.test(problem.message)) {
        if (record(spec.securityContext).runAsNonRoot !== undefined) return `${container}.securityContext.runAsNonRoot`;
        return `${base}.securityContext.runAsNonRoot`;
      }
      // `secret "db" not found`, `configmap "settings" not found`, `couldn't find key password in Secret default/db`
      const missing =
        /(secret|configmap) "([^"]+)" not found/i.exec(problem.message) ??
        /in (Secret|ConfigMap) [^/\s]+\/(\S+)/i.exec(problem.message);
      if (missing && container) {
        const reference = referenceTo(spec, missing[1].toLowerCase() === 'secret', missing[2]);
        if (reference) return `${container}.${reference}`;
      }
      return container ? `${container}.name` : undefined;
    }
    case 'unschedulable': {
      const resource = /Insufficient (cpu|memory|ephemeral-storage|[\w./-]+)/.exec(problem.message)?.[1];
      if (resource) {
        const all = shape.containers.map((_, i) => i);
        const withRequest = all.find(
          (i) => record(record(record(list(podSpec.containers)[i]).resources).requests)[resource] !== undefined,
        );
        if (withRequest !== undefined) return `${base}.containers[${withRequest}].resources.requests.${resource}`;
      }
      if (/node affinity|node selector|nodeSelector/i.test(problem.message)) {
        if (podSpec.nodeSelector !== undefined) return `${base}.nodeSelector`;
        if (podSpec.affinity !== undefined) return `${base}.affinity`;
      }
      if (/taint/i.test(problem.message) && podSpec.tolerations !== undefined) return `${base}.tolerations`;
      return undefined;
    }
  }
}

/** The path (below the container) of its env/envFrom reference to a Secret or ConfigMap named `name`. */
function referenceTo(container: Record<string, unknown>, secret: boolean, name: string): string | undefined {
  const keyRef = secret ? 'secretKeyRef' : 'configMapKeyRef';
  const fromRef = secret ? 'secretRef' : 'configMapRef';
  const env = list(container.env);
  for (let i = 0; i < env.length; i++) {
    if (record(record(env[i].valueFrom)[keyRef]).name === name) return `env[${i}].valueFrom.${keyRef}.name`;
  }
  const envFrom = list(container.envFrom);
  for (let i = 0; i < envFrom.length; i++) {
    if (record(envFrom[i][fromRef]).name === name) return `envFrom[${i}].${fromRef}.name`;
  }
  return undefined;
}

/** `web-7d9c-x2x: Pending 0/1 ImagePullBackOff` per pod. */
export function describePods(pods: readonly PodState[]): string[] {
  return pods.map(
    (pod) => `${pod.name}: ${pod.phase} ${pod.ready}/${pod.containers} ready${pod.reason ? `, ${pod.reason}` : ''}`,
  );
}

function items(json: string): Array<Record<string, unknown>> {
  try {
    return list(record(JSON.parse(json)).items);
  } catch {
    return [];
  }
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function list(value: unknown): Array<Record<string, unknown>> {
  return Array.isArray(value) ? value.map(record) : [];
}
