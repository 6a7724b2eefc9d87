import { spawn } from 'node:child_process';

/** The little a long-running command needs to know about cancellation (a subset of vscode.CancellationToken). */
export interface CancelSignal {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): { dispose(): void };
}

export interface RunOptions {
  command: string;
  args: readonly string[];
  cwd?: string;
  /** The full environment of the child (never logged: it may hold secrets). */
  env?: NodeJS.ProcessEnv;
  /** Called with each chunk of stdout and stderr as it arrives. */
  onOutput?: (text: string, stream: 'stdout' | 'stderr') => void;
  token?: CancelSignal;
  /**
   * Start the child in its own process group and kill the whole group on cancel, so that helpers the command
   * started (a build's `docker-buildx`, a credential helper) go with it. POSIX only; elsewhere the child is killed.
   */
  killProcessGroup?: boolean;
  /** Kill after this many milliseconds (reported as a timeout, not a cancel). */
  timeoutMs?: number;
}

export interface RunResult {
  /** Exit code, or null when the child was killed by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  cancelled: boolean;
  timedOut: boolean;
}

/** The command could not be started at all (not installed, not executable, bad cwd). */
export class LaunchError extends Error {
  constructor(
    readonly command: string,
    readonly code: string | undefined,
    options: { cause: unknown },
  ) {
    super(
      `could not start ${command}: ${code ?? (options.cause instanceof Error ? options.cause.message : String(options.cause))}`,
      options,
    );
    this.name = 'LaunchError';
  }
}

const KILL_GRACE_MS = 3000;

/**
 * Runs a command with an argument array (never through a shell), streaming its output and honouring
 * cancellation. Resolves with the exit status whatever it is; rejects only with a LaunchError.
 */
export function runProcess(options: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    if (options.token?.isCancellationRequested) {
      resolve({ code: null, signal: null, stdout: '', stderr: '', cancelled: true, timedOut: false });
      return;
    }
    const group = options.killProcessGroup === true && process.platform !== 'win32';
    const child = spawn(options.command, [...options.args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      shell: false,
      detached: group,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    let stdout = '';
    let stderr = '';
    let cancelled = false;
    let timedOut = false;
    let settled = false;
    let forceKill: NodeJS.Timeout | undefined;

    const kill = (signal: NodeJS.Signals): void => {
      if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
      try {
        if (group) process.kill(-child.pid, signal);
        else child.kill(signal);
      } catch {
        // The child (or its group) is already gone: nothing left to kill.
      }
    };
    const stop = (): void => {
      kill('SIGTERM');
      forceKill ??= setTimeout(() => kill('SIGKILL'), KILL_GRACE_MS);
    };

    const subscription = options.token?.onCancellationRequested(() => {
      cancelled = true;
      stop();
    });
    const timer =
      options.timeoutMs !== undefined
        ? setTimeout(() => {
            timedOut = true;
            stop();
          }, options.timeoutMs)
        : undefined;
    const cleanUp = (): void => {
      settled = true;
      subscription?.dispose();
      if (timer) clearTimeout(timer);
      if (forceKill) clearTimeout(forceKill);
    };

    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (text: string) => {
      stdout += text;
      options.onOutput?.(text, 'stdout');
    });
    child.stderr.on('data', (text: string) => {
      stderr += text;
      options.onOutput?.(text, 'stderr');
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (settled) return;
      // 'error' after a successful spawn means a failed kill; the 'close' event still follows.
      if (child.pid !== undefined) return;
      cleanUp();
      reject(new LaunchError(options.command, error.code, { cause: error }));
    });
    child.on('close', (code, signal) => {
      if (settled) return;
      cleanUp();
      resolve({ code, signal, stdout, stderr, cancelled, timedOut });
    });
  });
}

/** A command line for the log: arguments quoted when they need it. Never includes the environment. */
export function formatCommandLine(command: string, args: readonly string[]): string {
  return [command, ...args]
    .map((part) => (/^[\w@%+=:,./-]+$/.test(part) ? part : `'${part.replace(/'/g, `'\\''`)}'`))
    .join(' ');
}
