import type { CompletionList, Hover, Position } from 'vscode-languageserver-types';
import type { Finding, Fix } from '../types';
import { maskTemplate, readablePlaceholders, TEMPLATE_PLACEHOLDER } from '../helm/mask';
import { mergeRenderedFindings } from '../helm/rendered';
import { checkJsonPatch } from '../kustomize/jsonPatch';
import { isJsonPatchText, type PatchTarget } from '../kustomize/kustomization';
import { chunkAt, documentStartOffsets } from '../yaml/chunks';
import { analyzeYamlDocument, contextKey, summarizeYamlDocument, type DocumentContext } from './analyze';
import { isKnownManifest, ManifestDocument } from './manifest';
import { hasSchema } from './kinds';
import { identityCompletion, schemaCompletion, schemaHover, shiftCompletion, shiftHover } from './schemaAssist';
import { ignoreHereFix, isSuppressed, readSuppressionComments } from './suppression';
import { WorkspaceIndex, type IndexedManifest } from './workspaceIndex';
import type { WorkspaceContext } from './workspaceRules/rule';
import { WorkspaceFindings } from './workspaceFindings';
import { UnitReader, type UnitInfo } from './units';
import { ImageBuildReader } from './imageBuilds';
import { analyzeChunk, YamlFileAnalyzer, type PlacedAnalysis, type PlacedDocument } from './yamlFile';
import type { FileSystem } from '../types';
import {
  NEWEST_KUBERNETES_VERSION,
  type ImageBuildRecord,
  type KubernetesVersion,
} from '../../../../common/src/contract';
import { NO_FILES } from '../types';
import { NO_SCHEMA_LANGUAGE, type YamlSchemaLanguageFactory } from '../yaml/schemaLanguage';

export interface KubernetesOptions {
  strictTargets: boolean;
  /** The Kubernetes version checked against: the newest bundled if unset. */
  kubernetesVersion?: KubernetesVersion;
}

/** Codes that "Ignore this rule here" is not offered for: broken YAML is fixed, not ignored. */
const NOT_IGNORABLE = new Set(['yaml/syntax', 'yaml/alias-limit']);

/**
 * Kubernetes intelligence for YAML files: validation (cached per document, per file), the workspace index that
 * cross-document rules read, suppression, completion and hover.
 */
export class KubernetesService {
  private readonly analyzers = new Map<string, { analyzer: YamlFileAnalyzer; context: string }>();
  private readonly units: UnitReader;
  private readonly builds: ImageBuildReader;
  readonly index = new WorkspaceIndex();
  /** The latest JSON 6902 patch checked, by text and target: a patch is re-checked only when it changes. */
  private jsonPatchMemo = { key: '', findings: [] as Finding[] };
  /** The rules across documents and files, memoised per object (see workspaceFindings.ts). */
  private readonly workspaceFindings = new WorkspaceFindings();
  /** Findings of the latest background `helm template` of a chart, by template URI (placed on its lines). */
  private readonly rendered = new Map<string, Map<string, Finding[]>>();

  constructor(
    fileSystem: FileSystem = NO_FILES,
    /** Completion and hover from the schemas (yaml-language-server, injected: see yaml/schemaLanguage.ts). */
    private readonly schemaLanguage: YamlSchemaLanguageFactory = NO_SCHEMA_LANGUAGE,
  ) {
    this.units = new UnitReader(fileSystem);
    this.builds = new ImageBuildReader(fileSystem);
  }

  /** The values files the user renders charts with (setting shipshape.helm.valueFiles): see isChartValuesFile. */
  private valueFiles: readonly string[] = [];

  setHelmValueFiles(files: readonly string[]): void {
    this.valueFiles = files;
  }

  /** The images the editor built, with their Dockerfiles: see ImageBuildReader.setBuiltImages. */
  setBuiltImages(records: readonly ImageBuildRecord[]): void {
    this.builds.setBuiltImages(records);
  }

