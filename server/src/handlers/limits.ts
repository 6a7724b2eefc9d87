import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { chunkAt } from '../service/yaml/chunks';
import { SOURCE } from '../service/types';

/**
 * Work bounded by size (issue 15, items 3 and 8): every request is answered within a second on any file up to
 * `maxFileSizeMB`. The Dockerfile library behind completion, hover, outline, folding and formatting parses the
 * whole file on every request (a 4 MB Dockerfile: 4 to 7 s each), so above this size those requests answer
 * nothing, and one information diagnostic says so. Diagnostics and quick fixes still run (they are cached per
 * version). YAML requests are bounded per document instead (see MAX_YAML_DOCUMENT_CHARS).
 */
export const DOCKERFILE_FEATURES_MAX_CHARS = 512 * 1024;

export const LARGE_FILE_CODE = 'shipshape/large-file';

/** Whether the whole-file features are off for this document. */
export function featuresOff(document: TextDocument): boolean {
  return document.languageId === 'dockerfile' && document.getText().length > DOCKERFILE_FEATURES_MAX_CHARS;
}

/** The note published with a document whose whole-file features are off. */
export function largeFileNote(document: TextDocument): Diagnostic | undefined {
  if (!featuresOff(document)) return undefined;
  const kilobytes = Math.round(document.getText().length / 1024);
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    source: SOURCE,
    code: LARGE_FILE_CODE,
    message: `This Dockerfile is ${kilobytes} KB: completion, hover, outline, folding and formatting are off above ${DOCKERFILE_FEATURES_MAX_CHARS / 1024} KB (diagnostics still run)`,
  };
}

/**
 * YAML completion and hover go through yaml-language-server, which re-parses the document under the cursor and
 * slows down far faster than its size grows (a 430 KB Deployment: 10 to 19 s per request). Above this size, or on
 * a line this long, they answer nothing. No real Deployment or HPA comes near it.
 */
export const YAML_ASSIST_MAX_DOCUMENT_CHARS = 64 * 1024;
export const ASSIST_MAX_LINE_CHARS = 16 * 1024;

/** Whether completion or hover at this position would cost more than a request may. */
export function assistOff(document: TextDocument, position: Position): boolean {
  if (featuresOff(document)) return true;
  const lineStart = document.offsetAt({ line: position.line, character: 0 });
  const lineEnd = document.offsetAt({ line: position.line + 1, character: 0 });
  if (lineEnd - lineStart > ASSIST_MAX_LINE_CHARS) return true;
  if (document.languageId !== 'yaml') return false;
  return chunkAt(document.getText(), position.line, lineStart).text.length > YAML_ASSIST_MAX_DOCUMENT_CHARS;
}
