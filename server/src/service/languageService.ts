import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeActionKind,
  type CodeAction,
  type CompletionList,
  type Diagnostic,
  type DocumentSymbol,
  type FoldingRange,
  type FormattingOptions,
  type Hover,
  type Position,
  type Range,
  type TextEdit,
} from 'vscode-languageserver-types';
import {
  DEFAULT_SETTINGS,
  resolveKubernetesVersion,
  type ImageBuildRecord,
  type ShipshapeSettings,
} from '../../../common/src/contract';
import type { DockerfileService } from './dockerfile';
import type { ShellcheckResults, ShellScript } from './dockerfile/shellcheck';
import { applySeverityOverrides } from './severityOverrides';
import { fixAllAction, fixAllEdits } from './fixAll';
import { quickFixActions } from './quickFixes';
import type { KubernetesService } from './kubernetes';
import type { YamlSchemaLanguageFactory } from './yaml/schemaLanguage';
import { dockerfileEngine, kubernetesEngine } from './engines';
import { snippetCompletions } from './snippets';
import type { FileSystem, Finding } from './types';
import { BACKGROUND_MIN_CHARS, type BackgroundResult, type BackgroundWork } from './backgroundWork';
import { NO_FILES } from './types';
import { FindingsCache } from './findingsCache';
import {
  enabledLanguage,
  languageOfDocument,
  tooLarge,
  tooLargeFinding,
  type ShipshapeLanguage,
} from './languageRouting';

export { toDiagnostic } from './diagnostics';
export { FIX_ALL_TITLE, nonOverlappingPreferredEdits } from './fixAll';
export { FILE_CODES, type ShipshapeLanguage } from './languageRouting';

/** Above this size a Dockerfile's RUN scripts are not checked by ShellCheck (as its completion, outline... are off). */
const SHELLCHECK_MAX_CHARS = 512 * 1024;

export interface LanguageServiceOptions {
  /** Files beside the one being checked (`.dockerignore`, `.hadolint.yaml`, kustomizations); none by default. */
  fileSystem?: FileSystem;
  /** Completion and hover from the schemas: yaml-language-server, injected (yaml/schemaLanguage.ts); none by default. */
  schemaLanguage?: YamlSchemaLanguageFactory;
}

/**
 * The language service: pure, transport-free. The LSP server, the CLI and the tests all drive it the same way:
 * TextDocument (+ settings) in, diagnostics / completions / hovers / code actions out.
 */
export class ShipshapeLanguageService {
  private settings: ShipshapeSettings = DEFAULT_SETTINGS;
  private kubernetesService: KubernetesService | undefined;
  private dockerfileService: DockerfileService | undefined;
  private snippetFixCommand: string | undefined;
  /** Each document's latest findings (code actions are served from them), and those made in the background. */
  private readonly findings = new FindingsCache();

  constructor(private readonly options: LanguageServiceOptions = {}) {}

  /**
   * Each language's service is made on first use, and its engine loaded then (engines.ts): a server answers
   * `initialize` before it loads either, and one that has only seen YAML never loads dockerfile-language-service and
   * dockerfile-utils (issue 16 item 4).
   */
  private get kubernetes(): KubernetesService {
    if (!this.kubernetesService) {
      const { KubernetesService } = kubernetesEngine();
      this.kubernetesService = new KubernetesService(this.options.fileSystem ?? NO_FILES, this.options.schemaLanguage);
      this.kubernetesService.setBuiltImages(this.builtImages);
      this.kubernetesService.setHelmValueFiles(this.settings.helm.valueFiles);
    }
    return this.kubernetesService;
  }

  /** The images the editor built (Build Image), kept until the Kubernetes engine is loaded, which it does not force. */
  private builtImages: readonly ImageBuildRecord[] = [];

  /** The images the editor built, with their Dockerfiles: manifests that run them are checked against those. */
  setBuiltImages(records: readonly ImageBuildRecord[]): void {
    this.builtImages = records;
    this.kubernetesService?.setBuiltImages(records);
  }

