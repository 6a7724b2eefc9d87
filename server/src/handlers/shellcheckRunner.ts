// fs.promises, not node:fs/promises: Node loads the promises API (a millisecond of `shipshape check`'s start-up) only
// when it is first used.
import { mkdtempSync, promises, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ShipshapeLanguageService } from '../service';
import type { ShellcheckResults, ShellScript } from '../service/dockerfile/shellcheck';
// From the file that has them, not the index: that one loads every Dockerfile rule, and the server loads this at start.
import { parseShellcheckJson1, shellcheckArgs } from '../service/dockerfile/shellcheck/output';
import { BackgroundRuns } from './externalToolRunner';
import type { ValidationScheduler } from './validation';
import { childProcess } from '../childProcess';

/** A check starts after this pause in typing; a newer change cancels the one running. */
const CHECK_PAUSE_MS = 300;
/**
 * How long one shellcheck may run before it is killed (a shellcheck that hangs, a pathological script): 5 s, and
 * 25 ms more per script (shellcheck 0.9 takes ~15 ms a script: 190 RUNs take ~3 s), never more than 30 s.
 */
export const SHELLCHECK_TIMEOUT_MS = 5_000;
export function shellcheckTimeBox(scripts: number): number {
  return Math.min(30_000, SHELLCHECK_TIMEOUT_MS + 25 * scripts);
}
const MAX_OUTPUT_BYTES = 32 * 1_048_576;

export interface ShellcheckRunnerOptions {
  /** The shellcheck to run ('' never); read at each check, so a settings change applies to the next one. */
  shellcheckPath(): string;
  /** Whether the workspace is trusted: shellcheck is never run for an untrusted one. */
  trusted(): boolean;
  timeoutMs?: number;
}

export type ShellcheckRun = { ok: true } | { ok: false; missing: boolean; message: string };

/**
 * Runs the real shellcheck on the RUN scripts of open Dockerfiles, in the background: the Dockerfile's own
 * diagnostics are published first (the validation scheduler does not wait for this), then, after a pause, ONE
 * shellcheck process checks every script of the file that is not already in the results (cached by script text),
 * each script a file of a private temporary folder; the document is then validated again, merging the findings.
 * execFile with an argv array, time-boxed, cancelled by a newer change; never for an untrusted workspace.
 */
export class ShellcheckRunner {
  private readonly background: BackgroundRuns;
  private missingLogged = false;
  /** shellcheck processes started (for tests). */
  runs = 0;

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly service: ShipshapeLanguageService,
    private readonly validation: ValidationScheduler,
    private readonly options: ShellcheckRunnerOptions,
  ) {
    this.background = new BackgroundRuns({
      pauseMs: CHECK_PAUSE_MS,
      trusted: () => options.trusted(),
      untrustedNote: 'ShellCheck does not run: the workspace is not trusted (the other Dockerfile checks still run)',
      log: (message) => connection.console.info(message),
      cancelOnChange: true,
    });
  }

  onChanged(uri: string): void {
    const document = this.documents.get(uri);
    if (!document || this.service.languageOf(document) !== 'dockerfile' || this.options.shellcheckPath() === '') return;
    if (!this.background.allowed()) return;
    this.background.schedule(uri, (signal) => this.check(uri, signal));
  }

  /** The setting changed: forget what the previous shellcheck said and check the open Dockerfiles again. */
  onSettingsChanged(): void {
    this.service.shellcheckResults.clear();
    this.missingLogged = false;
    for (const document of this.documents.all()) this.onChanged(document.uri);
  }

  onClosed(uri: string): void {
    this.background.cancel(uri);
    this.service.shellcheckResults.setFailure(uri, '', undefined);
  }

  dispose(): void {
    this.background.dispose();
  }

  private async check(uri: string, signal: AbortSignal): Promise<void> {
    const document = this.documents.get(uri);
    if (!document) return;
    const text = document.getText();
    const results = this.service.shellcheckResults;
    const unchecked = results.unchecked(this.service.shellScripts(document));
    if (unchecked.length === 0) return;
    this.runs++;
    const outcome = await runShellcheck(this.options.shellcheckPath(), unchecked, results, {
      signal,
      timeoutMs: this.options.timeoutMs ?? shellcheckTimeBox(unchecked.length),
    });
    if (signal.aborted) return; // a newer change checks the newer text
    if (!outcome.ok && outcome.missing) {
      // Off, with one note for the session: shellcheck is optional.
      if (!this.missingLogged) this.connection.console.info(outcome.message);
      this.missingLogged = true;
      return;
    }
    results.setFailure(uri, text, outcome.ok ? undefined : outcome.message);
    if (this.documents.get(uri)?.getText() === text) this.validation.request(uri);
  }
}

