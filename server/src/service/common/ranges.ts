import type { Position, Range } from 'vscode-languageserver-types';

/** Orders two positions: negative when `a` comes first. */
export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

export function sameRange(a: Range, b: Range): boolean {
  return comparePositions(a.start, b.start) === 0 && comparePositions(a.end, b.end) === 0;
}

/** Whether two ranges share a position (touching ranges do). */
export function intersects(a: Range, b: Range): boolean {
  return comparePositions(a.start, b.end) <= 0 && comparePositions(b.start, a.end) <= 0;
}

/** Overlap for edits: touching ranges (one ends where the other starts) do not overlap, except two insertions at one point. */
export function editsOverlap(a: Range, b: Range): boolean {
  const aEmpty = comparePositions(a.start, a.end) === 0;
  const bEmpty = comparePositions(b.start, b.end) === 0;
  if (aEmpty && bEmpty) return comparePositions(a.start, b.start) === 0;
  return comparePositions(a.start, b.end) < 0 && comparePositions(b.start, a.end) < 0;
}