  private get dockerfile(): DockerfileService {
    if (!this.dockerfileService) {
      const { DockerfileService } = dockerfileEngine();
      this.dockerfileService = new DockerfileService(this.options.fileSystem ?? NO_FILES);
    }
    return this.dockerfileService;
  }

  /**
   * Editors that can insert snippets (our VS Code client says so) get fixes with placeholders as a command that
   * inserts the snippet, instead of the plain edit.
   */
  useSnippetFixes(command: string | undefined): void {
    this.snippetFixCommand = command;
  }

  configure(settings: ShipshapeSettings): void {
    this.settings = settings;
    this.kubernetesService?.setHelmValueFiles(settings.helm.valueFiles);
  }

  /** The Kubernetes version the settings name (the client has put the server's in place of `auto`), or the nearest. */
  private kubernetesVersion() {
    return resolveKubernetesVersion(this.settings.kubernetes.version).version;
  }

  /** Diagnostics for a document, with their fixes; severities and `off` from the settings applied. */
  validate(document: TextDocument): Finding[] {
    const findings =
      this.findings.takeAdopted(document, this.settings) ?? this.applySettings(this.findingsFor(document));
    this.findings.remember(document, findings);
    return findings;
  }

  /**
   * The work a validation of this document would do that grows with its size, when there is enough of it to run
   * elsewhere (see backgroundWork.ts); undefined when `validate` is cheap. After `completeBackgroundWork` with its
   * result, `validate` is cheap.
   */
  backgroundWork(document: TextDocument): BackgroundWork | undefined {
    const language = this.enabledLanguageOf(document);
    if (language === 'yaml') {
      const { texts, lines, context } = this.kubernetes.unanalyzed(
        document.uri,
        document.getText(),
        this.kubernetesVersion(),
      );
      let size = 0;
      for (const text of texts) size += text.length;
      return size >= BACKGROUND_MIN_CHARS.yaml ? { kind: 'yaml', uri: document.uri, texts, lines, context } : undefined;
    }
    if (language === 'dockerfile' && document.getText().length >= BACKGROUND_MIN_CHARS.dockerfile) {
      if (this.findings.hasAdopted(document, this.settings)) return undefined;
      const { uri, version } = document;
      const shellcheck = this.dockerfile.shellcheck.snapshot(uri);
      return { kind: 'dockerfile', uri, version, text: document.getText(), settings: this.settings, shellcheck };
    }
    return undefined;
  }

  /** Takes the result of `backgroundWork` run elsewhere: the next `validate` uses it. */
  completeBackgroundWork(work: BackgroundWork, result: BackgroundResult): void {
    if (work.kind === 'yaml' && result.kind === 'yaml') {
      this.kubernetes.seed(work.uri, work.context, work.texts, result.analyses);
    } else if (work.kind === 'dockerfile' && result.kind === 'dockerfile') {
      this.findings.adopt(work.uri, work.version, work.settings, result.findings);
    }
  }

  /** The language whose assists (completion, hover, highlighting) the document gets: none for a chart's values. */
  private assistedLanguageOf(document: TextDocument): ShipshapeLanguage | undefined {
    const language = this.enabledLanguageOf(document);
    return language === 'yaml' && this.kubernetes.isChartValuesFile(document.uri) ? undefined : language;
  }

  async complete(document: TextDocument, position: Position): Promise<CompletionList> {
    const language = this.assistedLanguageOf(document);
    const list = await this.completeLanguage(language, document, position);
    // Whole-file snippets at the start of an empty file, from the server so that every editor gets them.
    return language
      ? { ...list, items: [...snippetCompletions(language, document.getText(), position), ...list.items] }
      : list;
  }

