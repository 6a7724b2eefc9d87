import { blankBranchesThatContinueOutside } from './maskBranches';
import { findActions, type TemplateAction } from './actions';

/**
 * The character a masked template action is written with (Unicode private use: it never occurs in a real manifest,
 * and YAML reads it as an ordinary plain-scalar character). A value that contains it came from an action: its type,
 * enum and format are unknown until helm renders the chart.
 */
export const TEMPLATE_PLACEHOLDER = '\uE000';

/** Whether a scalar (key or value) of a masked template came from a template action. */
export function isTemplatePlaceholder(value: string): boolean {
  return value.includes(TEMPLATE_PLACEHOLDER);
}

/**
 * A message or value for people: placeholder characters shown as `{{…}}`, which is what the template has there.
 */
export function readablePlaceholders(text: string): string {
  return text.includes(TEMPLATE_PLACEHOLDER) ? text.replace(PLACEHOLDER_RUN, '{{…}}') : text;
}

const PLACEHOLDER_RUN = /\uE000[0-9a-z]*\uE000*/g;

/** Whether a text holds Go template actions: such a YAML file is read as a template (masked) before it is parsed. */
export function hasTemplateActions(text: string): boolean {
  return text.includes('{{');
}

/**
 * Whether a masked document has actions that print something: a field missing from its text may come from one
 * (`{{- include "labels" . | nindent 4 }}`), so "missing required field" cannot be said of it.
 */
export function documentHasActions(maskedText: string): boolean {
  return maskedText.includes(TEMPLATE_PLACEHOLDER);
}

/**
 * Masks a Helm template into YAML that parses like the rendered chart would, with every offset kept (same length,
 * same line breaks), so findings on the masked text land on the template's own lines.
 *
 * - An action inside a line (`image: "{{ .Values.image }}"`, `replicas: {{ .Values.n }}`) becomes placeholder
 *   characters: a scalar that contains TEMPLATE_PLACEHOLDER. Equal actions mask to equal text, so the HPA of a chart
 *   and its Deployment still share a name (`{{ include "chart.fullname" . }}` in both).
 * - A line holding only actions that print nothing (`{{- if }}`, `{{- end }}`, comments) becomes blank.
 * - A line holding only an action that prints YAML (`{{- include "labels" . | nindent 4 }}`) becomes, at the column its
 *   output starts (nindent N), what the lines around it are: a placeholder key in a map, a placeholder item in a
 *   sequence, or the placeholder value of the key above when it is that key's whole value.
 * - `define` bodies print nothing where they stand: blank.
 * - A key written twice in exclusive branches (`{{ if }} type: A {{ else }} type: B {{ end }}`) is renamed to a
 *   placeholder in the later branch: one rendering never holds both.
 */
export function maskTemplate(text: string): string {
  if (!hasTemplateActions(text)) return text;
  const actions = findActions(text);
  const pieces = withDefineRegions(actions);
  const branches = branchSignatures(actions);
  const lines = maskLines(text, pieces);
  placeOutputLines(lines);
  commentTrailingBlocks(lines);
  blankBranchesThatContinueOutside(lines, actions);
  renameExclusiveDuplicateKeys(lines, branches);
  return lines.map((line) => line.text + line.ending).join('');
}

/** A stretch of the text that masking replaces: one action, or a whole `define ... end` region. */
interface Piece {
  start: number;
  end: number;
  /** Blank it (a define region, a line's continuation); otherwise write placeholder characters. */
  blank: boolean;
  /**
   * Its placeholder is its own, not shared with equal action text elsewhere: inside a `range` or reading a variable,
   * two equal actions print different values (two env names from `{{ $name }}` are not one name).
   */
  unique: boolean;
  action?: TemplateAction;
  placeholder: string;
}

interface MaskedLine {
  /** Offset of the line's first character in the text. */
  start: number;
  text: string;
  /** The line break (`\n`, `\r\n`) or '' at the end of the text. */
  ending: string;
  /** A line of nothing but actions, one of which prints YAML: its content is decided from the lines around it. */
  output?: { column: number; pieces: Piece[] };
  /**
   * `key: {{ include "x" . | nindent 4 }}`: an action that prints a block under the key. When lines of the key's
   * block follow, its placeholder becomes a comment (the key's value is the block below, which it joins).
   */
  trailingBlock?: { from: number; length: number; keyIndent: number };
}

