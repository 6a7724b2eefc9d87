import { childProcess } from '../childProcess';

/** What a tool printed, and whether it exited 0. */
export interface ToolOutput {
  ok: boolean;
  stdout: string;
  stderr: string;
}

/**
 * Runs an external tool: execFile with an argv array (never a shell), time-boxed, killed when the signal aborts.
 * Rejects when the tool is not there (ENOENT) or the run was cancelled; a tool that fails or overruns its time box
 * resolves not ok, with what it said (or that it did not finish within the box, named by `label`).
 */
export function runTool(
  tool: string,
  args: string[],
  signal: AbortSignal,
  timeoutMs: number,
  label: string,
): Promise<ToolOutput> {
  return new Promise((resolveRun, reject) => {
    childProcess().execFile(
      tool,
      args,
      { signal, timeout: timeoutMs, maxBuffer: 64 * 1_048_576, encoding: 'utf8', windowsHide: true },
      (error, stdout, stderr) => {
        if (!error) return resolveRun({ ok: true, stdout, stderr });
        const failure = error as NodeJS.ErrnoException & { killed?: boolean };
        if (failure.code === 'ENOENT' || failure.name === 'AbortError') return reject(error);
        if (failure.killed)
          return resolveRun({ ok: false, stdout: '', stderr: `${label} did not finish within ${timeoutMs / 1000} s` });
        resolveRun({ ok: false, stdout, stderr: stderr || failure.message });
      },
    );
  });
}

export interface BackgroundRunsOptions {
  /** The pause in typing after which a run starts: at most one per pause. */
  pauseMs: number;
  /** Whether the workspace is trusted: nothing runs for an untrusted one. */
  trusted(): boolean;
  /** Said once per session when a run is refused because the workspace is not trusted. */
  untrustedNote: string;
  log(message: string): void;
  /**
   * A change cancels the run in progress at once (shellcheck: its answer would be for the old text); otherwise the
   * run in progress is cancelled only when the next one starts (helm, kustomize: what they show stays until then).
   */
  cancelOnChange?: boolean;
}

/**
 * The background runs of one external tool, one per key (a chart, an overlay, a Dockerfile): debounced, a newer run
 * cancelling the older one, never for an untrusted workspace. The work itself (with its time box) is the caller's.
 */
export class BackgroundRuns {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, AbortController>();
  private untrustedLogged = false;

  constructor(private readonly options: BackgroundRunsOptions) {}

  /** True when the workspace is trusted; else false, and the note is said once. */
  allowed(): boolean {
    if (this.options.trusted()) return true;
    if (!this.untrustedLogged) this.options.log(this.options.untrustedNote);
    this.untrustedLogged = true;
    return false;
  }

  /** (Re)starts the pause of `key`; after it, `work` runs with a signal that aborts when a newer run supersedes it. */
  schedule(key: string, work: (signal: AbortSignal) => Promise<void>): void {
    clearTimeout(this.timers.get(key));
    if (this.options.cancelOnChange) this.running.get(key)?.abort();
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.run(key, work);
      }, this.options.pauseMs),
    );
  }

  /** Drops the pending run of `key` and cancels the one in progress (a closed document). */
  cancel(key: string): void {
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.running.get(key)?.abort();
  }

  /** Stops every pending and running run (shutdown). */
  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const controller of this.running.values()) controller.abort();
  }

  private async run(key: string, work: (signal: AbortSignal) => Promise<void>): Promise<void> {
    this.running.get(key)?.abort();
    const controller = new AbortController();
    this.running.set(key, controller);
    try {
      await work(controller.signal);
    } finally {
      if (this.running.get(key) === controller) this.running.delete(key);
    }
  }
}
