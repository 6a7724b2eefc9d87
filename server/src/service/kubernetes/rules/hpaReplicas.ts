import { isScalar } from 'yaml';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import { replaceNode } from '../../yaml/edits';
import type { KubernetesRule } from './rule';

export const messages = {
  minAboveMax: (min: number, max: number) =>
    `spec.minReplicas (${min}) is above spec.maxReplicas (${max}): the API server rejects this HPA`,
  minBelowOne: (min: number) =>
    `spec.minReplicas is ${min}: it must be at least 1 (scaling to zero needs the HPAScaleToZero feature gate)`,
  maxBelowOne: (max: number) => `spec.maxReplicas is ${max}: it must be at least 1`,
  swap: 'Swap minReplicas and maxReplicas',
  setOne: 'Set minReplicas to 1',
};

/**
 * minReplicas above maxReplicas, either below 1. (A missing maxReplicas is a schema error: it is required.) No fix for
 * maxReplicas below 1: any number would be invented.
 */
export const hpaReplicasRule: KubernetesRule = {
  id: 'k8s/hpa-replicas',
  severity: DiagnosticSeverity.Error,
  description: '`minReplicas` above `maxReplicas`, or either below 1',
  family: 'kubernetes-hpa',
  reference:
    'pkg/apis/autoscaling/validation: ValidateHorizontalPodAutoscalerSpec (minReplicas >= 1, maxReplicas >= minReplicas)',
  fix: 'swap them; set 1',
  kinds: ['HorizontalPodAutoscaler'],
  check(manifest) {
    const minNode = manifest.nodeAt(['spec', 'minReplicas']);
    const maxNode = manifest.nodeAt(['spec', 'maxReplicas']);
    const min = isScalar(minNode) && typeof minNode.value === 'number' ? minNode.value : undefined;
    const max = isScalar(maxNode) && typeof maxNode.value === 'number' ? maxNode.value : undefined;
    const findings: RuleFinding[] = [];
    if (minNode && min !== undefined && min < 1) {
      findings.push({
        range: manifest.rangeOf(minNode),
        message: messages.minBelowOne(min),
        fixes: [{ title: messages.setOne, edits: [replaceNode(manifest, minNode, '1')], isPreferred: true }],
      });
    } else if (maxNode && max !== undefined && max < 1) {
      findings.push({ range: manifest.rangeOf(maxNode), message: messages.maxBelowOne(max) });
    } else if (minNode && maxNode && min !== undefined && max !== undefined && min > max) {
      findings.push({
        range: manifest.rangeOf(minNode),
        message: messages.minAboveMax(min, max),
        fixes: [
          {
            title: messages.swap,
            edits: [replaceNode(manifest, minNode, String(max)), replaceNode(manifest, maxNode, String(min))],
            isPreferred: true,
          },
        ],
      });
    }
    return findings;
  },
};
