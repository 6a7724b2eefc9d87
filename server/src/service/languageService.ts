import { catalogueEntry, docsUrl } from './catalogue';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeActionKind,
  DiagnosticSeverity,
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
  type SeverityName,
  type ShipshapeSettings,
} from '../../../common/src/contract';
import { DockerfileService } from './dockerfile';
import type { ShellcheckResults, ShellScript } from './dockerfile/shellcheck';
import { matchLineEndings } from './common/applyEdits';
import { editsOverlap, intersects, sameRange } from './common/ranges';
import { ignoreFixesFor, KubernetesService } from './kubernetes';
import { kubernetesSemanticTokens } from './kubernetes/semanticTokens';
import { snippetCompletions } from './snippets';
import type { FileSystem, Finding, Fix } from './types';
import { NO_FILES, SOURCE } from './types';

export const FILE_CODES = { tooLarge: 'shipshape/file-too-large' } as const;

/** The languages Shipshape serves, by VS Code language id. */
export type ShipshapeLanguage = 'yaml' | 'dockerfile';

/**
 * The language service: pure, transport-free. The LSP server, the CLI and the tests all drive it the same way:
 * TextDocument (+ settings) in, diagnostics / completions / hovers / code actions out.
 */
export class ShipshapeLanguageService {
  private settings: ShipshapeSettings = DEFAULT_SETTINGS;
  private readonly kubernetes: KubernetesService;
  private readonly dockerfile: DockerfileService;
  private snippetFixCommand: string | undefined;
  /** The findings of each document's latest validation, with their fixes: what code actions are served from. */
  private readonly latest = new Map<string, { version: number; findings: Finding[] }>();

  constructor(options: { fileSystem?: FileSystem } = {}) {
    this.dockerfile = new DockerfileService(options.fileSystem ?? NO_FILES);
    this.kubernetes = new KubernetesService(options.fileSystem ?? NO_FILES);
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
  }

  /** The Kubernetes version the settings name (the client has put the server's in place of `auto`), or the nearest. */
  private kubernetesVersion() {
    return resolveKubernetesVersion(this.settings.kubernetes.version).version;
  }

  /** Diagnostics for a document, with their fixes; severities and `off` from the settings applied. */
  validate(document: TextDocument): Finding[] {
    const findings = this.applySettings(this.findingsFor(document));
    this.latest.set(document.uri, { version: document.version, findings });
    return findings;
  }

