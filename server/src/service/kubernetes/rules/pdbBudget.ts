import { isScalar } from 'yaml';
import type { Node } from 'yaml';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import { isPlaceholder } from '../placeholders';
import type { KubernetesRule } from './rule';

export const messages = {
  both: 'spec: minAvailable and maxUnavailable are both set; a PodDisruptionBudget takes one of them (the API server rejects both)',
  value: (field: string, value: string) =>
    `spec.${field}: "${value}" is neither a non-negative integer nor a percentage (0%-100%)`,
};

/**
 * A PodDisruptionBudget's budget: one of minAvailable and maxUnavailable, each a non-negative integer or a
 * percentage up to 100%. Whether it lets drains proceed at all is the cross-file rule k8s/pdb-blocks-drain.
 */
export const pdbBudgetRule: KubernetesRule = {
  id: 'k8s/pdb-budget',
  severity: DiagnosticSeverity.Error,
  description:
    'a PodDisruptionBudget with both `minAvailable` and `maxUnavailable`, or a value that is not a non-negative integer or a percentage',
  family: 'kubernetes-workloads',
  reference:
    'pkg/apis/policy/validation: ValidatePodDisruptionBudgetSpec ("minAvailable and maxUnavailable cannot be both set"), ValidatePositiveIntOrPercent, IsValidPercent',
  kinds: ['PodDisruptionBudget'],
  check(manifest) {
    const findings: RuleFinding[] = [];
    const min = manifest.pairAt(['spec', 'minAvailable']);
    const max = manifest.pairAt(['spec', 'maxUnavailable']);
    const set = (node: Node | null | undefined) => !(node == null || (isScalar(node) && node.value === null));
    // Templated values usually sit in if/else branches of a chart (only one renders): known only once rendered.
    const templated = (node: Node | null | undefined) => isScalar(node) && isPlaceholder(node.value);
    if (min && max && set(min.value) && set(max.value) && !templated(min.value) && !templated(max.value))
      findings.push({ range: manifest.rangeOf(max.key), message: messages.both });
    for (const [field, pair] of [
      ['minAvailable', min],
      ['maxUnavailable', max],
    ] as const) {
      const value = pair?.value;
      if (!isScalar(value) || value.value === null) continue;
      const raw = value.value;
      if (typeof raw === 'number' ? Number.isInteger(raw) && raw >= 0 : validPercent(String(raw))) continue;
      if (typeof raw === 'string' && isPlaceholder(raw)) continue;
      findings.push({ range: manifest.rangeOf(value), message: messages.value(field, String(raw)) });
    }
    return findings;
  },
};

function validPercent(text: string): boolean {
  const match = /^(\d+)%$/.exec(text);
  return match !== null && Number(match[1]) <= 100;
}
