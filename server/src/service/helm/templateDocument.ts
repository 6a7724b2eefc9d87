import { DiagnosticSeverity, type Range } from 'vscode-languageserver-types';
import type { Finding, Fix } from '../types';
import { isScalar, parseDocument, visit } from 'yaml';
import type { ManifestSummary } from '../kubernetes/summary';
import { branchesAt, exclusive, type Branches, type BranchSignatures } from './branches';
import {
  documentHasActions,
  hasTemplateActions,
  isTemplatePlaceholder,
  maskTemplateWithBranches,
  READ_AS_TEMPLATE,
} from './mask';
import { mayBeSetByTemplate } from './placeholders';

/** What analysing one YAML document gives (the shape of kubernetes/analyze's DocumentAnalysis, without importing it). */
interface Analysis {
  findings: Finding[];
  summary?: ManifestSummary;
}

/**
 * Findings about one value or key (schema checks, the apiVersion, a probe's port name, an image's tag): said of a
 * placeholder, they speak of an action's output, unknown here.
 */
const VALUE_CODES = new Set([
  'k8s/schema-type',
  'k8s/schema-enum',
  'k8s/schema',
  'k8s/schema-unknown-field',
  'k8s/api-version',
  'k8s/probe-port',
  'k8s/image-tag',
]);
/**
 * Findings that a map printed (in part) by an action may answer: the selector's labels may be among the template's
 * labels that `{{- include "chart.labels" . | nindent 8 }}` prints.
 */
const ANSWERED_BY_PRINTED_MAP: Record<string, readonly string[]> = {
  'k8s/selector-mismatch': ['spec', 'template', 'metadata', 'labels'],
};
const SYNTAX = 'yaml/syntax';
const IMAGE_REQUIRED = 'k8s/container-image-required';
/** Findings that check the document against the schema of its apiVersion. */
const SCHEMA_CODES = new Set([
  'k8s/schema-type',
  'k8s/schema-enum',
  'k8s/schema',
  'k8s/schema-unknown-field',
  'k8s/schema-required',
]);

/** A finding of the template read with all its branches at once: a warning that says so, with no fix. */
function readAtOnce(found: Finding): Finding {
  return { ...found, severity: DiagnosticSeverity.Warning, message: found.message + READ_AS_TEMPLATE, fixes: [] };
}

/** The branches the document's first top-level `apiVersion:` is written in (none: it is printed whatever the values). */
function branchesOfFirstApiVersion(text: string, branches: BranchSignatures): Branches {
  const first = /^apiVersion\s*:/m.exec(text);
  return first ? branchesAt(branches, first.index) : [];
} /** A field missing from a template's text may be printed by one of its actions. */
const MISSING_FIELD = 'k8s/schema-required';

/**
 * Analyses a YAML document that may be a Helm template: a document with `{{ ... }}` actions is masked first (same
 * offsets, so findings land on the template's lines). Then, whatever the analysis already knows of placeholders:
 * - a type, enum or format finding whose value (or an unknown-field finding whose key) is a placeholder is dropped;
 * - "missing required field" is dropped when the document has printing actions (one may supply it);
 * - fixes that would write masked text back into the template are dropped (they would replace an action);
 * - broken YAML is an error only where the template's own text is broken at the same place, outside any `if`: otherwise
 *   the masking made it (a template of control actions only masks to text without placeholders, read as a plain
 *   file), or a rendering may not print it;
 * - the summary says which of its facts are written under an `if`/`with`/`range` (`conditional`): a rendering may
 *   leave them out, which the cross-document rules weigh (the rendered chart, with its values, decides).
 */
