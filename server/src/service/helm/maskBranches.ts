import type { TemplateAction } from './actions';
import { firstNonSpace } from './maskedLines';

/** A masked line: where it starts in the text and what it reads now (same length as the original). */
interface Line {
  start: number;
  text: string;
}

/**
 * Blanks an `else` branch that cannot follow the branch before it, as masking would have it follow. One rendering
 * prints one branch, right after what precedes the `if`; masking keeps every branch in place, so the `else` branch is
 * parsed as if it came after the end of the first. That reads true when each branch is whole at the same level
 * (`{{ if }} type: A {{ else }} type: B {{ end }}`), not when the first branch steps out to a shallower key and the
 * later one goes on with the structure the `if` interrupted:
 *
 *     args:
 *       - --a
 *     {{- if .tls }}
 *       - --tls
 *     ports: [...]          <- the first branch ends at the `args:` level
 *     {{- else }}
 *       - --no-tls          <- parsed as an item of `ports:`: a false "expected object"
 *     ports: [...]
 *     {{- end }}
 *
 * Such a later branch is blanked (offsets kept): the document is checked with its first branch only, and no finding
 * comes from a rendering that cannot exist.
 */
export function blankBranchesThatContinueOutside(lines: Line[], actions: readonly TemplateAction[]): void {
  const open: number[][] = [];
  const blocks: Array<Array<[number, number]>> = [];
  for (const action of actions) {
    if (action.kind !== 'control' || action.effect === 'none') continue;
    // Each open block: the offsets where its branches start and where the action ending each branch starts.
    if (action.effect === 'open') open.push([action.end]);
    else if (action.effect === 'branch' && open.length > 0) open[open.length - 1].push(action.start, action.end);
    else if (action.effect === 'close' && open.length > 0) {
      const bounds = open.pop()!;
      bounds.push(action.start);
      if (bounds.length < 4) continue;
      const branches: Array<[number, number]> = [];
      for (let index = 0; index + 1 < bounds.length; index += 2) branches.push([bounds[index], bounds[index + 1]]);
      blocks.push(branches);
    }
  }
  if (blocks.length === 0) return;
  const content = new ContentLines(lines);
  for (const [first, ...later] of blocks) {
    const shallowest = content.shallowestIndent(...lineRange(lines, first));
    for (const branch of later) {
      const [from, to] = lineRange(lines, branch);
      const head = content.first(from, to);
      if (head === -1 || shallowest >= indentOf(lines[head])) continue;
      for (let index = head; index !== -1; index = content.first(index + 1, to)) {
        lines[index].text = ' '.repeat(lines[index].text.length);
        content.remove(index);
      }
    }
  }
}

/** The lines whose start is in [from, to), as [first index, index past the last]: lines are in text order. */
function lineRange(lines: readonly Line[], [from, to]: [number, number]): [number, number] {
  return [firstLineAtOrAfter(lines, from), firstLineAtOrAfter(lines, to)];
}

function firstLineAtOrAfter(lines: readonly Line[], offset: number): number {
  let low = 0;
  let high = lines.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (lines[middle].start < offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

function indentOf(line: Line): number {
  return line.text.length - line.text.trimStart().length;
}

/**
 * The lines that still hold something (not blank, not a comment), as blanking removes them. Why not a walk over each
 * branch's lines: nested blocks hold each other's lines, so walking every branch costs lines x depth (quadratic on
 * deep nesting). The shallowest indent of a range is a minimum over a segment tree, the next line of content a
 * skip pointer: each query costs the log of the lines, each line is removed once.
 */
class ContentLines {
  /** Segment tree of the indents (Infinity for a line without content): leaves at `size + index`. */
  private readonly indents: Float64Array;
  private readonly size: number;
  /** `next[index]`: towards the first line of content at or after `index` (lines.length when none). */
  private readonly next: Int32Array;

  constructor(lines: readonly Line[]) {
    let size = 1;
    while (size < lines.length) size *= 2;
    this.size = size;
    this.indents = new Float64Array(2 * size).fill(Infinity);
    this.next = new Int32Array(lines.length + 1);
    for (let index = 0; index < lines.length; index++) {
      const indent = firstNonSpace(lines[index].text);
      const held = indent !== -1 && lines[index].text[indent] !== '#';
      if (held) this.indents[size + index] = indent;
      this.next[index] = held ? index : index + 1;
    }
    this.next[lines.length] = lines.length;
    for (let node = size - 1; node >= 1; node--)
      this.indents[node] = Math.min(this.indents[2 * node], this.indents[2 * node + 1]);
  }

  /** The shallowest indent of the lines of content in [from, to); Infinity when none. */
  shallowestIndent(from: number, to: number): number {
    let shallowest = Infinity;
    for (let low = from + this.size, high = to + this.size; low < high; low >>= 1, high >>= 1) {
      if (low & 1) shallowest = Math.min(shallowest, this.indents[low++]);
      if (high & 1) shallowest = Math.min(shallowest, this.indents[--high]);
    }
    return shallowest;
  }

  /** The first line of content in [from, to), or -1. */
  first(from: number, to: number): number {
    let index = from;
    while (this.next[index] !== index) {
      // Halve the path as it is walked, so that later walks skip the removed lines at once.
      this.next[index] = this.next[this.next[index]];
      index = this.next[index];
    }
    return index < to ? index : -1;
  }

  remove(index: number): void {
    this.next[index] = index + 1;
    let node = this.size + index;
    this.indents[node] = Infinity;
    for (node >>= 1; node >= 1; node >>= 1)
      this.indents[node] = Math.min(this.indents[2 * node], this.indents[2 * node + 1]);
  }
}
