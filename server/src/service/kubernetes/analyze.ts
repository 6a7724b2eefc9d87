import { DiagnosticSeverity, type Range } from 'vscode-languageserver-types';
import { isScalar, visit, type YAMLError } from 'yaml';
import type { Finding } from '../types';
import { SOURCE } from '../types';
import { applyEdits } from '../common/applyEdits';
import { editsOverlap } from '../common/ranges';
import { hasSchema, KINDS } from './kinds';
import {
  declaresKubernetesKind,
  isKnownManifest,
  ManifestDocument,
  mentionsKubernetesKind,
  type KnownManifest,
} from './manifest';
import { apiVersionRule } from './rules/apiVersion';
import { reindentFix } from './reindentFix';
import { findingOf, runIsolated } from '../catalogue/runner';
import { KUBERNETES_RULES } from './rules';
import { isPlaceholder } from './placeholders';
import { validateAgainstSchema } from './schemaValidation';
import { summarize, type ManifestSummary } from './summary';
import { NEWEST_KUBERNETES_VERSION, type KubernetesVersion } from '../../../../common/src/contract';
import { podSourceSummary } from './summaryServices';
import { READ_AS_TEMPLATE, TEMPLATE_PLACEHOLDER } from '../helm/mask';

export const YAML_CODES = {
  syntax: 'yaml/syntax',
  aliasLimit: 'yaml/alias-limit',
  notChecked: 'yaml/not-checked',
} as const;

/** What one YAML document yields: findings in the document's own coordinates (line 0 = its first line). */
export interface DocumentAnalysis {
  findings: Finding[];
  /** What the workspace index keeps of a Deployment or HPA that parsed; undefined for anything else. */
  summary?: ManifestSummary;
}

const NOTHING: DocumentAnalysis = { findings: [] };

/**
 * Only what the workspace index needs (the summary), for files that are not open: no schema validation, no rules.
 * Indexing a large workspace then costs about one parse per document.
 */
export function summarizeYamlDocument(text: string): DocumentAnalysis {
  if (!mentionsKubernetesKind(text)) return otherDocument(text);
  const manifest = new ManifestDocument(text);
  if (!isKnownManifest(manifest)) return otherDocument(text);
  if (manifest.document.errors.length > 0) return NOTHING;
  return { findings: [], summary: summarize(manifest) };
}

/**
 * Analyses one YAML document of a file: syntax, schema and rules. Pure: the same text always gives the same result,
 * which is what lets the caller cache it by text.
 */
/**
 * Where a document sits, as far as checking it goes: a Kustomize patch is a partial object (the base supplies the
 * rest), a base whose kustomization adds labels to selectors may leave its selector out, and one whose kustomization
 * sets its images' tags may leave them out.
 */
export interface DocumentContext {
  partial: boolean;
  labelsSupplied: boolean;
  /** Image names a kustomization that builds the document gives a tag or digest (`images:`): see UnitInfo. */
  taggedImages?: readonly string[];
  /** The Kubernetes version checked against (setting shipshape.kubernetes.version): the newest bundled if unset. */
  kubernetesVersion?: KubernetesVersion;
}

export const WHOLE_OBJECT: DocumentContext = { partial: false, labelsSupplied: false };

/** Two contexts with the same key analyse every document alike (a cached analysis holds for one key). */
export function contextKey(context: DocumentContext): string {
  return JSON.stringify([
    context.partial,
    context.labelsSupplied,
    context.taggedImages ?? [],
    context.kubernetesVersion ?? null,
  ]);
}

/** Rules about what an object lacks or how its parts agree: a patch has only the parts it changes. */
const WHOLE_OBJECT_RULES = new Set([
  'k8s/selector-mismatch',
  'k8s/resources-requests',
  'k8s/probes',
  'k8s/probe-port',
  'k8s/run-as-non-root',
  'k8s/privilege-escalation',
  'k8s/read-only-root-fs',
  'k8s/container-image-required',
  'k8s/selector-rules',
  'k8s/deployment-numbers',
  'k8s/pod-template-policy',
  'k8s/probe-config',
  'k8s/volume-mount-missing',
  'k8s/volume-source-name',
  'k8s/restart-policy',
  'k8s/statefulset-service-name',
  'k8s/service-port',
]);

