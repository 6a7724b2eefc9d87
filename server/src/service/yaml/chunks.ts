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

const DOCUMENT_START = /^---(?=[ \t\r\n]|$)/gm;

/** Offsets where a document starts after the first one (each a `---` line). */
export function documentStartOffsets(text: string): number[] {
  const starts: number[] = [];
  DOCUMENT_START.lastIndex = 0;
  for (let match; (match = DOCUMENT_START.exec(text)); ) {
    if (match.index > 0) starts.push(match.index);
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
    // The previous line starts after the newline before the one that ends it. At the second line of the text
    // (start 1, a blank first line) there is none: lastIndexOf with a negative index would find the newline at
    // offset 0 again and loop for ever.
    start = start >= 2 ? text.lastIndexOf('\n', start - 2) + 1 : 0;
    startLine--;
  }
  let end = text.indexOf('\n', lineStart);
  while (end !== -1 && !isDocumentStart(text, end + 1)) end = text.indexOf('\n', end + 1);
  return { text: text.slice(start, end === -1 ? text.length : end + 1), offset: start, line: startLine };
}

function countLines(text: string): number {
  let count = 0;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) count++;
  return count;
}
