import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DockerfileLanguageServiceFactory } from 'dockerfile-language-service';
import { DockerAssist } from 'dockerfile-language-service/lib/dockerAssist';
import type { DockerRegistryClient } from 'dockerfile-language-service/lib/dockerRegistryClient';
import {
  DiagnosticSeverity,
  MarkupKind,
  SymbolKind,
  type CompletionList,
  type DocumentSymbol,
  type FoldingRange,
  type FormattingOptions,
  type Hover,
  type Position,
  type TextEdit,
} from 'vscode-languageserver-types';
import type { ShipshapeSettings } from '../../../../common/src/contract';
import type { Finding, FileSystem, RuleFinding } from '../types';
import { SOURCE } from '../types';
import { completeExtras, hoverExtras } from './assist';
import { DockerfileContext } from './context';
import { NearbyFileReader } from './files';
import type { Instruction } from './parse/model';
import { parseDockerfile } from './parse/fromAst';
import { buildkitNames, hadolintNames, hadolintTwin, ignoreFix, overriddenSeverity, Suppressions } from './pragmas';
import { ALL_RULES } from './rules';
import { findTemplateMarker, templateExtensionOf, type TemplateMarker } from './template';
import { buildShellScripts, ShellcheckResults, type ShellScript } from './shellcheck';
import { ruleUrl, type DockerfileRule } from './rules/rule';
import { runIsolated } from '../catalogue/runner';

/** The note on a Dockerfile template, which is skipped. */
export const TEMPLATE = 'dockerfile/template';

/** Completion must never go to the network: image tags are not looked up. */
const OFFLINE_REGISTRY = { getTags: async () => [] } as unknown as DockerRegistryClient;

/**
 * Dockerfile intelligence. Files next to the Dockerfile (`.hadolint.yaml`, `.dockerignore`) are read through the
 * injected file system, so the service stays pure and testable.
 */
export class DockerfileService {
  private readonly nearby: NearbyFileReader;
  private readonly rcjsuen = DockerfileLanguageServiceFactory.createLanguageService();
  /** What ShellCheck found in RUN scripts (filled in the background, see shellcheck/index.ts); merged by validate. */
  readonly shellcheck = new ShellcheckResults();

  constructor(fileSystem: FileSystem) {
    this.nearby = new NearbyFileReader(fileSystem);
    this.rcjsuen.setCapabilities({ hover: { contentFormat: [MarkupKind.Markdown] } });
  }