/** A document of another kind: nothing to say, but the index notes one that may create pods (see PodSourceSummary). */
function otherDocument(text: string): DocumentAnalysis {
  const summary = podSourceSummary(text);
  return summary ? { findings: [], summary } : NOTHING;
}

export function analyzeYamlDocument(text: string, context: DocumentContext = WHOLE_OBJECT): DocumentAnalysis {
  if (!mentionsKubernetesKind(text)) return otherDocument(text);
  const manifest = new ManifestDocument(text);
  // Too large or too deeply nested to parse (issue 15): said once, as information, when it plainly is one of ours.
  if (manifest.skipped) {
    const note = finding(
      YAML_CODES.notChecked,
      manifest.skipped,
      manifest.rangeAt(0, manifest.lineEnd(0) - 1),
      DiagnosticSeverity.Information,
    );
    return declaresKubernetesKind(text) ? { findings: [note] } : NOTHING;
  }
  // In a Helm template every branch of every `if` is read at once (helm/mask.ts): YAML that breaks there may be two
  // branches of which only one renders. A warning then; `helm template` (run in the background) tells for sure.
  const masked = text.includes(TEMPLATE_PLACEHOLDER);
  const syntax = reportedSyntaxErrors(manifest.document.errors).map((error) => syntaxFinding(manifest, error, masked));
  // An indentation slip whose intended place is clear gets its re-indent on the first error.
  const withReindent = () => {
    const fix = masked ? undefined : reindentFix(manifest, manifest.document.errors[0].pos[0]);
    return { findings: fix ? [{ ...syntax[0], fixes: [fix] }, ...syntax.slice(1)] : syntax };
  };
  if (!isKnownManifest(manifest)) {
    // Not (recognisably) ours: report broken YAML only when the text plainly declares one of our kinds.
    return syntax.length > 0 && declaresKubernetesKind(text) ? withReindent() : otherDocument(text);
  }
  // Schema and rules on a half-parsed document mostly repeat the syntax error in other words: wait until it parses.
  if (syntax.length > 0) return withReindent();
  const plain = manifest.plain();
  if (plain.error !== undefined) {
    return {
      findings: [
        ...syntax,
        finding(
          YAML_CODES.aliasLimit,
          `This document expands too many aliases to validate (${plain.error})`,
          manifest.rangeAt(0, manifest.lineEnd(0) - 1),
          DiagnosticSeverity.Error,
        ),
      ],
    };
  }
  const ruleFindings: Finding[] = [];
  const versionUnknown = isPlaceholder(manifest.apiVersion);
  for (const rule of KUBERNETES_RULES) {
    if (!rule.kinds.includes(manifest.kind)) continue;
    if (versionUnknown && VERSION_ONLY_RULES.has(rule.id)) continue;
    if (
      (context.partial && WHOLE_OBJECT_RULES.has(rule.id)) ||
      (context.labelsSupplied && rule.id === 'k8s/selector-mismatch')
    )
      continue;
    // A patch selected by `target:` needs no apiVersion of its own; a wrong one is still wrong.
    const patchWithoutApiVersion =
      context.partial && rule.id === 'k8s/api-version' && manifest.apiVersion === undefined;
    if (patchWithoutApiVersion) continue;
    const target = {
      kubernetesVersion: context.kubernetesVersion ?? NEWEST_KUBERNETES_VERSION,
      taggedImages: context.taggedImages ?? [],
      partial: context.partial,
    };
    for (const found of runIsolated(rule.id, () => rule.check(manifest, target), ruleFindings))
      if (!(context.partial && onPatchSelector(manifest, found.range))) ruleFindings.push(findingOf(rule, found));
  }
  // A rule that speaks about the very node a schema error points at says it better: keep the rule's finding only.
  // Only a rule that reports an error may stand in for one: a hint on a value of the wrong type must not hide it.
  const claimed = new Set(
    ruleFindings.filter((found) => found.severity === DiagnosticSeverity.Error).map((found) => rangeKey(found.range)),
  );
  // A kind whose schema is not bundled (kinds.ts) gets its rules only.
  const schema = (hasSchema(manifest.kind) ? validateAgainstSchema(manifest, context.kubernetesVersion) : []).filter(
    (found) => !claimed.has(rangeKey(found.range)) && !suppliedElsewhere(found, context),
  );
  const findings = foldIntoApiVersion(manifest, foldMissingContainers([...ruleFindings, ...schema]));
  // A patch is not an object of its own: cross-file rules see the base it patches, not the patch.
  return { findings: findings.sort(byPosition), summary: context.partial ? undefined : summarize(manifest) };
}