  /**
   * Whether a file is one of a chart's values files: Helm values, never a manifest, so neither checked as one nor
   * offered a manifest's snippets, completion, hover or highlighting.
   */
  isChartValuesFile(uri: string): boolean {
    return this.units.isValuesFile(uri, this.valueFiles);
  }

  /** Validates an open file: its documents, then the rules across documents and files, then suppressions. */
  validate(uri: string, text: string, options: KubernetesOptions): Finding[] {
    // A chart's values are no manifest, even with a `kind:` switch and template text for `tpl` in them; what a
    // background render placed on the file still shows.
    if (this.isChartValuesFile(uri)) {
      this.index.set(uri, []);
      return [...this.renderedFindings(uri)];
    }
    // An open kustomization is what the overlays above its bases are read from (UnitReader.noteKustomization).
    if (UnitReader.isUnitFile(uri)) this.units.noteKustomization(uri, text);
    const unit = this.units.unitOf(uri);
    const { documents, findings } = this.analyzerOf(uri, unit, options.kubernetesVersion).analyzer.analyze(text);
    // A JSON 6902 patch (a list of operations) is checked as a patch of the kind its kustomization entry targets.
    if (unit.patch && isJsonPatchText(text)) findings.push(...this.jsonPatchFindings(text, unit.patchTarget));
    const own = this.updateIndex(uri, documents, unit).entries;
    const workspace: WorkspaceContext = {
      uri,
      own,
      index: this.index,
      strictTargets: options.strictTargets,
      builds: this.builds.session(),
    };
    for (const found of this.workspaceFindings.of(workspace)) findings.push(found);
    const rendered = this.renderedFindings(uri);
    const withRendered = rendered.length > 0 ? mergeRenderedFindings(findings, rendered) : findings;
    const readable = withRendered.map((found) =>
      found.message.includes(TEMPLATE_PLACEHOLDER) ? { ...found, message: readablePlaceholders(found.message) } : found,
    );
    return suppress(text, documents, readable.sort(byPosition));
  }

  /**
   * The documents of a file that its next validation would analyse (not cached), with the context they are analysed
   * in: a caller may analyse them elsewhere (`analyzeChunk` with `analyzeYamlDocument(text, context)`, placed at
   * their lines with `placeFindings`) and `seed` them.
   */
  unanalyzed(
    uri: string,
    text: string,
    kubernetesVersion: KubernetesVersion | undefined,
  ): { texts: string[]; lines: number[]; context: DocumentContext } {
    const { analyzer, context } = this.analyzerOf(uri, this.units.unitOf(uri), kubernetesVersion);
    // A chart's values file is not analysed (validate): nothing to do elsewhere.
    const chunks = this.isChartValuesFile(uri) ? [] : analyzer.unanalyzed(text);
    return { texts: chunks.map((chunk) => chunk.text), lines: chunks.map((chunk) => chunk.line), context };
  }

  /** Analyses made elsewhere for `unanalyzed`'s texts; dropped if the file's context changed meanwhile. */
  seed(uri: string, context: DocumentContext, texts: readonly string[], placed: readonly PlacedAnalysis[]): void {
    const cached = this.analyzerOf(uri, this.units.unitOf(uri), context.kubernetesVersion);
    if (contextKey(cached.context) === contextKey(context)) cached.analyzer.seed(texts, placed);
  }

  /**
   * Analyses one more document of a file on this thread, the result unused, until WARM_UP_DOCUMENTS have been:
   * returns whether to call again. A large file is analysed on a worker thread, so the first edits after opening it
   * ran the analysis here for the first time, interpreted (13 ms per edit where 2 ms would do on the 87k-line file,
   * npm run bench); the server calls this while idle after such a file's first diagnostics.
   */
  warmUp(text: string, kubernetesVersion: KubernetesVersion | undefined): boolean {
    if (warmedUp >= WARM_UP_DOCUMENTS) return false;
    const documents = documentStartOffsets(text);
    const start = documents[Math.floor((warmedUp / WARM_UP_DOCUMENTS) * documents.length)] ?? 0;
    const end = documents.find((offset) => offset > start) ?? text.length;
    const context: DocumentContext = { partial: false, labelsSupplied: false, kubernetesVersion };
    analyzeChunk((documentText) => analyzeYamlDocument(documentText, context), text.slice(start, end));
    warmedUp++;
    return warmedUp < WARM_UP_DOCUMENTS;
  }

