import { firstNonSpace, type MaskedLine } from './maskedLines';
import { placeholderText, TEMPLATE_PLACEHOLDER } from './placeholderText';

/**
 * The lines that hold nothing but an action printing YAML (`{{- include "labels" . | nindent 4 }}`): what each
 * becomes is decided by its neighbours at or left of its column (a key among keys, an item among items, a key's
 * value), and a `key: {{ include ... | nindent 4 }}` whose block goes on below becomes a key over that block.
 *
 * Why an indentation stack and not a walk over the lines between: the neighbour of an output line may be far above
 * it, past a run of other output lines or a deep block (a container's `env`), and walking those lines for each output
 * line cost (output lines) x (lines between). The stack holds the lines of content that no later line has closed (each
 * deeper than the one below it): the nearest line at or left of a column is the last of them at or left of it, found
 * by halving. Every line is pushed and popped once: linear. However far that line is, it is the block the output is
 * written in: a bound of 200 lines read vault's `{{ template "vault.volumeclaims" . }}`, 208 lines below its
 * sibling `template:`, as a scalar that broke the StatefulSet.
 */

type Style = 'map' | 'sequence' | 'scalar';

interface LineShape {
  indent: number;
  /** The column of the content after `- ` markers (the key of `- name: x` is at indent + 2). */
  contentColumn: number;
  sequenceItem: boolean;
}

/**
 * The indent of each line of content that is not an output line; -1 for output, blank and comment lines. The rest of
 * a line's shape (is it a `- ` item) is read only of the few lines that decide an output line.
 */
export function contentIndents(lines: readonly MaskedLine[]): Int32Array {
  const indents = new Int32Array(lines.length).fill(-1);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    if (line.output) continue;
    const indent = firstNonSpace(line.text);
    if (indent !== -1 && line.text[indent] !== '#') indents[index] = indent;
  }
  return indents;
}

/** Writes each output line as a key, an item or a value, after the lines around it; blank when it cannot fit. */
export function placeOutputLines(lines: MaskedLine[], indents: Int32Array): void {
  const below = contentBelow(lines, indents);
  const fromBelow = stylesFromBelow(lines, indents);
  const above = new IndentStack();
  const keyEndings = new KeyEndings(lines);
  /** The last line of content so far, and the deepest output column since it (the output lines between). */
  let lastContent = -1;
  let deepestOutputSinceContent = -1;
  let previous: { column: number; style: Style } | undefined;
  for (let index = 0; index < lines.length; index++) {
    const output = lines[index].output;
    if (!output) {
      if (indents[index] !== -1) {
        previous = undefined;
        above.push(index, indents[index]);
        lastContent = index;
        deepestOutputSinceContent = -1;
      }
      continue;
    }
    let column = output.column;
    let style: Style | undefined;
    // `volumeMounts:` then `{{ template "x.mounts" . }}` then `  - name: home`: a named template with no indent after
    // it prints lines where its own text puts them, so the action's column says nothing. When the key above opens a
    // block that the lines below go on with, its lines are that block's entries: at their column, in their style.
    // (vault's `{{ template "vault.service.annotations" . }}` at the left margin under `annotations:`.)
    const next = below[index];
    if (
      output.placedByHelper &&
      lastContent !== -1 &&
      next !== -1 &&
      indents[next] > indents[lastContent] &&
      keyEndings.endsWithColon(lastContent)
    ) {
      column = indents[next];
      style = shapeOf(lines[next].text)!.sequenceItem ? 'sequence' : 'map';
    }
    // Consecutive output lines at one column are one run: they take the style the first one found.
    style ??= previous && previous.column === column ? previous.style : undefined;
    if (!style) {
      // Above: the nearest line at or left of the output's column is a sibling (a key or an item), or the key whose
      // value it is, or the `- name: x` item whose keys it goes on with. Otherwise below decides.
      const sibling = above.nearestAtOrLeftOf(column);
      if (sibling !== -1) {
        const shape = shapeOf(lines[sibling].text)!;
        if (shape.indent === column) {
          if (!shape.sequenceItem && keyEndings.endsWithColon(sibling)) {
            // `args:` right above, with nothing between: the output is that key's sequence, written at the key's own
            // indent (`{{- toYaml .Values.args | nindent 10 }}`); with lines between (deeper content, or deeper
            // output lines), the key has its value already.
            const deeper = lastContent > sibling || deepestOutputSinceContent > column;
            style = deeper ? 'map' : 'sequence';
          } else {
            style = shape.sequenceItem ? 'sequence' : 'map';
          }
        } else if (shape.sequenceItem && shape.contentColumn === column) {
          style = 'map';
        }
      }
      style ??= fromBelow[index];
    }
    previous = { column, style };
    deepestOutputSinceContent = Math.max(deepestOutputSinceContent, column);
    lines[index].text = outputLineText(lines[index], column, style, index);
  }
}

/** For each line, the first line of content below it (not an output line), or -1. */
function contentBelow(lines: readonly MaskedLine[], indents: Int32Array): Int32Array {
  const below = new Int32Array(lines.length).fill(-1);
  for (let index = lines.length - 2; index >= 0; index--)
    below[index] = indents[index + 1] !== -1 && !lines[index + 1].output ? index + 1 : below[index + 1];
  return below;
}

