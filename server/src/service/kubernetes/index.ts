import type { CompletionList, Hover, Position } from 'vscode-languageserver-types';
import type { Finding } from '../types';
import { splitYamlDocuments, type YamlChunk } from '../yaml/chunks';
import { isKnownManifest, ManifestDocument } from './manifest';
import { identityCompletion, schemaCompletion, schemaHover, shiftCompletion, shiftHover } from './schemaAssist';
import { YamlFileAnalyzer, type PlacedDocument } from './yamlFile';

/** Kubernetes intelligence for YAML files: validation (cached per document, per file), completion and hover. */
export class KubernetesService {
  private readonly analyzers = new Map<string, YamlFileAnalyzer>();

  validate(uri: string, text: string): { findings: Finding[]; documents: PlacedDocument[] } {
    let analyzer = this.analyzers.get(uri);
    if (!analyzer) {
      analyzer = new YamlFileAnalyzer();
      this.analyzers.set(uri, analyzer);
    }
    return analyzer.analyze(text);
  }

  async complete(text: string, position: Position): Promise<CompletionList> {
    const chunk = chunkAt(text, position.line);
    const local = { line: position.line - chunk.line, character: position.character };
    const manifest = new ManifestDocument(chunk.text);
    // The top-level apiVersion and kind values come from our own table: they pick the schema, so it cannot offer them.
    const linePrefix = (chunk.text.split('\n')[local.line] ?? '').slice(0, local.character);
    const identity = identityCompletion(linePrefix, manifest.kind);
    if (identity.length > 0 || !isKnownManifest(manifest)) return { isIncomplete: false, items: identity };
    return shiftCompletion(await schemaCompletion(manifest, local), chunk.line);
  }

  async hover(text: string, position: Position): Promise<Hover | null> {
    const chunk = chunkAt(text, position.line);
    const manifest = new ManifestDocument(chunk.text);
    if (!isKnownManifest(manifest)) return null;
    return shiftHover(await schemaHover(manifest, { line: position.line - chunk.line, character: position.character }), chunk.line);
  }

  forget(uri: string): void {
    this.analyzers.delete(uri);
  }
}

/** The document (of a multi-document file) that holds a line. */
function chunkAt(text: string, line: number): YamlChunk {
  const chunks = splitYamlDocuments(text);
  let found = chunks[0];
  for (const chunk of chunks) {
    if (chunk.line > line) break;
    found = chunk;
  }
  return found;
}