  /**
   * Every finding in one pass: the file is parsed once (dockerfile-ast) and every rule reads the same parse. hadolint pragmas,
   * `# check=skip=`, and `.hadolint.yaml` (`ignored`, `override`) are applied here; `settings.rules` severities by
   * the caller. Rules that are off by default run when `settings.rules` or `.hadolint.yaml` names them.
   */
  validate(document: TextDocument, settings: ShipshapeSettings): Finding[] {
    const template = templateOf(document);
    if (template) return [templateSkipped(document, template)];
    const nearby = this.nearby.read(document.uri);
    const context = new DockerfileContext(parseDockerfile(document.getText()), nearby.config, nearby.dockerignore);
    const suppressions = new Suppressions(context);
    const config = nearby.config;
    const findings: Finding[] = [];
    const results: Array<[DockerfileRule, RuleFinding[]]> = [];
    // `rule:line` of the hadolint findings a BuildKit twin reports (pragmas.ts TWINS): one diagnostic, BuildKit's.
    const twinned = new Set<string>();
    for (const rule of ALL_RULES) {
      const on = enabled(rule, settings, config.override) || suppressions.experimentalOn(rule.id);
      const twin = hadolintTwin(rule.id);
      if (!on || config.ignored.has(rule.id) || hadolintNames(rule.id).some((name) => config.ignored.has(name)))
        continue;
      const found = runIsolated(rule.id, () => rule.check(context), findings);
      if (twin !== undefined) for (const finding of found) twinned.add(`${twin}:${instructionLine(context, finding)}`);
      results.push([rule, found]);
    }
    for (const [rule, found] of results) {
      // `# check=error=true`: docker build fails on any BuildKit check's finding, so those are errors here.
      const buildkitCheck = suppressions.checkError && buildkitNames(rule.id).length > 0;
      const overridden = overriddenSeverity(rule.id, config.override);
      const href = ruleUrl(rule);
      for (const finding of found) {
        if (twinned.size > 0 && twinned.has(`${rule.id}:${instructionLine(context, finding)}`)) continue;
        const line = finding.range.start.line;
        if (suppressions.suppressed(rule.id, line)) continue;
        if (finding.pragmaLine !== undefined && suppressions.suppressed(rule.id, finding.pragmaLine)) continue;
        const fixes = [...(finding.fixes ?? [])];
        if (rule.origin !== 'syntax' && !config.disableIgnorePragma) {
          const instruction = instructionAtLine(context.instructions, line);
          if (instruction) fixes.push(ignoreFix(context, suppressions, instruction, rule.id));
        }
        findings.push({
          range: finding.range,
          // .hadolint.yaml's `override` wins; then a finding's own severity (a milder case of its rule); then the rule's.
          severity:
            buildkitCheck && finding.data?.buildkitCheck !== false
              ? DiagnosticSeverity.Error
              : (overridden ?? finding.severity ?? rule.severity),
          code: rule.id,
          ...(href ? { codeDescription: { href } } : {}),
          source: SOURCE,
          message: finding.message,
          ...(finding.data ? { data: finding.data } : {}),
          fixes,
        });
      }
    }
    findings.push(...this.shellcheck.findings(document.uri, context, suppressions));
    return findings.sort(
      (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
    );
  }

  /** The RUN scripts ShellCheck checks in this Dockerfile (none in a template). */
  shellScripts(document: TextDocument): ShellScript[] {
    if (templateOf(document)) return [];
    const nearby = this.nearby.read(document.uri);
    return buildShellScripts(
      new DockerfileContext(parseDockerfile(document.getText()), nearby.config, nearby.dockerignore),
    );
  }

  /**
   * The `failure-threshold` of the `.hadolint.yaml` that applies to this Dockerfile, if any: the CLI can exit
   * non-zero only for findings at or above it, as hadolint does.
   */
  failureThreshold(document: TextDocument): string | undefined {
    return this.nearby.read(document.uri).config.failureThreshold;
  }

  async complete(document: TextDocument, position: Position): Promise<CompletionList> {
    const extras = completeExtras(document, position);
    if (extras !== undefined) return { isIncomplete: false, items: extras };
    const assist = new DockerAssist(document, OFFLINE_REGISTRY, {});
    const items = await assist.computeProposals(position);
    return { isIncomplete: false, items };
  }

  async hover(document: TextDocument, position: Position): Promise<Hover | null> {
    return hoverExtras(document, position) ?? this.rcjsuen.computeHover(document.getText(), position);
  }

  /**
   * The outline: one symbol per stage (its FROM), the stage's instructions inside it. Names, kinds and deprecation
   * come from dockerfile-language-service; the ranges span whole instructions so the outline follows the cursor.
   */
  symbols(document: TextDocument): DocumentSymbol[] {
    const text = document.getText();
    const parsed = parseDockerfile(text);
    const flat = this.rcjsuen.computeSymbols({ uri: document.uri }, text);
    const byStart = new Map(
      flat.map((symbol) => [`${symbol.location.range.start.line}:${symbol.location.range.start.character}`, symbol]),
    );
    const result: DocumentSymbol[] = [];
    let stage: DocumentSymbol | undefined;
    for (const instruction of parsed.instructions) {
      const start = document.positionAt(instruction.keywordStart);
      const info = byStart.get(`${start.line}:${start.character}`);
      const symbol: DocumentSymbol = {
        name: info?.name ?? instruction.written,
        detail: instruction.body.text.trim().slice(0, 80),
        kind: info?.kind ?? SymbolKind.Function,
        ...(info?.deprecated ? { tags: [1] } : {}),
        range: { start, end: document.positionAt(instruction.end) },
        selectionRange: { start, end: document.positionAt(instruction.keywordEnd) },
      };
      if (instruction.keyword === 'FROM') {
        stage = { ...symbol, kind: SymbolKind.Class, children: [] };
        result.push(stage);
      } else if (stage) {
        stage.children?.push(symbol);
        stage.range = { start: stage.range.start, end: symbol.range.end };
      } else {
        result.push(symbol);
      }
    }
    return result;
  }

  foldingRanges(document: TextDocument): FoldingRange[] {
    return this.rcjsuen.computeFoldingRanges(document.getText());
  }

  format(document: TextDocument, options: FormattingOptions): TextEdit[] {
    return this.rcjsuen.format(document.getText(), options);
  }
}

function enabled(
  rule: DockerfileRule,
  settings: ShipshapeSettings,
  override: ReadonlyMap<string, DiagnosticSeverity>,
): boolean {
  if (rule.enabledByDefault !== false) return true;
  const configured = settings.rules[rule.id];
  return (configured !== undefined && configured !== 'off') || override.has(rule.id);
}

/** The first line of the instruction a finding is in (its own line outside any). */
function instructionLine(context: DockerfileContext, finding: RuleFinding): number {
  const line = finding.range.start.line;
  return instructionAtLine(context.instructions, line)?.line ?? line;
}

function instructionAtLine(instructions: readonly Instruction[], line: number): Instruction | undefined {
  let low = 0;
  let high = instructions.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const instruction = instructions[middle];
    if (line < instruction.line) high = middle - 1;
    else if (line > instruction.endLine) low = middle + 1;
    else return instruction;
  }
  return undefined;
}

/** What makes a Dockerfile a template: a marker in its text (the first, to point at), else its name (`.template`). */
function templateOf(document: TextDocument): TemplateMarker | { extension: string } | undefined {
  const marker = findTemplateMarker(document.getText());
  if (marker) return marker;
  const extension = templateExtensionOf(document.uri);
  return extension ? { extension } : undefined;
}

function templateSkipped(document: TextDocument, template: TemplateMarker | { extension: string }): Finding {
  if ('extension' in template) {
    const start = { line: 0, character: 0 };
    return {
      range: { start, end: start },
      severity: DiagnosticSeverity.Information,
      code: TEMPLATE,
      source: SOURCE,
      message: `This is a Dockerfile template (its name ends with ${template.extension}), rendered into Dockerfiles by a script: Shipshape skipped it. Check the rendered Dockerfiles.`,
      fixes: [],
    };
  }
  const start = document.positionAt(template.start);
  return {
    range: { start, end: document.positionAt(template.end) },
    severity: DiagnosticSeverity.Information,
    code: TEMPLATE,
    source: SOURCE,
    message: `This is a Dockerfile template (${template.text} on line ${start.line + 1}), rendered into Dockerfiles by a script: Shipshape skipped it. Check the rendered Dockerfiles.`,
    fixes: [],
  };
}