/**
 * For each output line, what the first line of content below at or left of its column says: at its column, the
 * output is one more of those keys or items; left of it (the block ended) or none near, a scalar.
 */
function stylesFromBelow(lines: readonly MaskedLine[], indents: Int32Array): Style[] {
  const styles: Style[] = new Array(lines.length);
  const below = new IndentStack();
  for (let index = lines.length - 1; index >= 0; index--) {
    const output = lines[index].output;
    if (output) {
      const next = below.nearestAtOrLeftOf(output.column);
      const nextShape = next !== -1 ? shapeOf(lines[next].text)! : undefined;
      styles[index] = nextShape?.indent === output.column ? (nextShape.sequenceItem ? 'sequence' : 'map') : 'scalar';
    } else if (indents[index] !== -1) {
      below.push(index, indents[index]);
    }
  }
  return styles;
}

/**
 * The lines of content seen so far (in one direction) that no later one closes: a line closes those at or right of
 * its indent. What is left is strictly deeper from bottom to top, so the nearest line at or left of a column is the
 * topmost of them at or left of it.
 */
class IndentStack {
  private readonly indices: number[] = [];
  private readonly indents: number[] = [];

  push(index: number, indent: number): void {
    while (this.indents.length > 0 && this.indents[this.indents.length - 1] >= indent) {
      this.indents.pop();
      this.indices.pop();
    }
    this.indices.push(index);
    this.indents.push(indent);
  }

  /** The index of the nearest line at or left of `column`, or -1. */
  nearestAtOrLeftOf(column: number): number {
    let low = 0;
    let high = this.indents.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.indents[middle] <= column) low = middle + 1;
      else high = middle;
    }
    return low === 0 ? -1 : this.indices[low - 1];
  }
}

/** Whether a line ends with a colon (`args:`), asked once per line: many output lines may ask it of one long line. */
class KeyEndings {
  private readonly known = new Map<number, boolean>();

  constructor(private readonly lines: readonly MaskedLine[]) {}

  endsWithColon(index: number): boolean {
    let ends = this.known.get(index);
    if (ends === undefined) {
      ends = /:\s*$/.test(this.lines[index].text);
      this.known.set(index, ends);
    }
    return ends;
  }
}

/** The indentation of a line with content; undefined for blank and comment lines. */
function shapeOf(text: string): LineShape | undefined {
  const indent = firstNonSpace(text);
  if (indent === -1 || text[indent] === '#') return undefined;
  let contentColumn = indent;
  while (text[contentColumn] === '-' && (contentColumn + 1 === text.length || text[contentColumn + 1] === ' ')) {
    contentColumn++;
    while (text[contentColumn] === ' ') contentColumn++;
  }
  return { indent, contentColumn, sequenceItem: contentColumn > indent };
}

function outputLineText(line: MaskedLine, wanted: number, style: Style, index: number): string {
  const width = line.text.length;
  const column = Math.min(wanted, Math.max(0, width - 4));
  const room = width - column;
  const fill = (length: number) => placeholderText(index.toString(36), length);
  let content: string;
  if (style === 'map') {
    // A key unique to this line (`uniqueKeys`), with a placeholder value.
    content =
      room >= 6
        ? `${fill(Math.ceil((room - 2) / 2))}: ${fill(Math.floor((room - 2) / 2))}`
        : room >= 4
          ? `${fill(room - 1)}:`
          : '';
  } else if (style === 'sequence') {
    content = room >= 3 ? `- ${fill(room - 2)}` : '';
  } else {
    content = room >= 1 ? fill(room) : '';
  }
  // Too short to hold it at its column (indent 40 on a short line): blank, the key above it reads as empty.
  return content === '' || column !== wanted ? ' '.repeat(width) : ' '.repeat(column) + content;
}

/**
 * `labels: {{ include "labels" . | nindent 4 }}` followed by more lines of the labels' block: the action's output and
 * those lines are one block under the key, so the placeholder becomes a comment (`#` and placeholder characters,
 * which still tell documentHasActions that an action prints here) and the key takes the block below. Bottom up, so the
 * nearest line of content or output below each line is known without looking (indents are those before the comments:
 * a comment goes after a key, it never changes a line's shape).
 */
export function commentTrailingBlocks(lines: MaskedLine[], indents: Int32Array): void {
  let next = -1;
  for (let index = lines.length - 1; index >= 0; index--) {
    const line = lines[index];
    const trailing = line.trailingBlock;
    if (trailing && next !== -1 && (line.text[trailing.from - 1] === ' ' || line.text[trailing.from - 1] === '\t')) {
      const nextOutput = lines[next].output;
      const indent = nextOutput ? nextOutput.column : indents[next];
      if (indent > trailing.keyIndent) {
        const comment = '#' + TEMPLATE_PLACEHOLDER.repeat(trailing.length - 1);
        line.text = line.text.slice(0, trailing.from) + comment + line.text.slice(trailing.from + trailing.length);
      }
    }
    if (line.output || indents[index] !== -1) next = index;
  }
}
