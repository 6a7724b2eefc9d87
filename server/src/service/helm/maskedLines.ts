import type { TemplateAction } from './actions';
import { placeholderText } from './placeholderText';

/**
 * The first step of masking: the template cut into lines, each with its actions replaced in place (placeholder
 * characters, or blanks), and what the later steps need to know of it (an output line, a trailing block). One pass
 * over the lines and the actions together: each action is visited on the lines it touches only.
 */

/** A stretch of the text that masking replaces: one action, or a whole `define ... end` region. */
export interface Piece {
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

export interface MaskedLine {
  /** Offset of the line's first character in the text. */
  start: number;
  text: string;
  /** The line break (`\n`, `\r\n`) or '' at the end of the text. */
  ending: string;
  /** A line of nothing but actions, one of which prints YAML: its content is decided from the lines around it. */
  output?: {
    column: number;
    pieces: Piece[];
    /**
     * Its last action prints a named template with no `indent` after it (`{{ template "x.mounts" . }}`): where the
     * lines it prints go is the named template's own text (its `nindent`, its indented lines), not `column`.
     */
    placedByHelper: boolean;
  };
  /**
   * `key: {{ include "x" . | nindent 4 }}`: an action that prints a block under the key. When lines of the key's
   * block follow, its placeholder becomes a comment (the key's value is the block below, which it joins).
   */
  trailingBlock?: { from: number; length: number; keyIndent: number };
}

/** The actions masking replaces, in order: a `define ... end` region is one blank piece (its body prints elsewhere). */
export function withDefineRegions(actions: readonly TemplateAction[]): Piece[] {
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

/** The masked lines of the text, in order, each with its line break. */
export function maskLines(text: string, pieces: readonly Piece[]): MaskedLine[] {
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
  /**
   * Where the line's last YAML text outside actions ends (at most; a YAML comment is not such text): actions after it
   * that print nothing are blank.
   */
  let textEnd = start;
  let commented = false;
  let cursor = start;
  let afterSilent = true;
  const gap = (to: number) => {
    const between = text.slice(cursor, Math.max(cursor, to));
    if (!/\S/.test(between)) return;
    residue = true;
    if (commented) return;
    // `{{- if .x }}  # why`: the comment follows an action that prints nothing, so it is a comment in the rendering.
    const comment = afterSilent ? /(?:^|\s)#/.exec(between) : /\s#/.exec(between);
    const yaml = comment ? between.slice(0, comment.index) : between;
    if (/\S/.test(yaml)) textEnd = comment ? cursor + comment.index : Math.max(cursor, to);
    commented = comment !== null;
  };
  for (const piece of pieces) {
    gap(piece.start);
    if (piece.end > cursor) afterSilent = piece.blank || piece.action?.kind !== 'output';
    cursor = Math.max(cursor, piece.end);
  }
  if (cursor < end) gap(end);
  if (!residue) {
    // Nothing but actions on this line. The ones that start here decide it; the rest of a longer action is blank.
    const printing = pieces.filter((piece) => piece.start >= start && !piece.blank && piece.action?.kind === 'output');
    if (printing.length === 0) return { text: ' '.repeat(end - start) };
    const last = printing[printing.length - 1];
    return {
      text: ' '.repeat(end - start),
      output: {
        column: last.action?.indent ?? printing[0].start - start,
        pieces: printing,
        placedByHelper: last.action?.indent === undefined && last.action?.helper !== undefined,
      },
    };
  }
  const last = pieces[pieces.length - 1];
  const printsBlock =
    last.action?.kind === 'output' &&
    last.action.indent !== undefined &&
    last.start > start &&
    last.end <= end &&
    !/\S/.test(text.slice(last.end, end));
  const before = printsBlock ? text.slice(start, last.start) : '';
  // `updateStrategy:{{ toYaml .x | nindent 4 }}`: nindent prints the line break the colon needs after it. As
  // placeholder characters right after the colon, the key would read as one plain scalar `updateStrategy:…` with no
  // value ("Implicit keys need to be on a single line"); its placeholder starts with the space the rendering has.
  const joined = printsBlock && last.action?.startsLine === true && KEY_THEN_COLON.test(before);
  let masked = '';
  cursor = start;
  for (const piece of pieces) {
    const from = Math.max(piece.start, start);
    const to = Math.min(piece.end, end);
    masked += text.slice(cursor, Math.max(cursor, from));
    if (to > from) {
      // The rest of an action that began on an earlier line is blank: only its first line carries the placeholder.
      // So is an action that prints nothing after the line's text (`{{ with .x }}key: "{{ . }}"{{ end }}`): as
      // placeholder characters it would run on from the value (after a quoted one, "Unexpected scalar at node end").
      const blank = piece.blank || piece.start < start || (piece.start >= textEnd && piece.action?.kind !== 'output');
      if (blank) masked += ' '.repeat(to - from);
      else if (joined && piece === last) masked += ' ' + placeholderOf(text, piece).slice(0, to - from - 1);
      else masked += placeholderOf(text, piece).slice(0, to - from);
    }
    cursor = Math.max(cursor, to);
  }
  const result = leadingItemMarker(masked + text.slice(cursor, end), text, start, pieces);
  if (printsBlock) {
    const key = /^(\s*)(?:-\s+)*[^\s#].*:\s+$/.exec(before) ?? (joined ? /^(\s*)/.exec(before) : null);
    const shift = joined ? 1 : 0;
    if (key)
      return {
        text: result,
        trailingBlock: {
          from: last.start - start + shift,
          length: last.end - last.start - shift,
          keyIndent: key[1].length,
        },
      };
  }
  return { text: result };
}

/** `key:` (after `- ` markers) right before an action, with no space between: a key that is not a quoted string. */
const KEY_THEN_COLON = /^\s*(?:-\s+)*[^\s#'"](?:[^'":]|:(?!\s))*:$/;

/**
 * `{{ if $p }}- item{{ end }}`: a list item whose line starts with actions that print nothing. The rendering has the
 * `- ` where the first action starts; masked in place, the actions would be placeholder characters before the `-`,
 * one plain scalar where an item belongs. The `- ` moves to the first action's column (offsets kept): what follows
 * it is the item's scalar at its own offset, or (a key, whose further lines are written under the rendered `- `) a
 * placeholder-prefixed key at the column those lines are at.
 */
function leadingItemMarker(masked: string, text: string, start: number, pieces: readonly Piece[]): string {
  const column = firstNonSpace(masked);
  if (column === -1) return masked;
  let at = start + column;
  for (const piece of pieces) {
    if (piece.end <= at) continue;
    if (piece.start !== at || piece.blank || piece.action?.kind === 'output') break;
    at = piece.end;
  }
  const dash = at - start;
  if (dash === column || text[at] !== '-' || !(masked.length === dash + 1 || masked[dash + 1] === ' ')) return masked;
  const item = masked.slice(dash + 2);
  const filler = KEY_START.test(item)
    ? placeholderText(`i${at.toString(36)}`, dash - column)
    : ' '.repeat(dash - column);
  return (masked.slice(0, column) + '- ' + filler + item).slice(0, masked.length);
}

const KEY_START = /^[^\s#'"\-[{][^#]*?:(?:\s|$)/;

/** Placeholder characters for an action, the same for the same action text: `\uE000` + a short hash, padded. */
function placeholderOf(text: string, piece: Piece): string {
  if (piece.placeholder === '') {
    const length = piece.end - piece.start;
    const tag = hash(text, piece.start, piece.end);
    piece.placeholder = placeholderText(piece.unique ? piece.start.toString(36) + 'x' + tag : tag, length);
  }
  return piece.placeholder;
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

/**
 * The column of a line's first character that is not a space (as `\s` reads it), -1 for a blank line. Every line is
 * asked: spaces and tabs are skipped by hand, anything else but printable ASCII goes to the regular expression.
 */
export function firstNonSpace(text: string): number {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 32 || code === 9) continue;
    return code > 32 && code < 127 ? index : text.search(/\S/);
  }
  return -1;
}