  private analyzerOf(
    uri: string,
    unit: UnitInfo,
    kubernetesVersion: KubernetesVersion | undefined,
  ): { analyzer: YamlFileAnalyzer; context: DocumentContext } {
    const context: DocumentContext = {
      partial: unit.patch,
      labelsSupplied: unit.labelsSupplied,
      taggedImages: unit.taggedImages,
      kubernetesVersion,
    };
    const key = contextKey(context);
    let cached = this.analyzers.get(uri);
    // Cached analyses hold for one context: a file that became a patch (or stopped being one) is analysed afresh.
    if (!cached || cached.context !== key) {
      cached = {
        analyzer: new YamlFileAnalyzer((documentText) => analyzeYamlDocument(documentText, context)),
        context: key,
      };
      this.analyzers.set(uri, cached);
    }
    return { analyzer: cached.analyzer, context };
  }

  private jsonPatchFindings(text: string, target: PatchTarget | undefined): Finding[] {
    const key = `${JSON.stringify(target ?? {})}\n${text}`;
    if (this.jsonPatchMemo.key !== key) this.jsonPatchMemo = { key, findings: checkJsonPatch(text, target) };
    return this.jsonPatchMemo.findings;
  }

  /**
   * Sets (or clears, with undefined) what a background build found for a file: a helm render of its chart, or a
   * `kubectl kustomize` of an overlay it is part of (`producer` tells them apart: a base of two overlays gets both).
   */
  setRenderedFindings(uri: string, findings: Finding[] | undefined, producer = 'helm'): void {
    const byProducer = this.rendered.get(uri) ?? new Map<string, Finding[]>();
    if (findings && findings.length > 0) byProducer.set(producer, findings);
    else byProducer.delete(producer);
    if (byProducer.size > 0) this.rendered.set(uri, byProducer);
    else this.rendered.delete(uri);
  }

  /** Every background build's findings for a file, each said once per line and code. */
  renderedFindings(uri: string): readonly Finding[] {
    const byProducer = this.rendered.get(uri);
    if (!byProducer) return [];
    if (byProducer.size === 1) return [...byProducer.values()][0];
    return [...byProducer.values()].reduce<Finding[]>(
      (merged, findings) => mergeRenderedFindings(merged, findings),
      [],
    );
  }

  /** The kustomization folders (URIs) the workspace holds that include a kustomization folder: see UnitReader. */
  kustomizationsIncluding(folderUri: string): string[] {
    return this.units.includersOf(folderUri);
  }

  /** Indexes a file that is not open (read from disk by the caller), so that open files see its manifests. */
  indexFile(uri: string, text: string): boolean {
    if (UnitReader.isUnitFile(uri)) {
      // A kustomization or chart changed: which files are patches and what belongs together may have too.
      this.units.clear();
      this.units.noteKustomization(uri, text);
      this.index.touch();
      return true;
    }
    const unit = this.units.unitOf(uri);
    if (unit.patch || this.isChartValuesFile(uri)) return this.index.set(uri, []);
    return this.updateIndex(uri, new YamlFileAnalyzer(summarizeYamlDocument).analyze(text).documents, unit).changed;
  }

  removeFromIndex(uri: string): boolean {
    if (UnitReader.isUnitFile(uri)) {
      // As when one changes (indexFile): what belongs together may have changed.
      this.units.clear();
      this.units.forgetKustomization(uri);
      this.index.touch();
      this.index.delete(uri);
      return true;
    }
    return this.index.delete(uri);
  }

