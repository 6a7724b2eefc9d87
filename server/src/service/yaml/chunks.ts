/**
 * Splits a multi-document YAML file into its documents without parsing it.
 *
 * A `---` at the start of a line, followed by white space or the line's end, always starts a new document: YAML
 * forbids that sequence inside any scalar at column 0, so this split agrees with a full parse. It lets the server
 * parse and validate each document on its own and re-validate only the documents an edit touched.
 */
export interface YamlChunk {
  /** The document's text, its `---` line included. */
  text: string;
  /** Offset of the chunk's first character in the file. */
  offset: number;
  /** Zero-based line of the chunk's first character in the file: chunks always start at a line start. */
  line: number;
}

/**
 * Offsets where a document starts after the first one (each a `---` line). Lines are counted as the editor counts
 * them (vscode-languageserver-textdocument): `\r\n`, `\n` and a lone `\r` each end a line; U+2028 and U+2029 do
 * not (JavaScript's multiline `^` would start a line after them too, and put every later range off its line).
 */
export function documentStartOffsets(text: string): number[] {
  const starts: number[] = [];
  for (let at = text.indexOf('---', 1); at !== -1; at = text.indexOf('---', at + 3)) {
    const before = text.charCodeAt(at - 1);
    if ((before === 10 || before === 13) && isDocumentStart(text, at)) starts.push(at);
  }
  return starts;
}

/** Whether the line starting at `lineStart` is a `---` document start. */
export function isDocumentStart(text: string, lineStart: number): boolean {
  return text.startsWith('---', lineStart) && (lineStart + 3 === text.length || /[ \t\r\n]/.test(text[lineStart + 3]));
}

export function splitYamlDocuments(text: string): YamlChunk[] {
  const chunks: YamlChunk[] = [];
  let offset = 0;
  let line = 0;
  for (const end of [...documentStartOffsets(text), text.length]) {
    const chunkText = text.slice(offset, end);
    chunks.push({ text: chunkText, offset, line });
    line += countLines(chunkText);
    offset = end;
  }
  return chunks;
}

/**
 * The document that holds a line, given the offset where that line starts: found by looking for the `---` lines
 * around it, not by splitting the whole file, so that completion in a 2 MB file does not pay for 1,999 other documents.
 */
export function chunkAt(text: string, line: number, lineStart: number): YamlChunk {
  let start = lineStart;
  let startLine = line;
  while (start > 0 && !isDocumentStart(text, start)) {
    start = previousLineStart(text, start);
    startLine--;
  }
  let end = nextLineStart(text, lineStart);
  while (end !== -1 && !isDocumentStart(text, end)) end = nextLineStart(text, end);
  return { text: text.slice(start, end === -1 ? text.length : end), offset: start, line: startLine };
}

/**
 * The start of the line before the one starting at `lineStart` (> 0): back over that line's break (`\n`, `\r\n`
 * or `\r`), then to just after the break before it. Always moves back, so the walk in chunkAt ends (it once
 * looped for ever at the second line of a text with a blank first line).
 */
function previousLineStart(text: string, lineStart: number): number {
  let at = lineStart - 1;
  if (text[at] === '\n' && text[at - 1] === '\r') at--;
  while (at > 0 && text[at - 1] !== '\n' && text[at - 1] !== '\r') at--;
  return Math.max(0, at);
}

/** The start of the line after the one that holds `offset`, or -1 on the last line. */
function nextLineStart(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  const ret = text.indexOf('\r', offset);
  if (ret === -1 || (newline !== -1 && newline < ret)) return newline === -1 ? -1 : newline + 1;
  return text.charCodeAt(ret + 1) === 10 ? ret + 2 : ret + 1;
}