function withDefineRegions(actions: readonly TemplateAction[]): Piece[] {
  const pieces: Piece[] = [];
  let depth = 0;
  let defineStart = -1;
  /** For each open block, whether it is a range: equal actions in a range body print different values. */
  const open: boolean[] = [];
  let ranges = 0;
  for (const action of actions) {
    if (action.effect === 'open') {
      open.push(action.ranges);
      if (action.ranges) ranges++;
    } else if (action.effect === 'close' && open.length > 0 && open.pop()) {
      ranges--;
    }
    if (defineStart !== -1) {
      if (action.effect === 'open') depth++;
      else if (action.effect === 'close' && --depth === 0) {
        pieces.push({ start: defineStart, end: action.end, blank: true, unique: true, placeholder: '' });
        defineStart = -1;
      }
      continue;
    }
    if (action.defines) {
      defineStart = action.start;
      depth = 1;
      continue;
    }
    pieces.push({
      start: action.start,
      end: action.end,
      blank: false,
      unique: ranges > 0 || action.readsVariable,
      action,
      placeholder: '',
    });
  }
  // A define never closed (being typed): blank to the end, helm reports the missing end.
  if (defineStart !== -1)
    pieces.push({ start: defineStart, end: Number.MAX_SAFE_INTEGER, blank: true, unique: true, placeholder: '' });
  return pieces;
}

function maskLines(text: string, pieces: readonly Piece[]): MaskedLine[] {
  const lines: MaskedLine[] = [];
  let next = 0;
  for (let start = 0; start <= text.length;) {
    const newline = text.indexOf('\n', start);
    const breakAt = newline === -1 ? text.length : newline;
    const bodyEnd = breakAt > start && text[breakAt - 1] === '\r' ? breakAt - 1 : breakAt;
    while (next < pieces.length && pieces[next].end <= start) next++;
    const touching: Piece[] = [];
    for (let index = next; index < pieces.length && pieces[index].start < bodyEnd; index++)
      touching.push(pieces[index]);
    lines.push({
      start,
      ending: text.slice(bodyEnd, newline === -1 ? text.length : newline + 1),
      ...maskLine(text, start, bodyEnd, touching),
    });
    if (newline === -1) break;
    start = newline + 1;
  }
  return lines;
}

