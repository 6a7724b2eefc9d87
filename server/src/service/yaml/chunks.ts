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
