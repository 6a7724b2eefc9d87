import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import { DiagnosticSeverity, type Range } from 'vscode-languageserver-types';
import { NEWEST_KUBERNETES_VERSION, type KubernetesVersion } from '../../../../common/src/contract';
import { analyzeYamlDocument, WHOLE_OBJECT } from '../kubernetes/analyze';
import { SOURCE, type Finding } from '../types';
import { splitYamlDocuments } from '../yaml/chunks';
import { ParsedYaml, type YamlPath } from '../yaml/parsedYaml';
import { servedApiVersionKinds } from './capabilities';
import { maskTemplate } from './mask';

export const HELM_CODES = {
  renderFailed: 'helm/render-failed',
  dependenciesMissing: 'helm/dependencies-missing',
  valuesRequired: 'helm/values-required',
  renderOffline: 'helm/render-offline',
} as const;

/** One document of `helm template`'s output, with the template that printed it. */
export interface RenderedDocument {
  /** The template's path inside the chart (`templates/deployment.yaml`, `charts/sub/templates/x.yaml`). */
  source: string;
  text: string;
}

const SOURCE_COMMENT = /^# Source: [^/\n]+\/(.+?)\s*$/m;

/** Splits `helm template` output into its documents, each tagged with the template (`# Source:`) it came from. */
export function splitRenderedChart(output: string): RenderedDocument[] {
  const documents: RenderedDocument[] = [];
  for (const chunk of splitYamlDocuments(output)) {
    const source = SOURCE_COMMENT.exec(chunk.text)?.[1];
    if (source) documents.push({ source, text: chunk.text });
  }
  return documents;
}

/**
 * Checks every rendered document with the full checks of a plain manifest, and places each finding on the template
 * line that printed the field: the same field path followed through the template's masked text, as far as it goes
 * (the document's first line when not even the first step is found). `templateText` gives a template's text by its
 * path in the chart (the editor's text for an open file). Fixes are dropped: they are edits of the rendered text.
 */
export function checkRenderedChart(
  output: string,
  templateText: (source: string) => string | undefined,
  kubernetesVersion?: KubernetesVersion,
  /**
   * What the chart was rendered with, when not the user's choice: its own `ci/` values file, or `its default values`.
   */
  renderedWith?: string,
): Map<string, Finding[]> {
  const renderedBy = renderedWith
    ? `(in the chart rendered by helm with ${renderedWith})`
    : '(in the chart rendered by helm)';
  const placed = new Map<string, Finding[]>();
  const seenOfKind = new Map<string, number>();
  for (const rendered of splitRenderedChart(output)) {
    const template = templateText(rendered.source);
    if (template === undefined) continue;
    // Against the target version, as the templates themselves are (the newest bundled when none is given).
    const analysis = analyzeYamlDocument(rendered.text, { ...WHOLE_OBJECT, kubernetesVersion });
    if (analysis.findings.length === 0 && !analysis.summary) continue;
    const renderedYaml = new ParsedYaml(rendered.text);
    const kind = renderedYaml.stringAt(['kind']);
    // The n-th rendered document of a kind from one template comes from the n-th document of that kind in it (or
    // from the same one, printed again by a range).
    const ordinalKey = `${rendered.source}\u0000${kind}`;
    const ordinal = seenOfKind.get(ordinalKey) ?? 0;
    seenOfKind.set(ordinalKey, ordinal + 1);
    const target = templateDocument(template, kind, ordinal);
    const findings = placed.get(rendered.source) ?? [];
    for (const found of analysis.findings) {
      const { path, onKey } = pathAt(
        renderedYaml,
        offsetOf(rendered.text, found.range.start.line, found.range.start.character),
      );
      findings.push({
        ...found,
        message: `${found.message} ${renderedBy}`,
        range: target
          ? placeOnTemplate(target, path, onKey)
          : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        fixes: [],
      });
    }
    placed.set(rendered.source, findings);
  }
  return placed;
}

