import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Finding } from '../../types';
import { SOURCE } from '../../types';
import type { DockerfileContext } from '../context';
import { ignoreFix, type Suppressions } from '../pragmas';
import { dockerfileRange, severityOf, SHELLCHECK_WIKI, type ShellcheckComment } from './output';
import { buildShellScripts, type ShellScript } from './script';

export { buildShellScripts, type ShellScript } from './script';
export { HADOLINT_EXCLUSIONS, parseShellcheckJson1, shellcheckArgs, type ShellcheckComment } from './output';

/** The information note when shellcheck could not check a Dockerfile (hung, crashed, gave no report). */
export const SHELLCHECK_FAILED = 'shellcheck/failed';
export const SHELLCHECK_FAILED_DESCRIPTION =
  'ShellCheck could not check the RUN instructions of this Dockerfile (it hung, crashed or gave no report): the other checks ran.';

const MAX_CACHED_SCRIPTS = 2_000;

export interface ShellcheckSnapshot {
  scripts: Array<[string, ShellcheckComment[]]>;
  failure?: { text: string; message: string };
}

/**
 * What ShellCheck said, kept by script text: a script checked once is never checked again while its text stays the
 * same, wherever it moves in the file (the line map is rebuilt at every validation). The background runner
 * (server/src/handlers/shellcheckRunner.ts) or the CLI fills it; validation merges what is there.
 */
export class ShellcheckResults {
  private readonly byScript = new Map<string, ShellcheckComment[]>();
  /** A note per document text that shellcheck failed on, by document URI. */
  private readonly failures = new Map<string, { text: string; message: string }>();

  record(scriptText: string, comments: ShellcheckComment[]): void {
    if (this.byScript.size >= MAX_CACHED_SCRIPTS) this.byScript.clear();
    this.byScript.set(scriptText, comments);
  }

  /** The scripts of this file that shellcheck has not seen yet. */
  unchecked(scripts: readonly ShellScript[]): ShellScript[] {
    return scripts.filter((script) => !this.byScript.has(script.text));
  }

  /** Shellcheck failed on this text of the document (undefined message: it no longer has). */
  setFailure(uri: string, text: string, message: string | undefined): void {
    if (message === undefined) this.failures.delete(uri);
    else this.failures.set(uri, { text, message });
  }

  clear(): void {
    this.byScript.clear();
    this.failures.clear();
  }

  /** What is known for a document, as data: a validation on a worker thread gets it (service/backgroundWork.ts). */
  snapshot(uri: string): ShellcheckSnapshot {
    return { scripts: [...this.byScript], failure: this.failures.get(uri) };
  }

  /** Takes a snapshot as what is known for its document (on the worker thread). */
  restore(uri: string, snapshot: ShellcheckSnapshot): void {
    this.clear();
    for (const [text, comments] of snapshot.scripts) this.byScript.set(text, comments);
    if (snapshot.failure) this.failures.set(uri, snapshot.failure);
  }

  /**
   * The ShellCheck findings of a validated Dockerfile: each on its exact range, hadolint's pragmas (`# hadolint
   * ignore=SC2086`) and `.hadolint.yaml` (`ignored`, `override`) applied as for the DL rules, linked to the wiki.
   */
  findings(uri: string, context: DockerfileContext, suppressions: Suppressions): Finding[] {
    const findings: Finding[] = [];
    const failure = this.failures.get(uri);
    if (failure && failure.text === context.text) {
      findings.push({
        range: context.range(0, 0),
        severity: DiagnosticSeverity.Information,
        code: SHELLCHECK_FAILED,
        source: SOURCE,
        message: failure.message,
        fixes: [],
      });
    }
    if (this.byScript.size === 0) return findings;
    const config = context.config;
    for (const script of buildShellScripts(context)) {
      const comments = this.byScript.get(script.text);
      if (!comments) continue;
      for (const comment of comments) {
        const code = `SC${comment.code}`;
        if (config.ignored.has(code)) continue;
        const range = dockerfileRange(context, script, comment);
        if (!range || suppressions.suppressed(code, range.start.line)) continue;
        findings.push({
          range,
          severity: config.override.get(code) ?? severityOf(comment),
          code,
          codeDescription: { href: SHELLCHECK_WIKI + code },
          source: SOURCE,
          message: comment.message,
          fixes: [ignoreFix(context, suppressions, script.instruction, code)],
        });
      }
    }
    return findings;
  }
}
