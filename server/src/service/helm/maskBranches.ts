import type { TemplateAction } from './actions';

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
  // Lines visited, at most: nested blocks revisit their lines, and hostile nesting must stay cheap.
  const budget = { lines: 1_000_000 };
  for (const [first, ...later] of blocks) {
    let shallowest = Infinity;
    for (const line of contentLines(lines, first, budget)) shallowest = Math.min(shallowest, indentOf(line));
    for (const branch of later) {
      const content = contentLines(lines, branch, budget);
      if (content.length > 0 && shallowest < indentOf(content[0]))
        for (const line of content) line.text = ' '.repeat(line.text.length);
    }
  }
}

/** The lines wholly inside [from, to) that still hold something after masking (not blank, not a comment). */
function contentLines(lines: Line[], [from, to]: [number, number], budget: { lines: number }): Line[] {
  const inside: Line[] = [];
  // Lines are in text order: find the first at or after `from` by halving (blocks are many in a long template).
  let low = 0;
  let high = lines.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (lines[middle].start < from) low = middle + 1;
    else high = middle;
  }
  for (let index = low; index < lines.length && lines[index].start < to && budget.lines-- > 0; index++) {
    const line = lines[index];
    if (/^\s*(#|$)/.test(line.text)) continue;
    inside.push(line);
  }
  return inside;
}

function indentOf(line: Line): number {
  return line.text.length - line.text.trimStart().length;
}
