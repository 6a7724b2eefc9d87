import type {
  CodeAction,
  CompletionItem,
  CompletionList,
  Diagnostic,
  DocumentSymbol,
  FoldingRange,
  Hover,
  Position,
  Range,
  TextEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

/**
 * Every range the server sends lies inside the document it is about: a position past a line's end (a `\r` the
 * parser did not count, a token that spans lines) is moved to that line's end, a line past the last to the text's
 * end. Applied where results leave the server, whatever computed them. The document's own line rule decides
 * (`\r\n`, `\n` and a lone `\r`), which is the editor's.
 */
export function clampPosition(document: TextDocument, position: Position): Position {
  return document.positionAt(document.offsetAt(position));
}

export function clampRange(document: TextDocument, range: Range): Range {
  const start = clampPosition(document, range.start);
  const end = clampPosition(document, range.end);
  return before(end, start) ? { start, end: start } : { start, end };
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function withinRange(position: Position, range: Range): Position {
  if (before(position, range.start)) return range.start;
  if (before(range.end, position)) return range.end;
  return position;
}

export function clampEdits(document: TextDocument, edits: readonly TextEdit[]): TextEdit[] {
  return edits.map((edit) => ({ ...edit, range: clampRange(document, edit.range) }));
}

/** Whether clampPosition leaves a position as it is: on a line of the text, at most at that line's end. */
function isInside(document: TextDocument, position: Position): boolean {
  const { line, character } = position;
  if (line < 0 || line >= document.lineCount || character < 0) return false;
  // offsetAt stops at the line's end (before its line break): a position beyond it is moved, one within it is not.
  return document.offsetAt(position) - document.offsetAt({ line, character: 0 }) === character;
}

/**
 * Whether clampRange leaves a range as it is, in array reads rather than binary searches. A range on one line (most
 * diagnostics) is inside when its end is: its start then lies on the same line, before the end.
 */
function isRangeInside(document: TextDocument, range: Range): boolean {
  const { start, end } = range;
  if (start.line === end.line)
    return start.character >= 0 && start.character <= end.character && isInside(document, end);
  return isInside(document, start) && isInside(document, end) && !before(end, start);
}

export function clampDiagnostics(document: TextDocument, diagnostics: readonly Diagnostic[]): Diagnostic[] {
  // Thousands per publish on a large file: a diagnostic already inside the text is passed on as it is.
  return diagnostics.map((diagnostic) =>
    isRangeInside(document, diagnostic.range) &&
    (diagnostic.relatedInformation ?? []).every(
      (related) => related.location.uri !== document.uri || isRangeInside(document, related.location.range),
    )
      ? diagnostic
      : {
          ...diagnostic,
          range: clampRange(document, diagnostic.range),
          ...(diagnostic.relatedInformation
            ? {
                relatedInformation: diagnostic.relatedInformation.map((related) =>
                  related.location.uri === document.uri
                    ? {
                        ...related,
                        location: { ...related.location, range: clampRange(document, related.location.range) },
                      }
                    : related,
                ),
              }
            : {}),
        },
  );
}

export function clampCompletion(
  document: TextDocument,
  list: CompletionList | CompletionItem[] | null | undefined,
): CompletionList | CompletionItem[] | null | undefined {
  if (!list) return list;
  const clampItem = (item: CompletionItem): CompletionItem => {
    const textEdit = item.textEdit;
    let clamped: CompletionItem['textEdit'] = textEdit;
    if (textEdit && 'range' in textEdit) clamped = { ...textEdit, range: clampRange(document, textEdit.range) };
    else if (textEdit && 'insert' in textEdit) {
      // The insert range must be a prefix of the replace range, on one line (LSP): clamp both, keep the relation.
      const replace = clampRange(document, textEdit.replace);
      const insert = { start: replace.start, end: withinRange(clampPosition(document, textEdit.insert.end), replace) };
      clamped = { ...textEdit, insert, replace };
    }
    return {
      ...item,
      ...(clamped ? { textEdit: clamped } : {}),
      ...(item.additionalTextEdits ? { additionalTextEdits: clampEdits(document, item.additionalTextEdits) } : {}),
    };
  };
  return Array.isArray(list) ? list.map(clampItem) : { ...list, items: list.items.map(clampItem) };
}

export function clampHover(document: TextDocument, hover: Hover | null | undefined): Hover | null | undefined {
  return hover?.range ? { ...hover, range: clampRange(document, hover.range) } : hover;
}

export function clampSymbols(document: TextDocument, symbols: readonly DocumentSymbol[]): DocumentSymbol[] {
  return symbols.map((symbol) => {
    const range = clampRange(document, symbol.range);
    // The selection range must lie inside the symbol's range.
    const selectionRange = {
      start: withinRange(clampPosition(document, symbol.selectionRange.start), range),
      end: withinRange(clampPosition(document, symbol.selectionRange.end), range),
    };
    if (before(selectionRange.end, selectionRange.start)) selectionRange.end = selectionRange.start;
    return {
      ...symbol,
      range,
      selectionRange,
      ...(symbol.children ? { children: clampSymbols(document, symbol.children) } : {}),
    };
  });
}

export function clampFoldingRanges(document: TextDocument, ranges: readonly FoldingRange[]): FoldingRange[] {
  const last = document.lineCount - 1;
  return ranges
    .filter((range) => range.startLine >= 0 && range.startLine <= last && range.endLine >= range.startLine)
    .map((range) => ({ ...range, endLine: Math.min(range.endLine, last) }));
}

export function clampCodeActions(document: TextDocument, actions: readonly CodeAction[]): CodeAction[] {
  return actions.map((action) => {
    const changes = action.edit?.changes;
    const own = changes?.[document.uri];
    return {
      ...action,
      ...(action.diagnostics ? { diagnostics: clampDiagnostics(document, action.diagnostics) } : {}),
      ...(own ? { edit: { ...action.edit, changes: { ...changes, [document.uri]: clampEdits(document, own) } } } : {}),
    };
  });
}

/**
 * Semantic tokens (LSP relative encoding: line delta, start delta, length, type, modifiers): a token that starts
 * past its line's end is dropped, one that runs past it is cut at it (tokens may not span lines).
 */
export function clampSemanticTokens(document: TextDocument, data: readonly number[]): number[] {
  const lineLength = (line: number) => {
    const start = document.offsetAt({ line, character: 0 });
    return document.offsetAt({ line, character: Number.MAX_SAFE_INTEGER }) - start;
  };
  const result: number[] = [];
  let line = 0;
  let character = 0;
  let emittedLine = 0;
  let emittedCharacter = 0;
  for (let index = 0; index + 4 < data.length; index += 5) {
    line += data[index];
    character = data[index] === 0 ? character + data[index + 1] : data[index + 1];
    if (line >= document.lineCount) break;
    const length = Math.min(data[index + 2], lineLength(line) - character);
    if (length <= 0) continue;
    result.push(
      line - emittedLine,
      line === emittedLine ? character - emittedCharacter : character,
      length,
      data[index + 3],
      data[index + 4],
    );
    emittedLine = line;
    emittedCharacter = character;
  }
  return result;
}
