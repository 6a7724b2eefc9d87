import { isMap, parseAllDocuments } from 'yaml';
import type { Fix } from '../types';
import type { ManifestDocument } from './manifest';

/** Documents longer than this get no re-indent fix: each candidate is a parse of the whole document. */
const MAX_CHARS = 64 * 1024;
/** Lines around the first syntax error tried as the slipped one. */
const LINES_BEFORE = 6;
const LINES_AFTER = 2;

/**
 * The fix for one indentation slip that breaks a manifest's YAML (issue 16 item 7): `   selector:` one space too deep
 * under `spec`, or everything after `apiVersion:` indented four spaces (a GKE sample). Around the first syntax error,
 * each line at an indentation no line above uses is tried as the slipped one, moved alone, with its children, or with
 * every line after it that is at least as deep, to the nearest indentation above it on either side; a move is a
 * candidate when the document then parses with no error and is still a map with a `kind`. Offered only when the
 * intended place is clear: one least move (the nearest indentation, then the fewest lines). A suggestion, never
 * applied by fix-all or --fix: which parent was meant is an inference.
 */
export function reindentFix(manifest: ManifestDocument, errorOffset: number): Fix | undefined {
  const text = manifest.text;
  if (text.length > MAX_CHARS) return undefined;
  const lines = text.split('\n');
  const errorLine = manifest.positionAt(errorOffset).line;
  const moves: Move[] = [];
  const first = Math.max(1, errorLine - LINES_BEFORE);
  // The indentations the lines above the window use, then each window line's own added as the window goes down.
  const above = new Set<number>();
  const note = (text: string) => {
    if (!isBlank(text)) for (const column of columnsOf(text)) above.add(column);
  };
  for (let before = 0; before < first; before++) note(lines[before]);
  for (let line = first; line <= errorLine + LINES_AFTER && line < lines.length; line++) {
    if (line > first) note(lines[line - 1]);
    if (isBlank(lines[line])) continue;
    const from = indentOf(lines[line]);
    // A line at an indentation the lines above use is where it can be: only an odd one (3 spaces among 0 and 2, 4
    // under a top-level scalar) is tried, to the nearest indentation above on either side. Typing leaves documents
    // broken at every other keystroke: this keeps the parses to a handful, and to none for a half-typed key.
    if (above.has(from)) continue;
    const targets = [
      Math.max(-1, ...[...above].filter((indent) => indent < from)),
      Math.min(Infinity, ...[...above].filter((indent) => indent > from)),
    ].filter((indent) => indent >= 0 && indent !== Infinity);
    // The line alone (its children are where they belong), with its children, or with every line after it as deep.
    const blocks = new Set([
      line,
      blockEnd(lines, line, (indent) => indent > from),
      blockEnd(lines, line, (indent) => indent >= from),
    ]);
    for (const last of blocks) for (const to of targets) moves.push({ line, last, from, to });
  }
  // The least move that parses: the nearest indentation, then the fewest lines moved; tried cheapest first, and offered
  // only if no other move as cheap parses too (then the intended place is not clear).
  const cost = (move: Move) => Math.abs(move.to - move.from) * 100_000 + (move.last - move.line);
  moves.sort((a, b) => cost(a) - cost(b));
  const best: Move[] = [];
  for (const move of moves) {
    if (best.length > 0 && cost(move) > cost(best[0])) break;
    const moved = [...lines.slice(0, move.line), ...movedLines(lines, move), ...lines.slice(move.last + 1)].join('\n');
    if (parsesAsManifest(moved)) best.push(move);
  }
  if (best.length !== 1) return undefined;
  const chosen = best[0];
  // Where it lands, in words: level with the sibling above, or under the parent (the first line above as shallow).
  const neighbour = lines
    .slice(0, chosen.line)
    .reverse()
    .find((text) => !isBlank(text) && indentOf(text) <= chosen.to);
  const neighbourKey = neighbour === undefined ? undefined : keyOf(neighbour);
  const where =
    neighbourKey === undefined
      ? ''
      : columnsOf(neighbour!).at(-1) === chosen.to
        ? `, level with \`${neighbourKey}\``
        : `, under \`${neighbourKey}\``;
  const key = keyOf(lines[chosen.line]);
  const what = key ? `\`${key}\`` : `line ${chosen.line + 1}`;
  const below = chosen.last - chosen.line;
  const withBelow = below === 0 ? '' : ` and the ${below} line${below > 1 ? 's' : ''} below`;
  return {
    title: `Re-indent ${what}${withBelow} to ${chosen.to} spaces${where}`,
    edits: [
      {
        range: {
          start: { line: chosen.line, character: 0 },
          end: { line: chosen.last, character: lines[chosen.last].length },
        },
        newText: movedLines(lines, chosen).join('\n'),
      },
    ],
    isPreferred: false,
  };
}

/** Lines `line` to `last` (one block) moved from indentation `from` to `to`. */
interface Move {
  line: number;
  last: number;
  from: number;
  to: number;
}

/** The block's lines as the move puts them: each shifted by the same amount, blank and comment lines as they were. */
function movedLines(lines: readonly string[], move: Move): string[] {
  return lines.slice(move.line, move.last + 1).map((text) => (isBlank(text) ? text : shift(text, move.to - move.from)));
}

function isBlank(line: string): boolean {
  const trimmed = line.trim();
  return trimmed === '' || trimmed.startsWith('#');
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** Where a line's keys start: its indentation, and for a sequence item (`-   key: x`) the column of its key too. */
function columnsOf(line: string): number[] {
  const indent = indentOf(line);
  const item = /^(\s*-\s+)\S/.exec(line);
  return item ? [indent, item[1].length] : [indent];
}

function shift(line: string, by: number): string {
  return ' '.repeat(Math.max(0, indentOf(line) + by)) + line.trimStart();
}

/** The last line of the block that starts at `line`: the following lines whose indentation passes `within`. */
function blockEnd(lines: readonly string[], line: number, within: (indent: number) => boolean): number {
  let last = line;
  for (let next = line + 1; next < lines.length; next++) {
    if (isBlank(lines[next])) continue;
    if (!within(indentOf(lines[next]))) break;
    last = next;
  }
  return last;
}

function keyOf(line: string): string | undefined {
  return /^\s*(?:-\s+)?([A-Za-z0-9_./-]+)\s*:/.exec(line)?.[1];
}

/**
 * Whether a moved text parses with no error and starts with a map that has a `kind`. It may be several documents: the
 * `---` lines of a file indented with the rest (a GKE sample) are separators again once the block moves back.
 */
function parsesAsManifest(text: string): boolean {
  const parsed = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: true, strict: true, logLevel: 'silent' });
  if (!Array.isArray(parsed) || parsed.length === 0) return false;
  const first = parsed[0].contents;
  return parsed.every((document) => document.errors.length === 0) && isMap(first) && first.has('kind');
}
