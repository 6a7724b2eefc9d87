import type { TextEdit } from 'vscode-languageserver-types';

/** Applies non-overlapping text edits to a text (last first), as an editor would. Ranges are LSP positions. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lineStarts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) lineStarts.push(index + 1);
  const offsetOf = (position: { line: number; character: number }) =>
    position.line >= lineStarts.length
      ? text.length
      : Math.min(text.length, lineStarts[position.line] + position.character);
  const sorted = edits
    .map((edit) => ({ start: offsetOf(edit.range.start), end: offsetOf(edit.range.end), text: edit.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let result = text;
  let floor = Number.POSITIVE_INFINITY;
  for (const edit of sorted) {
    if (edit.end > floor) continue; // overlaps an edit already applied: skip, as editors refuse overlapping edits
    result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
    floor = edit.start;
  }
  return result;
}

/**
 * Rules write their edits with `\n`; in a file written with `\r\n` the inserted lines get `\r\n` too, so that a fix
 * never leaves a file with mixed line endings.
 */
export function matchLineEndings<T extends TextEdit>(text: string, edits: readonly T[]): T[] {
  if (!text.includes('\r\n')) return [...edits];
  return edits.map((edit) => ({ ...edit, newText: edit.newText.replace(/\r?\n/g, '\r\n') }));
}
