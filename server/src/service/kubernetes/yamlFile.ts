import type { Position, Range, TextEdit } from 'vscode-languageserver-types';
import { analyzeTemplateAware } from '../helm/templateDocument';
import type { Finding } from '../types';
import { splitEditedYamlDocuments, type YamlChunk, type YamlSplit } from '../yaml/chunks';
import { analyzeYamlDocument, type DocumentAnalysis } from './analyze';
import { IGNORE_COMMENT_WORD } from './suppression';

/** One document of a YAML file with its analysis placed in the file's coordinates. */
export interface PlacedDocument {
  chunk: YamlChunk;
  analysis: DocumentAnalysis;
  /** Whether its text mentions `shipshape-ignore` (see suppression.ts): looked for once per document text. */
  mentionsIgnore: boolean;
}

/**
 * Analyses a whole YAML file document by document, keeping each document's analysis keyed by its text: an edit
 * re-analyses only the documents whose text changed, and documents that merely moved (lines added above them)
 * are shifted, not re-parsed.
 */
export class YamlFileAnalyzer {
  private cache = new Map<string, CachedDocument>();
  /** The latest text split: the next is an edit of it, most of whose documents are found again by comparison. */
  private split: YamlSplit | undefined;

  constructor(private readonly analyzeDocument: (text: string) => DocumentAnalysis = analyzeYamlDocument) {}

  analyze(text: string): { documents: PlacedDocument[]; findings: Finding[] } {
    const next = new Map<string, CachedDocument>();
    const documents: PlacedDocument[] = [];
    const findings: Finding[] = [];
    for (const chunk of this.chunksOf(text)) {
      let cached = next.get(chunk.text) ?? this.cache.get(chunk.text);
      // A Helm template (a document with `{{ ... }}` actions) is analysed masked: see helm/mask.ts.
      if (!cached)
        cached = {
          analysis: analyzeChunk(this.analyzeDocument, chunk.text),
          line: -1,
          placed: [],
          mentionsIgnore: mentionsIgnore(chunk.text),
        };
      // Shifting thousands of findings on every keystroke is most of an edit's cost: reuse them where the
      // document did not move.
      if (cached.line !== chunk.line) {
        cached = {
          analysis: cached.analysis,
          line: chunk.line,
          placed: cached.analysis.findings.map((found) => shiftFinding(found, chunk.line)),
          mentionsIgnore: cached.mentionsIgnore,
        };
      }
      next.set(chunk.text, cached);
      documents.push({ chunk, analysis: cached.analysis, mentionsIgnore: cached.mentionsIgnore });
      for (const found of cached.placed) findings.push(found);
    }
    this.cache = next;
    return { documents, findings };
  }

  /** The documents the next `analyze(text)` would have to analyse (none cached for them). */
  unanalyzed(text: string): YamlChunk[] {
    return this.chunksOf(text).filter((chunk) => !this.cache.has(chunk.text));
  }

  /** The file's documents: asked twice per validation of a large file (`unanalyzed`, then `analyze`), split once. */
  private chunksOf(text: string): readonly YamlChunk[] {
    if (this.split?.text === text) return this.split.chunks;
    const chunks = splitEditedYamlDocuments(text, this.split);
    this.split = { text, chunks };
    return chunks;
  }

  /**
   * Adds analyses made elsewhere (a worker thread running `analyzeChunk` with the same analyser) to the cache, so
   * that the next `analyze` reuses them. They are keyed by text, so they hold whatever version they came from. Each
   * comes with its findings already placed at the line the document was at (`placeFindings`): a large file's next
   * validation then shifts nothing.
   */
  seed(texts: readonly string[], placed: readonly PlacedAnalysis[]): void {
    texts.forEach((chunkText, index) => {
      if (this.cache.has(chunkText)) return;
      const { line, findings, summary } = placed[index];
      let unplaced: Finding[] | undefined;
      const analysis: DocumentAnalysis = {
        // In the document's own coordinates again only if it moves (an edit above it): then it is shifted anyway.
        get findings() {
          return (unplaced ??= findings.map((found) => shiftFinding(found, -line)));
        },
        ...(summary ? { summary } : {}),
      };
      this.cache.set(chunkText, { analysis, line, placed: findings, mentionsIgnore: mentionsIgnore(chunkText) });
    });
  }
}

/** A document's analysis with its findings placed in the file (at `line`), as `seed` takes it. */
export interface PlacedAnalysis {
  line: number;
  findings: Finding[];
  summary?: DocumentAnalysis['summary'];
}

/** Places an analysis's findings at the line its document starts on in the file. */
export function placeFindings(analysis: DocumentAnalysis, line: number): PlacedAnalysis {
  return {
    line,
    findings: analysis.findings.map((found) => shiftFinding(found, line)),
    ...(analysis.summary ? { summary: analysis.summary } : {}),
  };
}

/** One document's analysis, as `YamlFileAnalyzer` makes it: Helm template actions masked first. */
export function analyzeChunk(analyzeDocument: (text: string) => DocumentAnalysis, text: string): DocumentAnalysis {
  return analyzeTemplateAware(analyzeDocument, text);
}

interface CachedDocument {
  analysis: DocumentAnalysis;
  /** The line the placed findings were shifted to. */
  line: number;
  placed: Finding[];
  mentionsIgnore: boolean;
}

/**
 * Whether a document's text may hold a suppression comment: a file none of whose documents does has none, known
 * without searching its 2 MB again at every edit (documents split at line starts, so no mention spans two).
 */
function mentionsIgnore(text: string): boolean {
  return text.includes(IGNORE_COMMENT_WORD);
}

export function shiftFinding(found: Finding, lines: number): Finding {
  if (lines === 0) return found;
  return {
    ...found,
    range: shiftRange(found.range, lines),
    fixes: found.fixes.map((fix) => ({
      ...fix,
      edits: fix.edits.map((edit) => shiftEdit(edit, lines)),
      ...(fix.snippet ? { snippet: shiftEdit(fix.snippet, lines) } : {}),
    })),
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