/** One shellcheck process for these scripts; what it says goes into `results` by script text. */
export async function runShellcheck(
  shellcheck: string,
  scripts: readonly ShellScript[],
  results: ShellcheckResults,
  options: { signal?: AbortSignal; timeoutMs: number },
): Promise<ShellcheckRun> {
  const folder = await promises.mkdtemp(join(tmpdir(), 'shipshape-shellcheck-'));
  try {
    const names = scripts.map((_, index) => join(folder, `run${index}.sh`));
    await Promise.all(scripts.map((script, index) => promises.writeFile(names[index], script.text, { mode: 0o600 })));
    const output = await new Promise<{
      error: (NodeJS.ErrnoException & { killed?: boolean }) | null;
      stdout: string;
      stderr: string;
    }>((resolve) => {
      childProcess().execFile(
        shellcheck,
        shellcheckArgs(names),
        {
          signal: options.signal,
          timeout: options.timeoutMs,
          maxBuffer: MAX_OUTPUT_BYTES,
          encoding: 'utf8',
          windowsHide: true,
        },
        (error, stdout, stderr) =>
          resolve({ error: error as (NodeJS.ErrnoException & { killed?: boolean }) | null, stdout, stderr }),
      );
    });
    return record(shellcheck, output, names, scripts, results, options.timeoutMs);
  } finally {
    await promises.rm(folder, { recursive: true, force: true });
  }
}

/** The same, synchronously, for the command line (`shipshape check`). */
export function runShellcheckSync(
  shellcheck: string,
  scripts: readonly ShellScript[],
  results: ShellcheckResults,
  timeoutMs = SHELLCHECK_TIMEOUT_MS * 4,
): ShellcheckRun {
  if (scripts.length === 0) return { ok: true };
  const folder = mkdtempSync(join(tmpdir(), 'shipshape-shellcheck-'));
  try {
    const names = scripts.map((_, index) => join(folder, `run${index}.sh`));
    scripts.forEach((script, index) => writeFileSync(names[index], script.text, { mode: 0o600 }));
    let output: { error: (NodeJS.ErrnoException & { killed?: boolean }) | null; stdout: string; stderr: string };
    try {
      output = {
        error: null,
        stdout: childProcess().execFileSync(shellcheck, shellcheckArgs(names), {
          timeout: timeoutMs,
          maxBuffer: MAX_OUTPUT_BYTES,
          encoding: 'utf8',
          windowsHide: true,
          stdio: ['ignore', 'pipe', 'pipe'],
        }),
        stderr: '',
      };
    } catch (error) {
      const failure = error as NodeJS.ErrnoException & { stdout?: string; stderr?: string; signal?: string };
      output = {
        error: { ...failure, killed: failure.signal === 'SIGTERM' },
        stdout: String(failure.stdout ?? ''),
        stderr: String(failure.stderr ?? ''),
      };
    }
    return record(shellcheck, output, names, scripts, results, timeoutMs);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function record(
  shellcheck: string,
  output: { error: (NodeJS.ErrnoException & { killed?: boolean }) | null; stdout: string; stderr: string },
  names: string[],
  scripts: readonly ShellScript[],
  results: ShellcheckResults,
  timeoutMs: number,
): ShellcheckRun {
  const { error } = output;
  if (error?.code === 'ENOENT' || error?.code === 'EACCES') {
    return {
      ok: false,
      missing: true,
      message: `ShellCheck is off: "${shellcheck}" was not found (install shellcheck, or set shipshape.shellcheck.path; '' turns this note off)`,
    };
  }
  if (error?.name === 'AbortError') return { ok: false, missing: false, message: 'cancelled' };
  if (error?.killed)
    return {
      ok: false,
      missing: false,
      message: `ShellCheck did not finish within ${Math.round(timeoutMs / 1000)} s: the RUN instructions were not shell-checked (the other checks ran)`,
    };
  // shellcheck exits 1 when it found something: the report is on stdout either way.
  const report = parseShellcheckJson1(output.stdout);
  if (!report) {
    const why = output.stderr.trim().split('\n')[0] || (error ? error.message : 'no report');
    return {
      ok: false,
      missing: false,
      message: `ShellCheck failed, the RUN instructions were not shell-checked: ${why.slice(0, 300)}`,
    };
  }
  scripts.forEach((script, index) => results.record(script.text, report.get(names[index]) ?? []));
  return { ok: true };
}
