import { firstNonSpace } from './maskedLines';
import { placeholderText } from './placeholderText';

/** A masked line: where it starts in the text and what it reads now (same length as the original). */
interface Line {
  start: number;
  text: string;
}

/** `key: |`, `- >-`, `|+` (a comment may follow): a block scalar whose indentation its first content line decides. */
const AUTO_INDENTED_HEADER = /(?:^\s*|[:-]\s+)[|>][+-]?\s*(?:#.*)?$/;

/**
 * Gives a masked line at the start of a block scalar the content it has in the template. Inside a `|` or `>` scalar
 * an action is text: `{{- if .Values.debug }}` above `set -x` is the scalar's first content line. Masked to spaces,
 * it would be a leading blank line longer than the lines below, which YAML refuses ("Block scalars with more-indented
 * leading empty lines must use an explicit indentation indicator"): an error of the masking, not of the template,
 * which parses as YAML and renders. Such a line becomes placeholder characters at the scalar's indentation (offsets
 * kept): the scalar's text is the template's to decide. A blank line of the template itself stays as it is, so a
 * real slip of this kind is still reported.
 *
 * One pass over the lines: a line is looked at as a header or as part of one block scalar, never twice.
 */
export function fillMaskedBlockScalarStarts(lines: Line[], original: string): void {
  let state: 'outside' | 'leading' | 'body' = 'outside';
  let headerIndent = 0;
  let bodyIndent = 0;
  const leading: number[] = [];
  for (let index = 0; index < lines.length; index++) {
    const { text } = lines[index];
    const indent = firstNonSpace(text);
    if (state === 'leading') {
      if (indent === -1) {
        leading.push(index);
        continue;
      }
      if (indent > headerIndent) {
        for (const blank of leading) fillAt(lines[blank], indent, original);
        state = 'body';
        bodyIndent = indent;
        continue;
      }
      state = 'outside';
    } else if (state === 'body') {
      if (indent === -1 || indent >= bodyIndent) continue;
      state = 'outside';
    }
    if (indent !== -1 && AUTO_INDENTED_HEADER.test(text)) {
      state = 'leading';
      headerIndent = indent;
      leading.length = 0;
    }
  }
}

/** A blank line longer than the scalar's indentation, blank only because it was masked: placeholder text from there. */
function fillAt(line: Line, column: number, original: string): void {
  if (line.text.length <= column) return;
  if (firstNonSpace(original.slice(line.start, line.start + line.text.length)) === -1) return;
  line.text = ' '.repeat(column) + placeholderText(`b${line.start.toString(36)}`, line.text.length - column);
}