/** A template's document, masked and parsed, with the line it starts on. */
interface TemplateDocument {
  yaml: ParsedYaml;
  line: number;
}

function templateDocument(template: string, kind: string | undefined, ordinal: number): TemplateDocument | undefined {
  const chunks = splitYamlDocuments(maskTemplate(template)).filter((chunk) =>
    /\S/.test(chunk.text.replace(/^---/, '')),
  );
  const ofKind = kind
    ? chunks.filter((chunk) => new RegExp(`^kind:\\s*["']?${escapeRegExp(kind)}\\b`, 'm').test(chunk.text))
    : [];
  const chosen = ofKind.length > 0 ? ofKind[Math.min(ordinal, ofKind.length - 1)] : chunks[0];
  return chosen ? { yaml: new ParsedYaml(chosen.text), line: chosen.line } : undefined;
}

/** The path of the node at an offset of a parsed document, and whether the offset is on a key. */
export function pathAt(yaml: ParsedYaml, offset: number): { path: YamlPath; onKey: boolean } {
  const path: Array<string | number> = [];
  let node: Node | null | undefined = yaml.root;
  for (;;) {
    if (isMap(node)) {
      const pair =
        node.items.find((item) => isPair(item) && contains(item.key as Node, offset, true)) ??
        node.items.find((item) => isPair(item) && contains(item.value as Node, offset, false));
      if (!pair || !isScalar(pair.key)) return { path, onKey: false };
      path.push(String(pair.key.value));
      if (contains(pair.key as Node, offset, true)) return { path, onKey: true };
      node = pair.value as Node;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => contains(item as Node, offset, false));
      if (index === -1) return { path, onKey: false };
      path.push(index);
      node = node.items[index] as Node;
    } else {
      return { path, onKey: false };
    }
  }
}

/** The range on the template for a field path: its key (or scalar value) as deep as the template has the path. */
export function placeOnTemplate(target: TemplateDocument, path: YamlPath, onKey: boolean): Range {
  const { yaml } = target;
  let node: Node | undefined = yaml.root ?? undefined;
  let range: Range | undefined;
  let complete = true;
  for (const step of path) {
    if (typeof step === 'string' && isMap(node)) {
      const pair = yaml.pairIn(node, step);
      if (!pair) {
        complete = false;
        break;
      }
      range = yaml.rangeOf(pair.key);
      node = yaml.resolve(pair.value);
    } else if (typeof step === 'number' && isSeq(node) && step < node.items.length) {
      node = yaml.resolve(node.items[step]);
      if (node?.range) range = firstLine(yaml, node);
    } else {
      complete = false;
      break;
    }
  }
  if (complete && !onKey && isScalar(node) && node.range && node.range[1] > node.range[0]) range = yaml.rangeOf(node);
  range ??= firstContentLine(yaml);
  return shift(range, target.line);
}

function firstLine(yaml: ParsedYaml, node: Node): Range {
  const [start, end] = node.range ?? [0, 0];
  const lineEnd = yaml.text.indexOf('\n', start);
  return yaml.rangeAt(start, lineEnd === -1 ? end : Math.min(lineEnd, end));
}