  private async completeLanguage(
    language: ShipshapeLanguage | undefined,
    document: TextDocument,
    position: Position,
  ): Promise<CompletionList> {
    switch (language) {
      case 'yaml':
        return this.kubernetes.complete(
          document.getText(),
          position,
          document.offsetAt({ line: position.line, character: 0 }),
          this.kubernetesVersion(),
        );
      case 'dockerfile':
        return this.dockerfile.complete(document, position);
      default:
        return { isIncomplete: false, items: [] };
    }
  }

  async hover(document: TextDocument, position: Position): Promise<Hover | null> {
    switch (this.assistedLanguageOf(document)) {
      case 'yaml':
        return this.kubernetes.hover(
          document.getText(),
          position,
          document.offsetAt({ line: position.line, character: 0 }),
          this.kubernetesVersion(),
        );
      case 'dockerfile':
        return this.dockerfile.hover(document, position);
      default:
        return null;
    }
  }

  /** Semantic tokens (LSP relative encoding) for a YAML document's kind and apiVersion; see SEMANTIC_TOKEN_LEGEND. */
  semanticTokens(document: TextDocument): number[] {
    return this.assistedLanguageOf(document) === 'yaml'
      ? kubernetesEngine().kubernetesSemanticTokens(document.getText())
      : [];
  }

  symbols(document: TextDocument): DocumentSymbol[] {
    return this.enabledLanguageOf(document) === 'dockerfile' ? this.dockerfile.symbols(document) : [];
  }

  foldingRanges(document: TextDocument): FoldingRange[] {
    return this.enabledLanguageOf(document) === 'dockerfile' ? this.dockerfile.foldingRanges(document) : [];
  }

  format(document: TextDocument, options: FormattingOptions): TextEdit[] {
    return this.enabledLanguageOf(document) === 'dockerfile' ? this.dockerfile.format(document, options) : [];
  }

  /**
   * Quick fixes for the diagnostics in a range. Matched by code and range against the latest validation, never by
   * message text; with no diagnostics in the request, every finding in the range offers its fixes.
   */
  codeActions(document: TextDocument, range: Range, diagnostics: readonly Diagnostic[]): CodeAction[] {
    const findings = this.latestFindings(document);
    return quickFixActions(document, findings, range, diagnostics, {
      snippetFixCommand: this.snippetFixCommand,
      ignoreFixes: this.languageOf(document) === 'yaml' ? kubernetesEngine().ignoreFixesFor : undefined,
    });
  }

  /** The edits of every preferred fix that does not overlap another: one round of "fix all". */
  fixAll(document: TextDocument): TextEdit[] {
    return fixAllEdits(document, this.latestFindings(document));
  }

  /** "Fix all Shipshape problems": every safe fix of the file as one action (`source.fixAll`, or in the quick-fix menu). */
  fixAllAction(document: TextDocument, kind: string = CodeActionKind.SourceFixAll): CodeAction | undefined {
    return fixAllAction(document, this.latestFindings(document), kind);
  }

  /**
   * For the CLI's exit status: the lowest severity that fails a run, as `.hadolint.yaml`'s `failure-threshold` sets it
   * for a Dockerfile (`error`, `warning`, `info`, `style`, `ignore`, `none`); undefined means errors only.
   */
  failureThreshold(document: TextDocument): string | undefined {
    return this.enabledLanguageOf(document) === 'dockerfile' ? this.dockerfile.failureThreshold(document) : undefined;
  }

  /**
   * What a background build found for a file (undefined clears it): `helm template` of its chart (producer 'helm',
   * handlers/helmRender.ts) or `kubectl kustomize` of an overlay (producer `kustomize:FOLDER`,
   * handlers/kustomizeBuild.ts). Merged into the file's diagnostics from the next validation on.
   */
  setRenderedFindings(uri: string, findings: Finding[] | undefined, producer?: string): void {
    this.kubernetes.setRenderedFindings(uri, findings, producer);
  }

  /**
   * The kustomization folders (URIs) of the workspace that include a kustomization folder as a base: the background
   * build builds a base as part of them (handlers/kustomizeBuild.ts).
   */
  kustomizationsIncluding(folderUri: string): string[] {
    return this.kubernetes.kustomizationsIncluding(folderUri);
  }