  async complete(document: TextDocument, position: Position): Promise<CompletionList> {
    const language = this.enabledLanguageOf(document);
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
    switch (this.enabledLanguageOf(document)) {
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
    return this.enabledLanguageOf(document) === 'yaml' ? kubernetesSemanticTokens(document.getText()) : [];
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
    const wanted = diagnostics.filter((diagnostic) => diagnostic.source === SOURCE);
    const matches = findings.filter((found) =>
      wanted.length > 0
        ? wanted.some((diagnostic) => diagnostic.code === found.code && sameRange(diagnostic.range, found.range))
        : intersects(found.range, range),
    );
    const actions: CodeAction[] = [];
    const text = document.getText();
    let lines: string[] | undefined;
    for (const found of matches) {
      // Computed here, per request, not for every finding of every validation: a large file has thousands.
      const ignore = this.languageOf(document) === 'yaml' ? ignoreFixesFor((lines ??= text.split('\n')), found) : [];
      for (const fix of [...found.fixes, ...ignore]) {
        const action: CodeAction = {
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [toDiagnostic(found)],
          isPreferred: fix.isPreferred,
        };
        if (fix.snippet && this.snippetFixCommand) {
          const [snippet] = matchLineEndings(text, [fix.snippet]);
          action.command = {
            title: fix.title,
            command: this.snippetFixCommand,
            arguments: [document.uri, document.version, snippet],
          };
        } else {
          action.edit = { changes: { [document.uri]: matchLineEndings(text, fix.edits) } };
        }
        actions.push(action);
      }
    }
    // As ESLint does: the file's safe fixes in one go, in the quick-fix menu too (not only in "Source Action...").
    if (
      matches.length > 0 &&
      this.latestFindings(document).filter((found) => found.fixes.some((fix) => fix.isPreferred)).length > 1
    ) {
      const all = this.fixAllAction(document, CodeActionKind.QuickFix);
      if (all) actions.push(all);
    }
    return actions;
  }

  /** The edits of every preferred fix that does not overlap another: one round of "fix all". */
  fixAll(document: TextDocument): TextEdit[] {
    return matchLineEndings(document.getText(), nonOverlappingPreferredEdits(this.latestFindings(document)));
  }

  /** "Fix all Shipshape problems": every safe fix of the file as one action (`source.fixAll`, or in the quick-fix menu). */
  fixAllAction(document: TextDocument, kind: string = CodeActionKind.SourceFixAll): CodeAction | undefined {
    const edits = this.fixAll(document);
    return edits.length === 0
      ? undefined
      : { title: FIX_ALL_TITLE, kind, edit: { changes: { [document.uri]: edits } } };
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

  /** The rendered findings of a file, with the settings' severities, for publishing on a file that is not open. */
  renderedFindings(uri: string): Finding[] {
    return this.applySettings([...this.kubernetes.renderedFindings(uri)]);
  }

  /**
   * The RUN scripts ShellCheck is to check in a Dockerfile (none for other documents, disabled or too large ones),
   * and the results store the background runner fills (handlers/shellcheckRunner.ts); see dockerfile/shellcheck.
   */
  shellScripts(document: TextDocument): ShellScript[] {
    return this.enabledLanguageOf(document) === 'dockerfile' ? this.dockerfile.shellScripts(document) : [];
  }

  get shellcheckResults(): ShellcheckResults {
    return this.dockerfile.shellcheck;
  }

  /** Forgets an open document's caches (on close). Its manifests stay in the workspace index until re-indexed or removed. */
  forget(uri: string): void {
    this.latest.delete(uri);
    this.kubernetes.forget(uri);
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
    if (document.languageId === 'yaml') return 'yaml';
    if (document.languageId === 'dockerfile') return 'dockerfile';
    return undefined;
  }

  /** The document's language when its checks are enabled and the file is not over the size limit. */
  private enabledLanguageOf(document: TextDocument): ShipshapeLanguage | undefined {
    const language = this.languageOf(document);
    if (language === undefined || this.tooLarge(document)) return undefined;
    if (language === 'yaml' && !this.settings.kubernetes.enable) return undefined;
    if (language === 'dockerfile' && !this.settings.dockerfile.enable) return undefined;
    return language;
  }

  private latestFindings(document: TextDocument): Finding[] {
    const latest = this.latest.get(document.uri);
    return latest && latest.version === document.version ? latest.findings : this.validate(document);
  }

  private findingsFor(document: TextDocument): Finding[] {
    const language = this.languageOf(document);
    if (language === undefined) return [];
    if (this.tooLarge(document)) {
      const megabytes = (document.getText().length / 1_048_576).toFixed(1);
      return [
        {
          code: FILE_CODES.tooLarge,
          message: `Shipshape skipped this file: ${megabytes} MB is over the ${this.settings.maxFileSizeMB} MB limit (setting shipshape.maxFileSizeMB)`,
          severity: DiagnosticSeverity.Information,
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          source: SOURCE,
          fixes: [],
        },
      ];
    }
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

  private tooLarge(document: TextDocument): boolean {
    return document.getText().length > this.settings.maxFileSizeMB * 1_048_576;
  }

  private applySettings(findings: Finding[]): Finding[] {
    const overrides = this.settings.rules;
    if (Object.keys(overrides).length === 0) return findings;
    const result: Finding[] = [];
    for (const found of findings) {
      const override = overrides[found.code];
      if (override === 'off') continue;
      result.push(override ? { ...found, severity: SEVERITY[override] } : found);
    }
    return result;
  }
}

const SEVERITY: Record<Exclude<SeverityName, 'off'>, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

const links = new Map<string, string | undefined>();

/** A finding code's documentation page, computed once per code. */
function documentationLink(code: string): string | undefined {
  if (!links.has(code)) {
    const entry = catalogueEntry(code);
    links.set(code, entry ? docsUrl(entry) : undefined);
  }
  return links.get(code);
}

/** The title of the action that applies every safe fix of a file (fix-all). */
export const FIX_ALL_TITLE = 'Fix all Shipshape problems';

/** A finding as an LSP diagnostic: the fixes stay on the server; the code links to its documentation. */
export function toDiagnostic(found: Finding): Diagnostic {
  const { fixes: _fixes, ...diagnostic } = found;
  // Errors and warnings link to their documentation (Dockerfile rules to hadolint's and BuildKit's pages, always):
  // the link on each of thousands of hints and notes would cost a large file's every publish a third more JSON.
  if (
    diagnostic.codeDescription ||
    (found.severity !== DiagnosticSeverity.Error && found.severity !== DiagnosticSeverity.Warning)
  )
    return diagnostic;
  const href = documentationLink(found.code);
  return href ? { ...diagnostic, codeDescription: { href } } : diagnostic;
}

export function nonOverlappingPreferredEdits(findings: readonly Finding[]): TextEdit[] {
  const chosen: Fix[] = [];
  const seen = new Set<string>();
  // The ranges taken so far, by each line they touch: checking a new edit looks at its own lines only, not at every
  // edit taken before it (that was quadratic: fix-all on 180,000 findings took 20 s).
  const taken = new Map<number, Range[]>();
  const overlapsTaken = (range: Range) => {
    for (let line = range.start.line; line <= range.end.line; line++)
      if (taken.get(line)?.some((other) => editsOverlap(other, range))) return true;
    return false;
  };
  for (const found of findings) {
    const fix = found.fixes.find((candidate) => candidate.isPreferred);
    if (!fix) continue;
    const key = JSON.stringify(fix.edits);
    if (seen.has(key)) continue; // one fix serving several findings (e.g. "move these fields") applies once
    if (fix.edits.some((edit) => overlapsTaken(edit.range))) continue;
    seen.add(key);
    chosen.push(fix);
    for (const edit of fix.edits) {
      for (let line = edit.range.start.line; line <= edit.range.end.line; line++) {
        const ranges = taken.get(line);
        if (ranges) ranges.push(edit.range);
        else taken.set(line, [edit.range]);
      }
    }
  }
  return chosen.flatMap((fix) => fix.edits);
}