/**
 * A patch's own metadata.name and namespace say which object it patches (and under a `target:` they are ignored:
 * kubeflow's `name: "*"`), so they are not the object's name: a rule about names has nothing to say there. Names
 * inside it (containers, volumes) are merged into the object and still checked.
 */
function onPatchSelector(manifest: KnownManifest, range: Range): boolean {
  return (['name', 'namespace'] as const).some((field) => {
    const node = manifest.nodeAt(['metadata', field]);
    if (!node) return false;
    const at = manifest.rangeOf(node);
    return rangeKey(at) === rangeKey(range);
  });
}

/**
 * What the kustomization supplies or interprets: anything required, in a patch; the strategic-merge directives of a
 * patch (`$patch: delete`, `$retainKeys`, `$setElementOrder/...`); the selector of a base it labels.
 */
function suppliedElsewhere(found: Finding, context: DocumentContext): boolean {
  if (context.partial && found.code === 'k8s/schema-unknown-field' && /: unknown field "\$/.test(found.message))
    return true;
  if (found.code !== 'k8s/schema-required') return false;
  return context.partial || (context.labelsSupplied && /^spec: missing required field "selector"$/.test(found.message));
}

/**
 * Rules that hold for one apiVersion only: under an apiVersion filled in later (`apiVersion: ${HPA_API}` for envsubst,
 * `{{ include "chart.hpa.apiVersion" . }}` chosen by the cluster's capabilities), which one applies is unknown, and
 * `targetCPUUtilizationPercentage` is right under autoscaling/v1.
 */
const VERSION_ONLY_RULES = new Set([
  'k8s/hpa-metric-target',
  'k8s/hpa-v1-field',
  'k8s/hpa-v1-uses-v2-fields',
  'k8s/hpa-behavior',
]);

/**
 * Errors that are the shape of an old apiVersion seen through the served one's schema: fields it lacks or requires,
 * and the rules that recognise an old version's fields. A literal of the wrong type is wrong in every version: it
 * stays a finding of its own.
 */
const VERSION_SHAPED = new Set([
  'k8s/schema-required',
  'k8s/schema-unknown-field',
  'k8s/hpa-metric-target',
  'k8s/hpa-v1-field',
  'k8s/hpa-v1-uses-v2-fields',
]);
const isVersionShaped = (found: Finding) =>
  found.severity === DiagnosticSeverity.Error && VERSION_SHAPED.has(found.code);

/**
 * One root cause, one diagnostic: an apiVersion that no longer serves the kind makes the document be read with the
 * served version's schema, where every field in the old shape is an error too. Those knock-on errors fold into the
 * apiVersion finding, whose fix also carries their preferred fixes (the conversion happens in one step); anything
 * the fix cannot convert shows up once the apiVersion is changed.
 */
function foldIntoApiVersion(manifest: KnownManifest, findings: Finding[]): Finding[] {
  if (manifest.apiVersion === undefined || KINDS[manifest.kind].served.includes(manifest.apiVersion)) return findings;
  const root = findings.find((found) => found.code === apiVersionRule.id);
  const rootFix = root?.fixes.find((fix) => fix.isPreferred);
  const candidates = findings.filter(isVersionShaped);
  if (!root || !rootFix || candidates.length === 0) return findings;
  const edits = [...rootFix.edits];
  let rewritten = 0;
  for (const found of candidates) {
    // Only the conversions of an old version's fields travel with the root fix; a typo's rename stays its own fix.
    if (found.code.startsWith('k8s/schema')) continue;
    const fix = found.fixes.find((candidate) => candidate.isPreferred);
    if (!fix || fix.edits.some((edit) => edits.some((taken) => editsOverlap(edit.range, taken.range)))) continue;
    edits.push(...fix.edits);
    rewritten++;
  }
  // Only what the combined fix resolves is a knock-on: the fixed text is analysed once more (its apiVersion is
  // served, so this does not recurse; rare, and cheap next to the parse already done). An error that survives the
  // fix is a mistake of its own and stays visible now.
  const after = analyzeYamlDocument(applyEdits(manifest.text, edits)).findings;
  if (after.some((found) => found.code === YAML_CODES.syntax)) return findings;
  const remaining = new Set(after.map((found) => `${found.code}|${found.message}`));
  const folded = new Set(candidates.filter((found) => !remaining.has(`${found.code}|${found.message}`)));
  if (folded.size === 0) return findings;
  const merged: Finding = {
    ...root,
    message:
      rewritten > 0
        ? `${root.message} (the fix also rewrites ${rewritten} field${rewritten === 1 ? '' : 's'} into its form)`
        : root.message,
    fixes: [{ ...rootFix, edits }, ...root.fixes.filter((fix) => fix !== rootFix)],
    data: { ...(root.data as Record<string, unknown> | undefined), folded: [...folded].map((found) => found.code) },
  };
  return findings.filter((found) => !folded.has(found)).map((found) => (found === root ? merged : found));
}

/**
 * Container fields written at pod level leave the pod with no `containers`: the misplaced-field finding (whose fix
 * creates the container) is the root cause, so "missing required field containers" on that pod spec folds into it.
 */
function foldMissingContainers(findings: Finding[]): Finding[] {
  const misplacedIn = new Set(
    findings
      .filter((found) => found.code === 'k8s/pod-field-misplaced')
      .map((found) => found.message.split(':')[0].replace(/\.[^.]+$/, '')),
  );
  if (misplacedIn.size === 0) return findings;
  return findings.filter(
    (found) =>
      !(
        found.code === 'k8s/schema-required' &&
        /: missing required field "containers"$/.test(found.message) &&
        misplacedIn.has(found.message.split(':')[0])
      ),
  );
}

/**
 * The parse errors worth a finding: every duplicate key (each its own mistake, said precisely), and of the others only
 * the first. After the first, the parser's errors mostly follow from it (longhorn's httproute.yaml template gave 79,
 * one per token to the end of the file); kubectl, yamllint and kubeconform also stop at the first.
 */
function reportedSyntaxErrors(errors: readonly YAMLError[]): YAMLError[] {
  const first = errors.find((error) => error.code !== 'DUPLICATE_KEY');
  return errors.filter((error) => error.code === 'DUPLICATE_KEY' || error === first);
}

function syntaxFinding(manifest: ManifestDocument, error: YAMLError, inTemplate: boolean): Finding {
  const [start, end] = error.pos;
  const severity = inTemplate ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error;
  const duplicate = error.code === 'DUPLICATE_KEY' ? duplicateKey(manifest, start) : undefined;
  // In a template too: the key and its whole range, not the parser's `Map keys must be unique` on one character.
  if (duplicate) {
    const message = `mapping key "${duplicate.name}" is already set above in the same map: kubectl refuses the file (keep one)`;
    return finding(
      YAML_CODES.syntax,
      inTemplate ? message + READ_AS_TEMPLATE : message,
      manifest.rangeAt(start, duplicate.end),
      severity,
    );
  }
  const message = error.message.split('\n')[0];
  return finding(
    YAML_CODES.syntax,
    inTemplate ? message + READ_AS_TEMPLATE : message,
    manifest.rangeAt(start, Math.max(end, start + 1)),
    severity,
  );
}

/**
 * `Map keys must be unique` names neither the key nor where it was set first (kubectl: `mapping key "resources"
 * already defined at line 38`): the key, and its end, from the map that holds it at `offset`; the first is above it.
 */
function duplicateKey(manifest: ManifestDocument, offset: number): { name: string; end: number } | undefined {
  let found: { name: string; end: number } | undefined;
  visit(manifest.document, {
    Map(_key, map) {
      const pair = map.items.find((item) => isScalar(item.key) && item.key.range?.[0] === offset);
      if (!pair || !isScalar(pair.key) || !pair.key.range) return undefined;
      found = { name: String(pair.key.value), end: pair.key.range[1] };
      return visit.BREAK;
    },
  });
  return found;
}

function finding(code: string, message: string, range: Range, severity: DiagnosticSeverity): Finding {
  return { code, message, range, severity, source: SOURCE, fixes: [] };
}

function byPosition(a: Finding, b: Finding): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

function rangeKey(range: Range): string {
  return `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
}