  /** `lineStart`: the offset where the position's line starts (the caller's document knows it without a scan). */
  async complete(
    text: string,
    position: Position,
    lineStart: number,
    target: KubernetesVersion = NEWEST_KUBERNETES_VERSION,
  ): Promise<CompletionList> {
    const chunk = chunkAt(text, position.line, lineStart);
    const local = { line: position.line - chunk.line, character: position.character };
    // A Helm template is completed on its masked text: same offsets, actions read as placeholders.
    const manifest = new ManifestDocument(maskTemplate(chunk.text));
    // The top-level apiVersion and kind values come from our own table: they pick the schema, so it cannot offer them.
    const linePrefix = (chunk.text.split('\n')[local.line] ?? '').slice(0, local.character);
    const identity = identityCompletion(linePrefix, manifest.kind);
    if (identity.length > 0 || !isKnownManifest(manifest) || !hasSchema(manifest.kind))
      return { isIncomplete: false, items: identity };
    return shiftCompletion(await schemaCompletion(manifest, local, this.schemaLanguage, target), chunk.line);
  }

  async hover(
    text: string,
    position: Position,
    lineStart: number,
    target: KubernetesVersion = NEWEST_KUBERNETES_VERSION,
  ): Promise<Hover | null> {
    const chunk = chunkAt(text, position.line, lineStart);
    const manifest = new ManifestDocument(maskTemplate(chunk.text));
    if (!isKnownManifest(manifest) || !hasSchema(manifest.kind)) return null;
    return shiftHover(
      await schemaHover(
        manifest,
        { line: position.line - chunk.line, character: position.character },
        this.schemaLanguage,
        target,
      ),
      chunk.line,
    );
  }

  /** Forgets an open file's caches. Its index entries stay: the caller re-indexes it from disk or removes it. */
  forget(uri: string): void {
    this.analyzers.delete(uri);
  }

  private updateIndex(
    uri: string,
    documents: readonly PlacedDocument[],
    unit: UnitInfo,
  ): { entries: readonly IndexedManifest[]; changed: boolean } {
    const entries: IndexedManifest[] = [];
    for (const document of documents) {
      if (document.analysis.summary)
        entries.push({ uri, line: document.chunk.line, unit: unit.key, summary: document.analysis.summary });
    }
    const changed = this.index.set(uri, entries);
    // The index's own entries (they may have kept their identity and taken the new summaries): what its lookups give.
    return { entries: this.index.entries(uri), changed };
  }
}

/** How many documents `warmUp` analyses on this thread, and how many it has. */
const WARM_UP_DOCUMENTS = 30;
let warmedUp = 0;

/**
 * Drops findings that a comment or an annotation suppresses. Rule severities from the settings are applied later,
 * by the language service; "Ignore this rule here" is computed only when code actions are asked for.
 */
function suppress(text: string, documents: readonly PlacedDocument[], findings: Finding[]): Finding[] {
  if (findings.length === 0) return findings;
  const annotated = documents.some((document) => (document.analysis.summary?.ignored.length ?? 0) > 0);
  // The documents know whether they mention a suppression comment: the whole text is searched only if one does.
  if (!annotated && !documents.some((document) => document.mentionsIgnore)) return findings;
  const comments = readSuppressionComments(text);
  if (comments.file.size === 0 && comments.lines.size === 0 && !annotated) return findings;
  return findings.filter((found) => {
    const line = found.range.start.line;
    if (isSuppressed(comments.file, found.code) || isSuppressed(comments.lines.get(line), found.code)) return false;
    return !isSuppressed(documentAt(documents, line)?.analysis.summary?.ignored, found.code);
  });
}

/** "Ignore this rule here" for a finding in a YAML file (none for broken YAML, which is fixed, not ignored). */
export function ignoreFixesFor(lines: readonly string[], found: Finding): Fix[] {
  return NOT_IGNORABLE.has(found.code) ? [] : [ignoreHereFix(lines, found)];
}

function byPosition(a: Finding, b: Finding): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

function documentAt(documents: readonly PlacedDocument[], line: number): PlacedDocument | undefined {
  let low = 0;
  let high = documents.length - 1;
  let found: PlacedDocument | undefined;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (documents[middle].chunk.line <= line) {
      found = documents[middle];
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}