  /** The rendered findings of a file, with the settings' severities, for publishing on a file that is not open. */
  renderedFindings(uri: string): Finding[] {
    return this.applySettings([...this.kubernetes.renderedFindings(uri)]);
  }

  /**
   * The RUN scripts ShellCheck is to check in a Dockerfile (none for other documents, disabled or too large ones),
   * and the results store the background runner fills (handlers/shellcheckRunner.ts); see dockerfile/shellcheck.
   */
  shellScripts(document: TextDocument): ShellScript[] {
    // Finding the scripts parses the whole file: not on the caller's thread where whole-file features are off.
    return this.enabledLanguageOf(document) === 'dockerfile' && document.getText().length <= SHELLCHECK_MAX_CHARS
      ? this.dockerfile.shellScripts(document)
      : [];
  }

  get shellcheckResults(): ShellcheckResults {
    return this.dockerfile.shellcheck;
  }

  /** Forgets an open document's caches (on close). Its manifests stay in the workspace index until re-indexed or removed. */
  forget(uri: string): void {
    this.findings.forget(uri);
    // Not `this.kubernetes`: closing a Dockerfile must not load the Kubernetes engine.
    this.kubernetesService?.forget(uri);
  }

  /**
   * Puts a file that is not open (read from disk by the caller) into the workspace index, so that rules across files
   * see its Deployments and HPAs. Returns whether the index changed (open documents then need re-validation).
   */
  indexFile(uri: string, text: string): boolean {
    if (text.length > this.settings.maxFileSizeMB * 1_048_576) return this.kubernetes.removeFromIndex(uri);
    return this.kubernetes.indexFile(uri, text);
  }

  removeFromIndex(uri: string): boolean {
    return this.kubernetes.removeFromIndex(uri);
  }

  /** One step of warming this thread's YAML analysis up on a document analysed elsewhere: see KubernetesService.warmUp. */
  warmUp(document: TextDocument): boolean {
    return (
      this.enabledLanguageOf(document) === 'yaml' &&
      this.kubernetes.warmUp(document.getText(), this.kubernetesVersion())
    );
  }

  /** Changes whenever the workspace index changes: diagnostics of other open documents may then be stale. */
  get indexGeneration(): number {
    return this.kubernetes.index.generation;
  }

  indexedUris(): string[] {
    return this.kubernetes.index.uris();
  }

  get indexedFileCount(): number {
    return this.kubernetes.index.fileCount;
  }

  languageOf(document: TextDocument): ShipshapeLanguage | undefined {
    return languageOfDocument(document);
  }

  /** The document's language when its checks are enabled and the file is not over the size limit. */
  private enabledLanguageOf(document: TextDocument): ShipshapeLanguage | undefined {
    return enabledLanguage(document, this.settings);
  }

  private latestFindings(document: TextDocument): Finding[] {
    const latest = this.findings.latestFor(document);
    if (latest) return latest;
    // A large document not validated in this version yet: nothing now (its diagnostics, and then its fixes, are on
    // their way), rather than seconds of validation inside a code-action request.
    return this.backgroundWork(document) ? [] : this.validate(document);
  }

  private findingsFor(document: TextDocument): Finding[] {
    const language = this.languageOf(document);
    if (language === undefined) return [];
    if (tooLarge(document, this.settings)) return [tooLargeFinding(document, this.settings)];
    if (language === 'yaml' && this.settings.kubernetes.enable) {
      return this.kubernetes.validate(document.uri, document.getText(), {
        strictTargets: this.settings.kubernetes.strictTargets,
        kubernetesVersion: this.kubernetesVersion(),
      });
    }
    if (language === 'dockerfile' && this.settings.dockerfile.enable)
      return this.dockerfile.validate(document, this.settings);
    return [];
  }

  private applySettings(findings: Finding[]): Finding[] {
    return applySeverityOverrides(findings, this.settings.rules);
  }
}