/** Line breaks in a text, counted as the editor counts them. */
export function countLines(text: string): number {
  // Two indexOf passes (each a fast scan) instead of a loop over every character: `\n`s, then lone `\r`s.
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count++;
  for (let at = text.indexOf('\r'); at !== -1; at = text.indexOf('\r', at + 1))
    if (text.charCodeAt(at + 1) !== 10) count++;
  return count;
}

/** A text and its split, as `splitYamlDocuments` made it: what `splitEditedYamlDocuments` starts from. */
export interface YamlSplit {
  readonly text: string;
  readonly chunks: readonly YamlChunk[];
}

/**
 * `splitYamlDocuments(text)` for a text that is an edit of `before.text` (the same file one keystroke later): the
 * documents before and after the edited region are recognised by comparing their text where they now sit (a native
 * comparison, no scan for lines) and kept as they were (the very same strings, so that caches keyed by them find
 * them without hashing 2 MB again); only the region between them is split anew. The result equals
 * `splitYamlDocuments(text)` (test/unit/chunks.test.ts checks it on random edits).
 *
 * A kept document still ends where the next one starts: every document but the last ends with a line break, so a
 * `---` found inside it before is inside it now, and one found at its end is checked again (`isDocumentStart`).
 */
export function splitEditedYamlDocuments(text: string, before: YamlSplit | undefined): YamlChunk[] {
  if (!before || before.chunks.length === 0 || text.length === 0) return splitYamlDocuments(text);
  if (text === before.text) return [...before.chunks];
  const old = before.chunks;
  // Leading documents unchanged: each starts where it did and the next still starts right after it.
  let head = 0;
  let headEnd = 0;
  while (head < old.length - 1) {
    const chunk = old[head];
    const end = chunk.offset + chunk.text.length;
    if (!textAt(text, chunk.offset, chunk.text) || !isDocumentStart(text, end)) break;
    headEnd = end;
    head++;
  }
  // Trailing documents unchanged: the same text, as far from the end as before, each starting at a `---` line.
  const shift = text.length - before.text.length;
  let tail = old.length;
  let tailStart = text.length;
  while (tail > head) {
    const chunk = old[tail - 1];
    const offset = chunk.offset + shift;
    const previous = text.charCodeAt(offset - 1);
    if (
      offset <= 0 ||
      offset < headEnd ||
      (previous !== 10 && previous !== 13) ||
      !isDocumentStart(text, offset) ||
      !textAt(text, offset, chunk.text)
    )
      break;
    tailStart = offset;
    tail--;
  }
  const chunks = old.slice(0, head);
  let line = head > 0 ? old[head - 1].line + countLines(old[head - 1].text) : 0;
  // The region between, split as splitYamlDocuments splits (a document starts at a `---` line, never at offset 0).
  const ends: number[] = [];
  for (let at = text.indexOf('---', headEnd + 1); at !== -1 && at < tailStart; at = text.indexOf('---', at + 3)) {
    const previous = text.charCodeAt(at - 1);
    if ((previous === 10 || previous === 13) && isDocumentStart(text, at)) ends.push(at);
  }
  ends.push(tailStart);
  let offset = headEnd;
  for (const end of ends) {
    if (end === offset) continue; // nothing between the kept documents
    const chunkText = text.slice(offset, end);
    chunks.push({ text: chunkText, offset, line });
    line += countLines(chunkText);
    offset = end;
  }
  // The documents after: moved by as many lines as the region between gained or lost (no line is counted again).
  const lineShift = tail < old.length ? line - old[tail].line : 0;
  for (let index = tail; index < old.length; index++) {
    const chunk = old[index];
    chunks.push(
      shift === 0 && lineShift === 0
        ? chunk
        : { text: chunk.text, offset: chunk.offset + shift, line: chunk.line + lineShift },
    );
  }
  return chunks;
}

/** Whether `text` holds `part` at `offset`: a slice compared whole is a native comparison, ten times startsWith's speed. */
function textAt(text: string, offset: number, part: string): boolean {
  return text.slice(offset, offset + part.length) === part;
}
