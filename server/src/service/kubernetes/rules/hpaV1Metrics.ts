import { isMap, isScalar, isSeq } from 'yaml';
import type { YAMLMap } from 'yaml';
import type { TextEdit } from 'vscode-languageserver-types';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import { endOfMap, indentLines, insertText, isBlockMap, pairLines, replaceNode, replaceText } from '../../yaml/edits';
import type { KnownManifest } from '../manifest';
import type { KubernetesRule } from './rule';

const V2_ONLY_FIELDS = ['metrics', 'behavior'] as const;

export const messages = {
  v2Field: (field: string) =>
    `spec.${field} exists only in autoscaling/v2: an autoscaling/v1 HPA has no such field (kubectl rejects it as unknown)`,
  fixTitle: 'Convert this HPA to autoscaling/v2',
};

/** An `autoscaling/v1` HPA that uses v2 fields (`metrics:`, `behavior:`): the fix converts the whole HPA to v2. */
export const hpaV1MetricsRule: KubernetesRule = {
  id: 'k8s/hpa-v1-uses-v2-fields',
  severity: DiagnosticSeverity.Error,
  description: 'an `autoscaling/v1` HPA with `metrics:` or `behavior:`',
  family: 'kubernetes-hpa',
  reference: 'staging/src/k8s.io/api/autoscaling/v1/types.go (no metrics or behavior)',
  fix: 'convert the HPA to `autoscaling/v2` (a `targetCPUUtilizationPercentage` becomes a cpu metric)',
  kinds: ['HorizontalPodAutoscaler'],
  check(manifest) {
    if (manifest.apiVersion !== 'autoscaling/v1') return [];
    const spec = manifest.mapAt(['spec']);
    if (!spec) return [];
    const fix = convertToV2(manifest);
    const findings: RuleFinding[] = [];
    for (const field of V2_ONLY_FIELDS) {
      const pair = manifest.pairIn(spec, field);
      if (pair)
        findings.push({ range: manifest.rangeOf(pair.key), message: messages.v2Field(field), fixes: fix ? [fix] : [] });
    }
    return findings;
  },
};

/** apiVersion -> autoscaling/v2, with `targetCPUUtilizationPercentage` turned into a metric. */
function convertToV2(manifest: KnownManifest) {
  const apiVersion = manifest.nodeAt(['apiVersion']);
  const spec = manifest.mapAt(['spec']);
  if (!apiVersion || !spec || !isBlockMap(spec)) return undefined;
  const edits: TextEdit[] = [
    replaceNode(manifest, apiVersion, 'autoscaling/v2'),
    ...cpuPercentageToMetric(manifest, spec),
  ];
  return { title: messages.fixTitle, edits, isPreferred: true };
}

/**
 * `targetCPUUtilizationPercentage: N` (autoscaling/v1) -> a Resource cpu metric with a Utilization target of N,
 * appended to `metrics` (or dropped when `metrics` already scales on cpu).
 */
export function cpuPercentageToMetric(manifest: KnownManifest, spec: YAMLMap): TextEdit[] {
  const cpuTarget = manifest.pairIn(spec, 'targetCPUUtilizationPercentage');
  if (!cpuTarget) return [];
  const lines = pairLines(manifest, cpuTarget);
  const edits: TextEdit[] = [replaceText(manifest, lines.start, lines.end, '')];
  const metrics = manifest.nodeAt(['spec', 'metrics']);
  const scalesOnCpu =
    isSeq(metrics) &&
    metrics.items.some((item) => isMap(item) && manifest.stringAt(['resource', 'name'], item) === 'cpu');
  if (scalesOnCpu || !isScalar(cpuTarget.value)) return edits;
  const percent = manifest.text.slice(cpuTarget.value.range?.[0] ?? 0, cpuTarget.value.range?.[1] ?? 0);
  const item = [
    '- type: Resource',
    '  resource:',
    '    name: cpu',
    '    target:',
    '      type: Utilization',
    `      averageUtilization: ${percent}`,
  ];
  const metricsPair = manifest.pairIn(spec, 'metrics');
  if (isSeq(metrics) && !metrics.flow && metrics.items.length > 0 && metricsPair) {
    const first = metrics.items[0] as { range?: [number, number, number] };
    const itemIndent = manifest.positionAt(first.range?.[0] ?? 0).character - 2;
    edits.push(insertText(manifest, pairLines(manifest, metricsPair).end, indentLines(item, itemIndent)));
  } else if (!metricsPair) {
    edits.push(
      insertText(
        manifest,
        endOfMap(manifest, spec),
        indentLines(['metrics:', ...item.map((line) => '  ' + line)], manifest.columnOf(cpuTarget.key)),
      ),
    );
  } else {
    return []; // `metrics:` written in a shape we do not rewrite (flow, empty): leave it to the user
  }
  return edits;
}