function firstContentLine(yaml: ParsedYaml): Range {
  const match = /^(?!---)(?!#)\S.*$/m.exec(yaml.text);
  if (!match) return yaml.rangeAt(0, 0);
  return yaml.rangeAt(match.index, match.index + match[0].trimEnd().length);
}

function contains(node: Node | null | undefined, offset: number, inclusiveEnd: boolean): boolean {
  if (!node?.range) return false;
  const [start, valueEnd, nodeEnd] = node.range;
  return offset >= start && (inclusiveEnd ? offset <= valueEnd : offset < Math.max(valueEnd, nodeEnd));
}

function shift(range: Range, lines: number): Range {
  return {
    start: { line: range.start.line + lines, character: range.start.character },
    end: { line: range.end.line + lines, character: range.end.character },
  };
}

function offsetOf(text: string, line: number, character: number): number {
  let offset = 0;
  for (let current = 0; current < line; current++) {
    const next = text.indexOf('\n', offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  return offset + character;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Where helm's error message points: a template of the chart and a zero-based line, when it names one. */
export interface RenderError {
  /** Path inside the chart (`templates/deployment.yaml`), or undefined for an error about the chart as a whole. */
  source?: string;
  line: number;
  character: number;
  message: string;
  /**
   * Why helm stopped: `template`, a template it cannot execute or parse (the chart is broken); `dependencies`, the
   * chart's dependencies are not downloaded into charts/ (usual in a chart's source repository: `helm dependency
   * build` fetches them); `required-value`, the chart's own `required` or `fail` with its own message, or its
   * values.schema.json wanting a value its defaults leave empty (the chart wants a value its defaults do not give: a
   * chart working as written); `unreachable`, helm could not fetch something the chart names from the network (a
   * `$ref` of values.schema.json to a URL) on a machine that cannot reach it.
   */
  cause: 'template' | 'dependencies' | 'required-value' | 'unreachable';
}

/** helm's words for a dependency missing from charts/ (helm 3 and 4). */
const MISSING_DEPENDENCIES = /missing in charts\/ directory|helm dependency (?:build|update)/;
/**
 * helm's form for an error of the chart's own `required` or `fail` (its engine's cleanupExecError): `execution error
 * at (chart/templates/x.yaml:6:15): <the chart's message>`. A template that cannot run says `chart/templates/x.yaml:6:22
 * executing ... at <...>: nil pointer evaluating ...` instead.
 */
const CHART_OWN_FAILURE = /^execution error at \([^)]*\):\s*/;
/**
 * helm's form for values that break the chart's values.schema.json: a header, then one `- ` line per violation.
 * helm 4: `- at '/policy': got null, want string`, `- at '': missing property 'name'`; helm 3: `- policy: Invalid
 * type. Expected: string, given: null`, `- (root): name is required`.
 */
const SCHEMA_FAILURE = /^values don't meet the specifications of the schema\(s\) in the following chart\(s\):\s*/;
/** A violation that is a value left out (empty or absent), which the deployer is to give: not a wrong value. */
const VALUE_LEFT_OUT = /\bgot null\b|\bgiven: null\b|\bmissing propert(?:y|ies)\b|\bis required\b/;

/**
 * Go's net errors, as helm passes them on when a fetch fails (`dial tcp: lookup raw.githubusercontent.com on
 * 10.0.0.53:53: no such host`, `connect: connection refused`): the machine's network, not the chart. An HTTP status
 * (a `$ref` to a page that is gone) is not among them: that fails everywhere.
 */
const NETWORK_REASON =
  /\b(?:no such host|connection refused|network is unreachable|i\/o timeout|TLS handshake timeout)\b/;
const NETWORK_FAILURE = new RegExp(`\\bdial tcp\\b|${NETWORK_REASON.source}`);

/**
 * helm 4's log lines (log/slog's text form, `level=WARN msg="this chart is deprecated"`, a `time=...` first when it
 * prints one): notes written to stderr before the failure, not part of it.
 */
const LOG_LINE = /^(?:time=\S+\s+)?level=(?:DEBUG|INFO|WARN)\b/;

/**
 * Reads helm's own error output (`helm template` failed): the message as helm wrote it, and the template and line it
 * names. Forms seen from helm 3 and 4: `Error: chart/templates/x.yaml:42:37 executing ...`, `parse error at
 * (chart/templates/x.yaml:33): ...`, `template: chart/templates/x.yaml:12:3: executing ...`, `YAML parse error on
 * chart/templates/x.yaml: ...` (a line of the rendered text, not of the template: the template's first line is used).
 * The message starts at helm's `Error:` line wherever it is: log lines and warnings before it (a deprecated chart's,
 * helm 3's `coalesce.go:...: warning: ...`) are left out.
 */
export function parseRenderError(stderr: string): RenderError {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^Use --debug flag/.test(line));
  const errorLine = lines.findIndex((line) => line.startsWith('Error:'));
  const failure = errorLine >= 0 ? lines.slice(errorLine) : lines;
  const withoutLogs = failure.filter((line) => !LOG_LINE.test(line));
  // Nothing but log lines (a helm that failed without its `Error:`): they are all there is to show.
  const message = (withoutLogs.length > 0 ? withoutLogs : failure)
    .join(' ')
    .replace(/^Error:\s*/, '')
    .slice(0, 2000);
  const cause = MISSING_DEPENDENCIES.test(message)
    ? 'dependencies'
    : CHART_OWN_FAILURE.test(message) || leavesOutSchemaValues(withoutLogs)
      ? 'required-value'
      : NETWORK_FAILURE.test(message)
        ? 'unreachable'
        : 'template';
  return { ...locateRenderError(message), message, cause };
}

/**
 * Whether helm stopped on the chart's values.schema.json, and only for values the defaults leave empty or out
 * (external-dns leaves `policy:` empty for each install to choose): a chart working as written, like its `required`.
 * A value that is set and breaks the schema (a string where it wants a number) is the chart's own mistake.
 */
function leavesOutSchemaValues(lines: readonly string[]): boolean {
  if (!lines.some((line) => SCHEMA_FAILURE.test(line.replace(/^Error:\s*/, '')))) return false;
  const violations = lines.filter((line) => line.startsWith('- '));
  return violations.length > 0 && violations.every((line) => VALUE_LEFT_OUT.test(line));
}

function locateRenderError(message: string): Omit<RenderError, 'message' | 'cause'> {
  const located = /(?:^|[\s(])[^/\s():]+\/([^\s():]+\.(?:ya?ml|tpl|txt|json)):(\d+)(?::(\d+))?/.exec(message);
  if (located)
    return {
      source: located[1],
      line: Number(located[2]) - 1,
      character: located[3] ? Number(located[3]) - 1 : 0,
    };
  const named =
    /(?:YAML parse error on|error converting YAML[^:]*:)?\s[^/\s():]+\/((?:charts\/[^\s:]+\/)?templates\/[^\s():]+):/.exec(
      message,
    );
  if (named) return { source: named[1], line: 0, character: 0 };
  return { line: 0, character: 0 };
}

/**
 * One diagnostic for a chart helm did not render, with helm's message. Only a broken template is an error: a chart
 * whose dependencies are not downloaded, that asks for a value its defaults leave out, or whose rendering needs a
 * network this machine cannot reach, works as written (public charts' source repositories are full of the first two;
 * datadog's private-action-runner `$ref`s a schema on raw.githubusercontent.com), so they say why the rendered checks
 * did not run, and what would run them.
 */
export function renderFailedFinding(error: RenderError, lineText: string | undefined): Finding {
  const start = { line: Math.max(0, error.line), character: 0 };
  const end = { line: start.line, character: Math.max(1, (lineText ?? '').trimEnd().length) };
  const [code, severity, message] =
    error.cause === 'unreachable'
      ? ([
          HELM_CODES.renderOffline,
          DiagnosticSeverity.Information,
          `The chart is not rendered: helm could not fetch ${fetched(error.message)} (${networkReason(error.message)}), which this machine's network does not reach; its templates are still checked as templates. Where it can be fetched, helm renders the chart and its rendered objects are checked too.`,
        ] as const)
      : error.cause === 'dependencies'
        ? ([
            HELM_CODES.dependenciesMissing,
            DiagnosticSeverity.Information,
            `The chart is not rendered: ${missingDependencies(error.message)} not downloaded into charts/. Run \`helm dependency build\` in the chart's folder to check what it renders; its templates are checked as templates.`,
          ] as const)
        : error.cause === 'required-value'
          ? ([
              HELM_CODES.valuesRequired,
              DiagnosticSeverity.Information,
              `The chart is not rendered with its default values: it asks for a value they leave out ("${error.message.replace(CHART_OWN_FAILURE, '').replace(SCHEMA_FAILURE, 'values.schema.json of ')}"). Give a values file that sets it (setting shipshape.helm.valueFiles; helm.valueFiles in .shipshape.yaml for the CLI) to check what it renders.`,
            ] as const)
          : ([HELM_CODES.renderFailed, DiagnosticSeverity.Error, `helm template failed: ${error.message}`] as const);
  return { code, message, severity, range: { start, end }, source: SOURCE, fixes: [] };
}

/** The URL helm failed to fetch (`failing loading "https://..."`, `Get "https://..."`), or what it was for. */
function fetched(message: string): string {
  const url = /(?:failing loading|Get) "([^"]+)"/.exec(message)?.[1];
  return url ?? 'what the chart names from the network';
}

/** Go's words for why (`no such host`, `connection refused`), or "no network" when helm gives only `dial tcp`. */
function networkReason(message: string): string {
  return NETWORK_REASON.exec(message)?.[0] ?? 'no network';
}

/** "its dependency common is", "its dependencies a, b are", from helm's message (or just "its dependencies are"). */
function missingDependencies(message: string): string {
  const names = /missing in charts\/ directory:\s*(.+)$/.exec(message)?.[1].trim();
  if (!names) return 'its dependencies are';
  return names.includes(',') ? `its dependencies ${names} are` : `its dependency ${names} is`;
}

/**
 * The chart's own test values to render it with when its defaults ask for a value (chart-testing's convention: each
 * `ci/*-values.yaml` is a complete set): `ci/default-values.yaml` first, then the others in name order, at most three.
 * `names` are the file names in the chart's `ci/` folder.
 */
export function chartTestValueFiles(names: readonly string[]): string[] {
  const candidates = names.filter((name) => /\.ya?ml$/.test(name)).sort();
  const preferred = candidates.filter((name) => /^default(?:-values)?\.ya?ml$/.test(name));
  return [...preferred, ...candidates.filter((name) => !preferred.includes(name))]
    .slice(0, 3)
    .map((name) => `ci/${name}`);
}

/**
 * The release name the chart is rendered under: helm's own default for `helm template`. Names a chart derives from
 * `.Release.Name` (`release-name-web`) then read as the placeholder they are, not as a name written somewhere.
 */
const RELEASE_NAME = 'release-name';

/**
 * `helm template` arguments for a chart folder and the value files the user picked (argv, never a shell string),
 * rendered for a cluster of the Kubernetes version the checks target (the newest bundled when none is given): its
 * version and the group/version/Kinds it serves, which a chart's `.Capabilities` probes choose its apiVersions by.
 */
export function helmTemplateArgs(
  chartFolder: string,
  valueFiles: readonly string[] = [],
  kubernetesVersion: KubernetesVersion = NEWEST_KUBERNETES_VERSION,
): string[] {
  return [
    'template',
    RELEASE_NAME,
    chartFolder,
    ...valueFiles.flatMap((file) => ['--values', file]),
    '--kube-version',
    `v${kubernetesVersion}.0`,
    '--api-versions',
    servedApiVersionKinds(kubernetesVersion).join(','),
  ];
}

/**
 * The findings of a template with those of its rendering: a rendered finding that says what the template's own
 * check already says on that line (same code, same line) is dropped.
 */
export function mergeRenderedFindings(own: readonly Finding[], rendered: readonly Finding[]): Finding[] {
  if (rendered.length === 0) return [...own];
  const said = new Set(own.map((found) => `${found.code}@${found.range.start.line}`));
  return [...own, ...rendered.filter((found) => !said.has(`${found.code}@${found.range.start.line}`))].sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
}
