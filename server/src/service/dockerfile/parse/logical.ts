/**
 * A logical line: an instruction's text with line continuations (and the comment lines between them) removed, and
 * a map back to document offsets, so every rule can work on the text BuildKit sees and still report exact ranges.
 */
export class Logical {
  /** Each segment: logical offset `at` starts at document offset `doc`; segments are in order. */
  constructor(
    readonly text: string,
    private readonly segments: ReadonlyArray<{ at: number; doc: number }>,
  ) {}

  static single(text: string, doc: number): Logical {
    return new Logical(text, [{ at: 0, doc }]);
  }

  /** The document offset of the character at logical offset `at`. */
  docOffset(at: number): number {
    const segments = this.segments;
    let low = 0;
    let high = segments.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (segments[middle].at <= at) low = middle;
      else high = middle - 1;
    }
    return segments[low].doc + (at - segments[low].at);
  }

  /** The document offset just after the character before logical offset `at` (for the end of a span). */
  docEnd(at: number): number {
    return at <= 0 ? this.docOffset(0) : this.docOffset(at - 1) + 1;
  }

  /**
   * The logical offset of document offset `doc` (the inverse of `docOffset`); an offset inside a removed
   * continuation maps to where the next segment starts.
   */
  logicalAt(doc: number): number {
    const segments = this.segments;
    let low = 0;
    let high = segments.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (segments[middle].doc <= doc) low = middle;
      else high = middle - 1;
    }
    const at = segments[low].at + Math.max(0, doc - segments[low].doc);
    const next = low + 1 < segments.length ? segments[low + 1].at : this.text.length;
    return Math.min(at, next);
  }

  /** The logical text of the document span `start`..`end` (continuations inside it removed). */
  textOf(start: number, end: number): string {
    return this.text.slice(this.logicalAt(start), end > start ? this.logicalAt(end - 1) + 1 : this.logicalAt(start));
  }

  /** The part from `from` to `to`, with its own map. */
  slice(from: number, to = this.text.length): Logical {
    const segments: Array<{ at: number; doc: number }> = [{ at: 0, doc: this.docOffset(from) }];
    for (const segment of this.segments) {
      if (segment.at > from && segment.at < to) segments.push({ at: segment.at - from, doc: segment.doc });
    }
    return new Logical(this.text.slice(from, to), segments);
  }
}

/** One instruction's logical line as read from the document: its text, where it ends, and its empty continuation lines. */
export interface ContinuedLine {
  body: Logical;
  /** Document offset of the end of the line's last (non-comment) physical line, `\r` excluded. */
  end: number;
  /** Document offsets of the empty lines inside the continuation. */
  emptyContinuations: number[];
}

/**
 * The logical line that starts at document offset `from` (just after an instruction's keyword, as dockerfile-ast
 * reports it): the physical lines joined where they end with the escape character, comment lines between them
 * skipped. dockerfile-ast parses the instruction but exposes neither this joined text (which the shell analysis of
 * RUN/CMD reads) nor where the first line ends when here-document bodies follow, nor the empty continuation lines
 * BuildKit warns about, so this one piece is read from the document text.
 */
export function readContinuedLine(text: string, from: number, escape: string): ContinuedLine {
  let currentEnd = lineEndAt(text, from);
  let escapeAt = continuationAt(text, from, currentEnd, escape);
  if (escapeAt === -1)
    return { body: Logical.single(text.slice(from, currentEnd), from), end: currentEnd, emptyContinuations: [] };
  const parts: string[] = [];
  const segments: Array<{ at: number; doc: number }> = [];
  const emptyContinuations: number[] = [];
  let length = 0;
  let segmentStart = from;
  let lastEnd = currentEnd;
  for (;;) {
    const segmentEnd = escapeAt === -1 ? currentEnd : escapeAt;
    segments.push({ at: length, doc: segmentStart });
    parts.push(text.slice(segmentStart, segmentEnd));
    length += segmentEnd - segmentStart;
    lastEnd = currentEnd;
    if (escapeAt === -1) break;
    // Continued: skip comment lines and note empty ones (not the file's last line); stop at the end of the file.
    let next = -1;
    let newline = text.indexOf('\n', currentEnd);
    while (newline !== -1) {
      const start = newline + 1;
      const end = lineEndAt(text, start);
      let first = start;
      while (first < end && isBlank(text.charCodeAt(first))) first++;
      newline = text.indexOf('\n', start);
      if (first === end) {
        if (newline !== -1) emptyContinuations.push(start);
        continue;
      }
      if (text[first] === '#') continue;
      next = start;
      break;
    }
    if (next === -1) break;
    segmentStart = next;
    currentEnd = lineEndAt(text, next);
    escapeAt = continuationAt(text, segmentStart, currentEnd, escape);
  }
  return {
    body: new Logical(parts.join(''), segments),
    end: lastEnd,
    emptyContinuations: emptyContinuations.filter((offset) => offset < lastEnd),
  };
}

/** The end of the line holding `start` (`\r` excluded). */
function lineEndAt(text: string, start: number): number {
  const newline = text.indexOf('\n', start);
  let end = newline === -1 ? text.length : newline;
  if (end > start && text.charCodeAt(end - 1) === 13) end--;
  return end;
}

function isBlank(code: number): boolean {
  return code === 32 || code === 9;
}

/** Where a line's continuation escape sits (trailing whitespace allowed after it), or -1. */
function continuationAt(text: string, start: number, end: number, escape: string): number {
  let index = end - 1;
  while (index >= start && isBlank(text.charCodeAt(index))) index--;
  return index >= start && text[index] === escape ? index : -1;
}
