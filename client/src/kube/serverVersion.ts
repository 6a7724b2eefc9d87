import {
  KUBERNETES_VERSIONS,
  NEWEST_KUBERNETES_VERSION,
  resolveKubernetesVersion,
  type KubernetesVersion,
} from '../../../common/src/contract';
import { LaunchError, runProcess } from '../process/run';

/**
 * The Kubernetes version checks target when `shipshape.kubernetes.version` is `auto`: the current kube context's
 * server version, asked with `kubectl version -o json` (argv, time-boxed, in the background, once per context).
 */

/** How long `kubectl version` may take: a context whose server does not answer costs at most this, once. */
export const VERSION_TIMEOUT_MS = 8000;

/** `--request-timeout` bounds kubectl's own wait for the server; the process timeout bounds everything else. */
export function kubectlVersionArgs(context: string): string[] {
  return ['version', '-o', 'json', '--request-timeout=5s', '--context', context];
}

/** The server's `1.N` from `kubectl version -o json` (`serverVersion.major/minor`, else its gitVersion). */
export function parseServerVersion(stdout: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    return undefined;
  }
  const server = (parsed as { serverVersion?: { major?: unknown; minor?: unknown; gitVersion?: unknown } })
    ?.serverVersion;
  if (!server) return undefined;
  // Managed clusters write the minor as "28+"; gitVersion is "v1.28.3-eks-...".
  const minor = typeof server.minor === 'string' ? /^\d+/.exec(server.minor)?.[0] : undefined;
  if (server.major === '1' && minor) return `1.${minor}`;
  const git = typeof server.gitVersion === 'string' ? /^v?(\d+)\.(\d+)/.exec(server.gitVersion) : null;
  return git ? `${git[1]}.${git[2]}` : undefined;
}

/** What asking the server gave: its version, or why there is none. */
export type ServerVersionAnswer = { version: string } | { failure: string };

export async function readServerVersion(
  kubectl: string,
  context: string,
  env: NodeJS.ProcessEnv,
  timeoutMs = VERSION_TIMEOUT_MS,
): Promise<ServerVersionAnswer> {
  try {
    const result = await runProcess({ command: kubectl, args: kubectlVersionArgs(context), env, timeoutMs });
    const version = parseServerVersion(result.stdout);
    if (version) return { version };
    if (result.timedOut)
      return { failure: `the server of context "${context}" did not answer within ${timeoutMs / 1000} s` };
    const reason = result.stderr.trim().split('\n').pop() ?? '';
    return {
      failure: `the server of context "${context}" did not answer${reason ? ` (${reason.slice(0, 200)})` : ''}`,
    };
  } catch (error) {
    return { failure: error instanceof LaunchError ? `${kubectl} could not be started` : String(error) };
  }
}

/** One question per context (and kubeconfig): the answer holds until the context or the kubeconfig changes. */
export class ServerVersionCache {
  private readonly answers = new Map<string, Promise<ServerVersionAnswer>>();

  constructor(private readonly ask: (context: string) => Promise<ServerVersionAnswer>) {}

  get(context: string, kubeconfigKey = ''): Promise<ServerVersionAnswer> {
    const key = `${kubeconfigKey}\u0000${context}`;
    let answer = this.answers.get(key);
    if (!answer) {
      answer = this.ask(context);
      this.answers.set(key, answer);
    }
    return answer;
  }

  clear(): void {
    this.answers.clear();
  }
}

/** The version sent to the server in place of the setting, how the status bar says it, and what to tell once. */
export interface KubernetesTarget {
  version: KubernetesVersion;
  /** For the status bar: `1.29`, or `1.20 → 1.27` when the server's version is not bundled. */
  label: string;
  /** Where the version comes from, for the tooltip. */
  source: string;
  /** Said once (a message): the value or the server was not usable as it is. */
  problem?: string;
}

/**
 * The target for a setting value and, for `auto`, what the current context's server answered (undefined: nobody
 * asked, e.g. an untrusted workspace or no kube context, with the reason in `noAnswer`).
 */
export function targetFor(
  setting: string,
  answer: ServerVersionAnswer | undefined,
  noAnswer?: string,
): KubernetesTarget {
  const value = setting.trim() === '' ? 'auto' : setting.trim();
  if (value !== 'auto') {
    const resolved = resolveKubernetesVersion(value);
    return {
      version: resolved.version,
      label: resolved.version,
      source: 'setting shipshape.kubernetes.version',
      problem: resolved.problem && `Shipshape: setting shipshape.kubernetes.version: ${resolved.problem}.`,
    };
  }
  if (answer && 'version' in answer) {
    const resolved = resolveKubernetesVersion(answer.version);
    return {
      version: resolved.version,
      label: resolved.problem ? `${answer.version} → ${resolved.version}` : resolved.version,
      source: `the current context's server (Kubernetes ${answer.version})`,
      problem: resolved.problem && `Shipshape: the current context's server: ${resolved.problem}.`,
    };
  }
  const why = answer && 'failure' in answer ? answer.failure : (noAnswer ?? 'no kube context');
  return {
    version: NEWEST_KUBERNETES_VERSION,
    label: NEWEST_KUBERNETES_VERSION,
    source: `the newest bundled version (${why})`,
    problem: `Shipshape checks against Kubernetes ${NEWEST_KUBERNETES_VERSION}, the newest it has schemas for: ${why}. Set shipshape.kubernetes.version to ${KUBERNETES_VERSIONS[0]} ... ${NEWEST_KUBERNETES_VERSION} to choose.`,
  };
}

/** The settings object the server receives, with the target version in place of `auto` (or of a bad value). */
export function withKubernetesVersion(settings: unknown, version: string): unknown {
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) return settings;
  const plain = JSON.parse(JSON.stringify(settings)) as Record<string, unknown>;
  const kubernetes = typeof plain.kubernetes === 'object' && plain.kubernetes !== null ? plain.kubernetes : {};
  return { ...plain, kubernetes: { ...kubernetes, version } };
}
