// The progress line `shipshape check` writes while it checks many files on a terminal: one line on stderr, rewritten
// in place and erased at the end, so stdout (the report) stays exactly what it is when piped. Never written when
// either stream is not a terminal (CI logs, `| less`, `> shipshape.sarif`): a \r there is noise.

/** Fewer files than this finish before a progress line would help. */
export const PROGRESS_MIN_FILES = 20;
/** At most one redraw per this many milliseconds: a redraw per file would cost more than the check on a fast disk. */
export const PROGRESS_INTERVAL_MS = 100;

export interface ProgressLine {
  /** `done` of `total` files checked so far, `current` the one being checked. */
  update(done: number, current: string): void;
  /** Erases the line. */
  end(): void;
}

export interface TerminalStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

/** The text of the line: `shipshape: 120/900 files  k8s/web.yaml`, cut to the terminal's width. */
export function progressText(done: number, total: number, current: string, columns = 80): string {
  const head = `shipshape: ${done}/${total} files  `;
  const room = Math.max(0, columns - 1 - head.length);
  const tail = current.length <= room ? current : room > 1 ? `…${current.slice(current.length - room + 1)}` : '';
  return head + tail;
}

/** A progress line on `stderr` when both it and stdout are terminals and there are many files; else undefined. */
export function terminalProgress(
  stderr: TerminalStream,
  stdoutIsTerminal: boolean,
  total: number,
  now: () => number = Date.now,
): ProgressLine | undefined {
  if (!stderr.isTTY || !stdoutIsTerminal || total < PROGRESS_MIN_FILES) return undefined;
  let last = -Infinity;
  let drawn = false;
  return {
    update(done, current) {
      const time = now();
      if (time - last < PROGRESS_INTERVAL_MS) return;
      last = time;
      drawn = true;
      stderr.write(`\r\x1b[K${progressText(done, total, current, stderr.columns || 80)}`);
    },
    end() {
      if (drawn) stderr.write('\r\x1b[K');
    },
  };
}
