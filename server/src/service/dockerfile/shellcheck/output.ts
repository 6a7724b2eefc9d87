import { DiagnosticSeverity, type Range } from 'vscode-languageserver-types';
import type { DockerfileContext } from '../context';
import type { ShellScript } from './script';

/** One ShellCheck comment as `--format=json1` gives it: 1-based lines and columns, a tab counting as one column. */
export interface ShellcheckComment {
  line: number;
  endLine: number;
  column: number;
  endColumn: number;
  level: string;
  code: number;
  message: string;
}

/**
 * hadolint's default exclusions (src/Hadolint/Shell.hs `shellcheck`): SC2187 (ash is not supported, checked as
 * dash), SC1090 and SC1091 (sourced files need a shell directive a Dockerfile cannot carry).
 */
export const HADOLINT_EXCLUSIONS = ['SC2187', 'SC1090', 'SC1091'];

/** The argv for checking several script files in one shellcheck process (never a shell string). */
export function shellcheckArgs(files: readonly string[]): string[] {
  return ['--norc', '--format=json1', `--exclude=${HADOLINT_EXCLUSIONS.join(',')}`, '--', ...files];
}

export const SHELLCHECK_WIKI = 'https://www.shellcheck.net/wiki/';

/**
 * The comments of a json1 report, by the file name shellcheck was given. Undefined when the output is not a json1
 * report (a crash, a different program): the caller says shellcheck failed rather than reporting nothing.
 */
export function parseShellcheckJson1(stdout: string): Map<string, ShellcheckComment[]> | undefined {
  let report: unknown;
  try {
    report = JSON.parse(stdout);
  } catch {
    return undefined;
  }
  const comments = (report as { comments?: unknown })?.comments;
  if (!Array.isArray(comments)) return undefined;
  const byFile = new Map<string, ShellcheckComment[]>();
  for (const entry of comments as Array<Record<string, unknown>>) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { file, line, endLine, column, endColumn, level, code, message } = entry;
    if (
      typeof file !== 'string' ||
      typeof line !== 'number' ||
      typeof column !== 'number' ||
      typeof code !== 'number' ||
      typeof message !== 'string'
    )
      continue;
    const list = byFile.get(file) ?? [];
    list.push({
      line,
      endLine: typeof endLine === 'number' ? endLine : line,
      column,
      endColumn: typeof endColumn === 'number' ? endColumn : column + 1,
      level: typeof level === 'string' ? level : 'warning',
      code,
      message,
    });
    byFile.set(file, list);
  }
  return byFile;
}

/**
 * ShellCheck's levels as Shipshape severities. A parse error (SC1xxx at level error) means the shell rejects the
 * RUN, so the build fails: an error. ShellCheck's other errors are likely bugs the build still runs: warnings.
 */
export function severityOf(comment: ShellcheckComment): DiagnosticSeverity {
  switch (comment.level) {
    case 'error':
      return comment.code < 2000 ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning;
    case 'warning':
      return DiagnosticSeverity.Warning;
    case 'info':
      return DiagnosticSeverity.Information;
    default:
      return DiagnosticSeverity.Hint;
  }
}

/** A ShellCheck comment placed on the Dockerfile; undefined for a comment on the lines Shipshape wrote (header). */
export function dockerfileRange(
  context: DockerfileContext,
  script: ShellScript,
  comment: ShellcheckComment,
): Range | undefined {
  const start = offsetOf(context, script, comment.line, comment.column);
  if (start === undefined) return undefined;
  const end = offsetOf(context, script, comment.endLine, comment.endColumn) ?? start;
  return context.range(start, Math.max(start, end));
}

/** The document offset of a 1-based script line and column (columns count code points, as ShellCheck does). */
function offsetOf(context: DockerfileContext, script: ShellScript, line: number, column: number): number | undefined {
  const lineStart = script.lineStarts[line - 1];
  if (lineStart === undefined || lineStart < 0) return undefined;
  const text = context.text;
  let lineEnd = text.indexOf('\n', lineStart);
  if (lineEnd === -1) lineEnd = text.length;
  if (text[lineEnd - 1] === '\r') lineEnd--;
  let offset = lineStart;
  for (let points = 1; points < column && offset < lineEnd; points++) {
    const code = text.codePointAt(offset) ?? 0;
    offset += code > 0xffff ? 2 : 1;
  }
  return Math.min(offset, lineEnd);
}
