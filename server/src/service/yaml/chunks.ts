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

export function splitYamlDocuments(text: string): YamlChunk[] {
  const starts: number[] = [];
  DOCUMENT_START.lastIndex = 0;
  for (let match; (match = DOCUMENT_START.exec(text)); ) {
    if (match.index > 0) starts.push(match.index);
  }
  const chunks: YamlChunk[] = [];
  let offset = 0;
  let line = 0;
  for (const end of [...starts, text.length]) {
    const chunkText = text.slice(offset, end);
    chunks.push({ text: chunkText, offset, line });
    line += countLines(chunkText);
    offset = end;
  }
  return chunks;
}

function countLines(text: string): number {
  let count = 0;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) count++;
  return count;
}
