import type { Position, Range, TextEdit } from 'vscode-languageserver-types';
import type { Finding } from '../types';
import { splitYamlDocuments, type YamlChunk } from '../yaml/chunks';
import { analyzeYamlDocument, type DocumentAnalysis } from './analyze';

/** One document of a YAML file with its analysis placed in the file's coordinates. */
export interface PlacedDocument {
  chunk: YamlChunk;
  analysis: DocumentAnalysis;
}

/**
 * Analyses a whole YAML file document by document, keeping each document's analysis keyed by its text: an edit
 * re-analyses only the documents whose text changed, and documents that merely moved (lines added above them)
 * are shifted, not re-parsed.
 */
export class YamlFileAnalyzer {
  private cache = new Map<string, DocumentAnalysis>();

  analyze(text: string): { documents: PlacedDocument[]; findings: Finding[] } {
    const next = new Map<string, DocumentAnalysis>();
    const documents: PlacedDocument[] = [];
    const findings: Finding[] = [];
    for (const chunk of splitYamlDocuments(text)) {
      let analysis = next.get(chunk.text) ?? this.cache.get(chunk.text);
      if (!analysis) analysis = analyzeYamlDocument(chunk.text);
      next.set(chunk.text, analysis);
      documents.push({ chunk, analysis });
      for (const found of analysis.findings) findings.push(shiftFinding(found, chunk.line));
    }
    this.cache = next;
    return { documents, findings };
  }
}

export function shiftFinding(found: Finding, lines: number): Finding {
  if (lines === 0) return found;
  return {
    ...found,
    range: shiftRange(found.range, lines),
    fixes: found.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((edit) => shiftEdit(edit, lines)) })),
  };
}

function shiftEdit(edit: TextEdit, lines: number): TextEdit {
  return { range: shiftRange(edit.range, lines), newText: edit.newText };
}

export function shiftRange(range: Range, lines: number): Range {
  return { start: shiftPosition(range.start, lines), end: shiftPosition(range.end, lines) };
}

function shiftPosition(position: Position, lines: number): Position {
  return { line: position.line + lines, character: position.character };
}
