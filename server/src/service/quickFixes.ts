import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeActionKind, type CodeAction, type Diagnostic, type Range } from 'vscode-languageserver-types';
import { matchLineEndings } from './common/applyEdits';
import { intersects, sameRange } from './common/ranges';
import { toDiagnostic } from './diagnostics';
import { fixAllAction } from './fixAll';
import type { Finding, Fix } from './types';
import { SOURCE } from './types';

export interface QuickFixOptions {
  /** Fixes with placeholders become this command, which inserts them as a snippet (VS Code); else plain edits. */
  snippetFixCommand?: string;
  /** "Ignore this rule here" for a finding, computed per request (a large file has thousands of findings). */
  ignoreFixes?: (lines: readonly string[], found: Finding) => Fix[];
}

/**
 * Quick fixes for the diagnostics in a range, from a document's latest findings. Matched by code and range, never
 * by message text; with no diagnostics in the request, every finding in the range offers its fixes.
 */
export function quickFixActions(
  document: TextDocument,
  findings: readonly Finding[],
  range: Range,
  diagnostics: readonly Diagnostic[],
  options: QuickFixOptions,
): CodeAction[] {
  const wanted = diagnostics.filter((diagnostic) => diagnostic.source === SOURCE);
  const matches = findings.filter((found) =>
    wanted.length > 0
      ? wanted.some((diagnostic) => diagnostic.code === found.code && sameRange(diagnostic.range, found.range))
      : intersects(found.range, range),
  );
  const actions: CodeAction[] = [];
  const text = document.getText();
  let lines: string[] | undefined;
  for (const found of matches) {
    const ignore = options.ignoreFixes ? options.ignoreFixes((lines ??= text.split('\n')), found) : [];
    for (const fix of [...found.fixes, ...ignore]) {
      const action: CodeAction = {
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [toDiagnostic(found)],
        isPreferred: fix.isPreferred,
      };
      if (fix.snippet && options.snippetFixCommand) {
        const [snippet] = matchLineEndings(text, [fix.snippet]);
        action.command = {
          title: fix.title,
          command: options.snippetFixCommand,
          arguments: [document.uri, document.version, snippet],
        };
      } else {
        action.edit = { changes: { [document.uri]: matchLineEndings(text, fix.edits) } };
      }
      actions.push(action);
    }
  }
  // As ESLint does: the file's safe fixes in one go, in the quick-fix menu too (not only in "Source Action...").
  if (matches.length > 0 && findings.filter((found) => found.fixes.some((fix) => fix.isPreferred)).length > 1) {
    const all = fixAllAction(document, findings, CodeActionKind.QuickFix);
    if (all) actions.push(all);
  }
  return actions;
}
