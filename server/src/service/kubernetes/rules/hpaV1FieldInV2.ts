import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { isBlockMap } from '../../yaml/edits';
import type { KubernetesRule } from './rule';
import { cpuPercentageToMetric } from './hpaV1Metrics';

export const messages = {
  v1Field: (apiVersion: string) =>
    `spec.targetCPUUtilizationPercentage exists only in autoscaling/v1: ${apiVersion} ignores it, so this HPA does not scale on cpu as written`,
  fixTitle: 'Turn it into a cpu Utilization metric',
};

/**
 * The mirror image of k8s/hpa-v1-uses-v2-fields: an HPA moved to autoscaling/v2 by changing only its apiVersion,
 * which keeps v1's `targetCPUUtilizationPercentage`. The fix writes the equivalent metric.
 */
export const hpaV1FieldInV2Rule: KubernetesRule = {
  id: 'k8s/hpa-v1-field',
  severity: DiagnosticSeverity.Error,
  description:
    "an `autoscaling/v2` HPA that still has v1's `targetCPUUtilizationPercentage` (only the apiVersion was changed)",
  family: 'kubernetes-hpa',
  reference: 'staging/src/k8s.io/api/autoscaling/v2/types.go (no targetCPUUtilizationPercentage)',
  fix: 'turn it into a cpu Utilization metric',
  kinds: ['HorizontalPodAutoscaler'],
  check(manifest) {
    if (manifest.apiVersion === 'autoscaling/v1') return [];
    const spec = manifest.mapAt(['spec']);
    const pair = spec && manifest.pairIn(spec, 'targetCPUUtilizationPercentage');
    if (!spec || !pair) return [];
    const edits = isBlockMap(spec) ? cpuPercentageToMetric(manifest, spec) : [];
    return [
      {
        range: manifest.rangeOf(pair.key),
        message: messages.v1Field(manifest.apiVersion ?? 'this apiVersion'),
        fixes: edits.length > 0 ? [{ title: messages.fixTitle, edits, isPreferred: true }] : [],
      },
    ];
  },
};