function maskLine(
  text: string,
  start: number,
  end: number,
  pieces: readonly Piece[],
): Pick<MaskedLine, 'text' | 'output' | 'trailingBlock'> {
  const original = text.slice(start, end);
  if (pieces.length === 0) return { text: original };
  let residue = false;
  let cursor = start;
  for (const piece of pieces) {
    if (/\S/.test(text.slice(cursor, Math.max(cursor, piece.start)))) residue = true;
    cursor = Math.max(cursor, piece.end);
  }
  if (cursor < end && /\S/.test(text.slice(cursor, end))) residue = true;
  if (!residue) {
    // Nothing but actions on this line. The ones that start here decide it; the rest of a longer action is blank.
    const printing = pieces.filter((piece) => piece.start >= start && !piece.blank && piece.action?.kind === 'output');
    if (printing.length === 0) return { text: ' '.repeat(end - start) };
    const last = printing[printing.length - 1];
    return {
      text: ' '.repeat(end - start),
      output: { column: last.action?.indent ?? printing[0].start - start, pieces: printing },
    };
  }
  let masked = '';
  cursor = start;
  for (const piece of pieces) {
    const from = Math.max(piece.start, start);
    const to = Math.min(piece.end, end);
    masked += text.slice(cursor, Math.max(cursor, from));
    if (to > from) {
      // The rest of an action that began on an earlier line is blank: only its first line carries the placeholder.
      masked +=
        piece.blank || piece.start < start ? ' '.repeat(to - from) : placeholderOf(text, piece).slice(0, to - from);
    }
    cursor = Math.max(cursor, to);
  }
  const result = masked + text.slice(cursor, end);
  const last = pieces[pieces.length - 1];
  if (
    last.action?.kind === 'output' &&
    last.action.indent !== undefined &&
    last.start > start &&
    last.end <= end &&
    !/\S/.test(text.slice(last.end, end))
  ) {
    const before = text.slice(start, last.start);
    const key = /^(\s*)(?:-\s+)*[^\s#].*:\s+$/.exec(before);
    if (key)
      return {
        text: result,
        trailingBlock: { from: last.start - start, length: last.end - last.start, keyIndent: key[1].length },
      };
  }
  return { text: result };
}

/** Placeholder characters for an action, the same for the same action text: `\uE000` + a short hash, padded. */
function placeholderOf(text: string, piece: Piece): string {
  if (piece.placeholder === '') {
    const length = piece.end - piece.start;
    const tag = hash(text, piece.start, piece.end);
    piece.placeholder = placeholderText(piece.unique ? piece.start.toString(36) + 'x' + tag : tag, length);
  }
  return piece.placeholder;
}

function placeholderText(tag: string, length: number): string {
  if (length <= 2) return TEMPLATE_PLACEHOLDER.repeat(length);
  const middle = tag.slice(0, length - 2);
  return TEMPLATE_PLACEHOLDER + middle + TEMPLATE_PLACEHOLDER.repeat(length - 1 - middle.length);
}

/** FNV-1a over the action's text, in base 36. */
function hash(text: string, start: number, end: number): string {
  let value = 0x811c9dc5;
  for (let index = start; index < end; index++) {
    value ^= text.charCodeAt(index);
    value = Math.imul(value, 0x01000193);
  }
  return (value >>> 0).toString(36);
}

type Style = 'map' | 'sequence' | 'scalar';

/**
 * `labels: {{ include "labels" . | nindent 4 }}` followed by more lines of the labels' block: the action's output and
 * those lines are one block under the key, so the placeholder becomes a comment (`#` and placeholder characters,
 * which still tell documentHasActions that an action prints here) and the key takes the block below.
 */
function commentTrailingBlocks(lines: MaskedLine[]): void {
  for (let index = 0; index < lines.length; index++) {
    const trailing = lines[index].trailingBlock;
    if (!trailing) continue;
    const line = lines[index];
    if (line.text[trailing.from - 1] !== ' ' && line.text[trailing.from - 1] !== '\t') continue;
    for (let other = index + 1; other < Math.min(lines.length, index + NEIGHBOUR_LINES); other++) {
      const shape = lines[other].output ? { indent: lines[other].output!.column } : shapeOf(lines[other].text);
      if (!shape) continue;
      if (shape.indent > trailing.keyIndent) {
        const comment = '#' + TEMPLATE_PLACEHOLDER.repeat(trailing.length - 1);
        line.text = line.text.slice(0, trailing.from) + comment + line.text.slice(trailing.from + trailing.length);
      }
      break;
    }
  }
}

interface LineShape {
  indent: number;
  /** The column of the content after `- ` markers (the key of `- name: x` is at indent + 2). */
  contentColumn: number;
  sequenceItem: boolean;
}

/** How far to look for a neighbour of an output line: enough for any real template, bounded on hostile input. */
const NEIGHBOUR_LINES = 200;

/** Writes each output line as a key, an item or a value, after the lines around it; blank when it cannot fit. */
function placeOutputLines(lines: MaskedLine[]): void {
  let previous: { index: number; column: number; style: Style } | undefined;
  for (let index = 0; index < lines.length; index++) {
    const output = lines[index].output;
    if (!output) {
      if (shapeOf(lines[index].text)) previous = undefined;
      continue;
    }
    // Consecutive output lines at one column are one run: they take the style the first one found.
    const style = previous && previous.column === output.column ? previous.style : styleAt(lines, index, output.column);
    previous = { index, column: output.column, style };
    lines[index].text = outputLineText(lines[index], output.column, style, index);
  }
}

function styleAt(lines: readonly MaskedLine[], index: number, column: number): Style {
  // Above: the nearest line at the output's column is a sibling (a key or an item), or the key whose value it is.
  let deeper = false;
  for (let other = index - 1; other >= Math.max(0, index - NEIGHBOUR_LINES); other--) {
    const line = lines[other];
    if (line.output) {
      deeper ||= line.output.column > column;
      continue;
    }
    const shape = shapeOf(line.text);
    if (!shape) continue;
    if (shape.indent === column) {
      if (!shape.sequenceItem && /:\s*$/.test(line.text)) {
        // `args:` right above, with nothing between: the output is that key's sequence, written at the key's own
        // indent (`{{- toYaml .Values.args | nindent 10 }}`); with lines between, the key has its value already.
        return deeper ? 'map' : 'sequence';
      }
      return shape.sequenceItem ? 'sequence' : 'map';
    }
    // `- name: x` above an output at the column of `name`: more keys of that item.
    if (shape.sequenceItem && shape.contentColumn === column) return 'map';
    if (shape.indent < column) break;
    deeper = true;
  }
  // Below: the first line at the output's column, before the block ends.
  for (let other = index + 1; other < Math.min(lines.length, index + NEIGHBOUR_LINES); other++) {
    const line = lines[other];
    if (line.output) continue;
    const shape = shapeOf(line.text);
    if (!shape) continue;
    if (shape.indent === column) return shape.sequenceItem ? 'sequence' : 'map';
    if (shape.indent < column) break;
  }
  return 'scalar';
}

/** The indentation of a line with content; undefined for blank and comment lines. */
function shapeOf(text: string): LineShape | undefined {
  const indent = text.search(/\S/);
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

/** The `if`/`range`/`with` branches each offset is in: a list of [block id, branch number], outermost first. */
type Branches = ReadonlyArray<readonly [number, number]>;

/** Branches are told apart this deep at most: each signature is a copy of the stack (hostile nesting stays linear). */
const MAX_BRANCH_DEPTH = 32;

function branchSignatures(actions: readonly TemplateAction[]): { at: number[]; signatures: Branches[] } {
  const at: number[] = [0];
  const signatures: Branches[] = [[]];
  let current: Array<readonly [number, number]> = [];
  let ids = 0;
  let untracked = 0;
  for (const action of actions) {
    if (action.kind !== 'control' || action.effect === 'none') continue;
    if (action.effect === 'open' && current.length >= MAX_BRANCH_DEPTH) untracked++;
    else if (action.effect === 'close' && untracked > 0) untracked--;
    else if (action.effect === 'branch' && untracked > 0) continue;
    else if (action.effect === 'open') current = [...current, [ids++, 0]];
    else if (action.effect === 'branch' && current.length > 0) {
      const [id, branch] = current[current.length - 1];
      current = [...current.slice(0, -1), [id, branch + 1]];
    } else if (action.effect === 'close') current = current.slice(0, -1);
    at.push(action.end);
    signatures.push(current);
  }
  return { at, signatures };
}

function exclusive(a: Branches, b: Branches): boolean {
  for (let index = 0; index < Math.min(a.length, b.length); index++) {
    if (a[index][0] !== b[index][0]) return false;
    if (a[index][1] !== b[index][1]) return true;
  }
  return false;
}

const KEY = /^(\s*)((?:-\s+)*)([^\s#:"'{[\]},&*!|>%@`-][^:#]*?|-[^\s:#][^:#]*?)\s*:(?=\s|$)/;

/**
 * Renames a key written again in a branch exclusive of the first writing (same map): YAML's unique-key check
 * would report it, and no rendering holds both.
 */
function renameExclusiveDuplicateKeys(lines: MaskedLine[], branches: { at: number[]; signatures: Branches[] }): void {
  if (branches.signatures.length === 1) return;
  const openers: Array<{ column: number; line: number }> = [];
  const seen = new Map<string, Branches[]>();
  let cursor = 0;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    while (cursor + 1 < branches.at.length && branches.at[cursor + 1] <= line.start) cursor++;
    const match = KEY.exec(line.text);
    if (!match) continue;
    const dash = match[1].length;
    const keyColumn = dash + match[2].length;
    if (match[2].length > 0) {
      while (openers.length > 0 && openers[openers.length - 1].column >= dash) openers.pop();
      openers.push({ column: dash, line: index });
    }
    while (openers.length > 0 && openers[openers.length - 1].column >= keyColumn) openers.pop();
    const parent = openers.length > 0 ? openers[openers.length - 1].line : -1;
    openers.push({ column: keyColumn, line: index });
    const signature = branches.signatures[cursor];
    const id = `${parent}\u0000${match[3]}`;
    const earlier = seen.get(id);
    if (!earlier) {
      seen.set(id, [signature]);
    } else if (earlier.every((other) => exclusive(other, signature))) {
      earlier.push(signature);
      const key = match[3];
      line.text =
        line.text.slice(0, keyColumn) +
        placeholderText(hashKey(key, index), key.length) +
        line.text.slice(keyColumn + key.length);
    }
  }
}

function hashKey(key: string, line: number): string {
  return (line.toString(36) + key.length.toString(36)).toLowerCase();
}