export function analyzeTemplateAware<T extends Analysis>(analyze: (text: string) => T, text: string): T {
  if (!hasTemplateActions(text)) return analyze(text);
  const { text: masked, branches } = maskTemplateWithBranches(text);
  const analyzed = analyze(masked);
  const conditional = branches.signatures.length > 1;
  const lineStarts = analyzed.findings.length > 0 || (conditional && analyzed.summary) ? lineStartsOf(masked) : [];
  const analysis =
    conditional && analyzed.summary
      ? { ...analyzed, summary: withConditions(analyzed.summary, branches, lineStarts) }
      : analyzed;
  if (analysis.findings.length === 0) return analysis;
  const printing = documentHasActions(masked);
  const findings: Finding[] = [];
  let rawErrors: Set<number> | undefined;
  let parsed: ReturnType<typeof parseDocument> | undefined;
  let apiVersionBranches: Branches | undefined;
  for (const found of analysis.findings) {
    if (found.code === SYNTAX && found.severity === DiagnosticSeverity.Error) {
      rawErrors ??= new Set(parseDocument(text).errors.map((error) => error.pos[0]));
      const offset = offsetAt(lineStarts, found.range.start);
      const printedAlways = (at: number) => branchesAt(branches, at).length === 0;
      const first = printedAlways(offset) ? firstWritingOfKey((parsed ??= parseDocument(masked)), offset) : undefined;
      if (!rawErrors.has(offset) || !printedAlways(offset) || (first !== undefined && !printedAlways(first))) {
        findings.push(readAtOnce(found));
        continue;
      }
    }
    // An apiVersion written in exclusive branches (`if .Capabilities.APIVersions.Has "autoscaling/v2"` ... `else`
    // autoscaling/v2beta1): read at once, the document is checked against the first branch's schema, and a field of
    // a branch exclusive with it, written for the other version (loki's targetAverageUtilization under v2beta1),
    // seems wrong. Said as a warning of the template read at once; the rendered chart is checked against the version
    // it prints. A field in a branch that may render with the first apiVersion is checked against it as ever.
    if (SCHEMA_CODES.has(found.code)) {
      apiVersionBranches ??= branchesOfFirstApiVersion(text, branches);
      const at = branchesAt(branches, offsetAt(lineStarts, found.range.start));
      if (apiVersionBranches.length > 0 && at.length > 0 && exclusive(apiVersionBranches, at)) {
        findings.push(readAtOnce(found));
        continue;
      }
    }
    // A container whose first lines are written in a branch may go on after it, shared by the branches (elastic's
    // test pod: `- name:` in an if and in its else, then `image:` after the end): read at once, the if's item looks
    // like a container of its own with no image. A warning of the template read at once; the rendering decides.
    if (found.code === IMAGE_REQUIRED && branchesAt(branches, offsetAt(lineStarts, found.range.start)).length > 0) {
      findings.push(readAtOnce(found));
      continue;
    }
    const printedMap = ANSWERED_BY_PRINTED_MAP[found.code];
    if (printedMap && mayBeSetByTemplate((parsed ??= parseDocument(masked)).contents, printedMap)) continue;
    if (found.code === MISSING_FIELD && printing) continue;
    if (VALUE_CODES.has(found.code) && isTemplatePlaceholder(textAt(masked, lineStarts, found.range))) continue;
    findings.push(safeInTemplate(found, text, lineStarts));
  }
  return { ...analysis, findings };
}

/** Where a key written again at `offset` was written first in its map (a duplicate key), if it is one. */
function firstWritingOfKey(document: ReturnType<typeof parseDocument>, offset: number): number | undefined {
  let first: number | undefined;
  visit(document, {
    Map(_key, map) {
      const again = map.items.find((item) => isScalar(item.key) && item.key.range?.[0] === offset);
      if (!again || !isScalar(again.key)) return undefined;
      const name = again.key.value;
      const earlier = map.items.find((item) => isScalar(item.key) && item.key.value === name);
      if (earlier !== again && isScalar(earlier?.key)) first = earlier.key.range?.[0];
      return visit.BREAK;
    },
  });
  return first;
}

/** The summary with its `spec.replicas` marked `conditional` where an `if`/`with`/`range` holds it. */
function withConditions(
  summary: ManifestSummary,
  branches: BranchSignatures,
  lineStarts: readonly number[],
): ManifestSummary {
  const under = (range: Range) => branchesAt(branches, offsetAt(lineStarts, range.start)).length > 0;
  if ('replicas' in summary && summary.replicas && under(summary.replicas.range))
    return { ...summary, replicas: { ...summary.replicas, conditional: true } };
  return summary;
}

/**
 * A fix that would write placeholder characters is dropped; one that would replace or delete template text (an
 * action) is kept as a suggestion only: fix-all and `--fix` never remove a template's actions.
 */
function safeInTemplate(found: Finding, original: string, lineStarts: readonly number[]): Finding {
  if (found.fixes.length === 0) return found;
  const touchesAction = (fix: Fix) =>
    fix.edits.some((edit) => /\{\{|\}\}/.test(textAt(original, lineStarts, edit.range)));
  if (!found.fixes.some((fix) => writesPlaceholder(fix) || (fix.isPreferred && touchesAction(fix)))) return found;
  const fixes = found.fixes
    .filter((fix) => !writesPlaceholder(fix))
    .map((fix) => (fix.isPreferred && touchesAction(fix) ? { ...fix, isPreferred: false } : fix));
  return { ...found, fixes };
}

function writesPlaceholder(fix: Fix): boolean {
  return (
    fix.edits.some((edit) => isTemplatePlaceholder(edit.newText)) ||
    (fix.snippet !== undefined && isTemplatePlaceholder(fix.snippet.newText))
  );
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
  return starts;
}

function textAt(text: string, lineStarts: readonly number[], range: Range): string {
  return text.slice(offsetAt(lineStarts, range.start, text.length), offsetAt(lineStarts, range.end, text.length));
}

function offsetAt(lineStarts: readonly number[], position: Range['start'], end = Infinity): number {
  return (lineStarts[position.line] ?? end) + position.character;
}
