import { CodeActionKind, type CodeAction, type Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ShipshapeLanguageService } from '../service';
import { wellFormedDiagnostics, type requireCodeActionContext } from './params';
import { clampCodeActions } from './ranges';

/**
 * `textDocument/codeAction`: a request for `source.fixAll` (VS Code's "Fix all" on save, "Source Action...") gets
 * the one action that applies every safe fix of the file; any other gets the quick fixes of the diagnostics in the
 * range (with "Fix all Shipshape problems" among them when the file has more than one safe fix).
 */
export function codeActionsFor(
  service: ShipshapeLanguageService,
  document: TextDocument,
  range: Range,
  context: ReturnType<typeof requireCodeActionContext>,
): CodeAction[] {
  if (context.only && context.only.some((kind) => kind.startsWith(CodeActionKind.SourceFixAll))) {
    const action = service.fixAllAction(document);
    return action ? clampCodeActions(document, [action]) : [];
  }
  return clampCodeActions(document, service.codeActions(document, range, wellFormedDiagnostics(context.diagnostics)));
}
