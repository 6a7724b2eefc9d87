import { isMap, isSeq } from 'yaml';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import { formatPath } from '../../yaml/parsedYaml';
import { mayBeSetLater } from '../placeholders';
import { hasPlaceholderKey, literalString, mapItems } from '../validation/literals';
import type { KubernetesRule } from './rule';

export const messages = {
  empty:
    'spec.selector is empty: "empty selector is invalid for deployment" (it would select every pod in the namespace)',
  valuesRequired: (path: string, operator: string) =>
    `${path}: values must be specified when operator is '${operator}' (In and NotIn need at least one value)`,
  valuesForbidden: (path: string, operator: string) =>
    `${path}: values may not be specified when operator is '${operator}' (Exists and DoesNotExist take none)`,
};

/**
 * The selector's own rules, beyond the schema: apps/v1 rejects an empty selector (ValidateDeploymentSpec: "empty
 * selector is invalid for deployment"), and ValidateLabelSelectorRequirement wants values with In/NotIn and none with
 * Exists/DoesNotExist. (Whether it selects the template's labels is k8s/selector-mismatch; the operator's spelling is
 * the schema's.)
 */
export const selectorRulesRule: KubernetesRule = {
  id: 'k8s/selector-rules',
  severity: DiagnosticSeverity.Error,
  description:
    'an empty `spec.selector` (apps/v1 rejects it), or a matchExpression whose values do not fit its operator (In/NotIn need values, Exists/DoesNotExist take none)',
  family: 'kubernetes-deployment',
  reference:
    'pkg/apis/apps/validation: ValidateDeploymentSpec ("empty selector is invalid for deployment"); pkg/apis/meta/v1/validation: ValidateLabelSelectorRequirement',
  kinds: ['Deployment'],
  check(manifest) {
    const findings: RuleFinding[] = [];
    const selectorPair = manifest.pairAt(['spec', 'selector']);
    const selector = manifest.resolve(selectorPair?.value);
    if (!selectorPair || !isMap(selector) || hasPlaceholderKey(selector)) return findings;
    const count = (key: string) => {
      const node = manifest.nodeAt([key], selector);
      return isMap(node) || isSeq(node) ? node.items.length : 0;
    };
    // `selector: {{ toYaml .Values.selector }}` unmasked reads as a flow map: a template, not an empty selector.
    const template = selector.flow === true && manifest.text.startsWith('{{', selector.range?.[0] ?? 0);
    const open = (key: string) => mayBeSetLater(manifest, selector, [key]);
    if (
      count('matchLabels') + count('matchExpressions') === 0 &&
      !template &&
      !open('matchLabels') &&
      !open('matchExpressions')
    )
      findings.push({ range: manifest.rangeOf(selectorPair.key), message: messages.empty });
    mapItems(manifest, manifest.nodeAt(['matchExpressions'], selector)).forEach((expression, index) => {
      const operatorNode = manifest.nodeAt(['operator'], expression);
      const operator = literalString(operatorNode);
      if (!operatorNode || operator === undefined || mayBeSetLater(manifest, expression, ['values'])) return;
      const values = manifest.nodeAt(['values'], expression);
      const valueCount = isSeq(values) ? values.items.length : 0;
      const path = formatPath(['spec', 'selector', 'matchExpressions', index, 'operator']);
      if ((operator === 'In' || operator === 'NotIn') && valueCount === 0)
        findings.push({ range: manifest.rangeOf(operatorNode), message: messages.valuesRequired(path, operator) });
      else if ((operator === 'Exists' || operator === 'DoesNotExist') && valueCount > 0)
        findings.push({ range: manifest.rangeOf(operatorNode), message: messages.valuesForbidden(path, operator) });
    });
    return findings;
  },
};
