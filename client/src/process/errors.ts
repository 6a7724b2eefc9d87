import { LaunchError } from './run';

/** What went wrong with an external command, in terms a user can act on. */
export type FailureKind =
  'cli-missing' | 'daemon-not-running' | 'socket-permission-denied' | 'cluster-unreachable' | 'no-context' | 'failed';

export interface Failure {
  kind: FailureKind;
  /** One sentence for the notification; the details are in the output channel. */
  message: string;
}

/** The container CLI could not be started, cannot reach its daemon, or the build itself failed. */
export function classifyContainerFailure(cli: string, error: unknown, stderr = ''): Failure {
  if (error instanceof LaunchError) {
    if (error.code === 'ENOENT') {
      return {
        kind: 'cli-missing',
        message: `${cli} is not installed (or not on PATH); set shipshape.build.containerCli.`,
      };
    }
    if (error.code === 'EACCES') {
      return {
        kind: 'cli-missing',
        message: `${cli} cannot be executed (permission denied); check shipshape.build.containerCli.`,
      };
    }
    return { kind: 'failed', message: error.message };
  }
  if (/permission denied while trying to connect|connect: permission denied|permission denied.*\.sock/i.test(stderr)) {
    return {
      kind: 'socket-permission-denied',
      message: `Permission denied on the ${cli} socket: add your user to the "docker" group and log in again, or use a rootless engine.`,
    };
  }
  if (
    /Cannot connect to the Docker daemon|Is the docker daemon running|Cannot connect to Podman|cannot access containerd socket|error during connect|connect: no such file or directory|connect: connection refused/i.test(
      stderr,
    )
  ) {
    const where = /(unix:\/\/[^\s"'.]+(?:\.[^\s"'.]+)*|npipe:\/\/\S+|tcp:\/\/\S+)/.exec(stderr)?.[1];
    return {
      kind: 'daemon-not-running',
      message: `The ${cli} daemon is not running${where ? ` (at ${where})` : ''}: start it and try again.`,
    };
  }
  return { kind: 'failed', message: `${cli} build failed.` };
}

/** kubectl could not be started, cannot reach the cluster, or the server said no. */
export function classifyKubectlFailure(kubectl: string, error: unknown, stderr = ''): Failure {
  if (error instanceof LaunchError) {
    if (error.code === 'ENOENT' || error.code === 'EACCES') {
      return {
        kind: 'cli-missing',
        message: `kubectl is not installed (or not on PATH: tried "${kubectl}"); install it or set shipshape.kubectl.path.`,
      };
    }
    return { kind: 'failed', message: error.message };
  }
  if (/error: (context "[^"]*" does not exist|no context exists with the name)/.test(stderr)) {
    return { kind: 'no-context', message: firstLine(stderr.replace(/^error: /m, '')) };
  }
  if (
    /Unable to connect to the server|dial tcp|connection refused|no such host|i\/o timeout|TLS handshake timeout|couldn't get current server API group list|failed to download openapi|connect: network is unreachable/.test(
      stderr,
    )
  ) {
    const server = /Get "(https?:\/\/[^/"]+)/.exec(stderr)?.[1];
    return {
      kind: 'cluster-unreachable',
      message: `The cluster is unreachable${server ? ` (${server})` : ''}: check the network, VPN or the context's server address.`,
    };
  }
  return { kind: 'failed', message: firstLine(stderr) || 'kubectl failed.' };
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line.length > 0) ?? ''
  );
}
