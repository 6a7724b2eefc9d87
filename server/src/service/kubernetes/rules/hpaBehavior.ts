import { isMap, isScalar } from 'yaml';
import type { Node } from 'yaml';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import { formatPath, type YamlPath } from '../../yaml/parsedYaml';
import type { KubernetesRule } from './rule';

export const messages = {
  range: (path: YamlPath, value: number, low: number, high: number) =>
    `${formatPath(path)} is ${value}: it must be between ${low} and ${high}`,
  positive: (path: YamlPath, value: number) => `${formatPath(path)} is ${value}: it must be greater than 0`,
  noPolicies: (path: YamlPath) =>
    `${formatPath(path)} has an empty policies list: give at least one policy, or leave policies out for the defaults (selectPolicy: Disabled still needs one)`,
};

/**
 * HPA `behavior` that the API server rejects (its validation: periodSeconds 1..1800, value > 0,
 * stabilizationWindowSeconds 0..3600, and at least one policy). An absent or null `policies` is filled with the
 * defaults (v2beta2 SetDefaults_HorizontalPodAutoscalerBehavior copies only non-nil fields), but an empty list is
 * kept and refused, with `selectPolicy: Disabled` too (validateScalingRules checks len(Policies) == 0 first; seen on
 * the real 1.20 server in the differential test).
 */
export const hpaBehaviorRule: KubernetesRule = {
  id: 'k8s/hpa-behavior',
  severity: DiagnosticSeverity.Error,
  description:
    'behaviour the API server rejects: periodSeconds outside 1-1800, a value of 0, a stabilization window outside 0-3600, an empty policies list',
  family: 'kubernetes-hpa',
  reference: 'pkg/apis/autoscaling/validation: validateBehavior, validateScalingRules',
  kinds: ['HorizontalPodAutoscaler'],
  check(manifest) {
    if (manifest.apiVersion === 'autoscaling/v1') return [];
    const findings: RuleFinding[] = [];
    for (const direction of ['scaleUp', 'scaleDown']) {
      const path: YamlPath = ['spec', 'behavior', direction];
      const rules = manifest.mapAt(path);
      if (!rules) continue;
      const number = (node: Node | undefined) =>
        isScalar(node) && typeof node.value === 'number' ? node.value : undefined;
      const windowNode = manifest.nodeAt(['stabilizationWindowSeconds'], rules);
      const window = number(windowNode);
      if (windowNode && window !== undefined && (window < 0 || window > 3600)) {
        findings.push({
          range: manifest.rangeOf(windowNode),
          message: messages.range([...path, 'stabilizationWindowSeconds'], window, 0, 3600),
        });
      }
      const policiesPair = manifest.pairIn(rules, 'policies');
      const policies = manifest.seqAt(['policies'], rules);
      if (policiesPair && policies && policies.items.length === 0) {
        findings.push({ range: manifest.rangeOf(policiesPair.key), message: messages.noPolicies(path) });
      }
      policies?.items.forEach((item, index) => {
        const policy = manifest.resolve(item);
        if (!isMap(policy)) return;
        const policyPath: YamlPath = [...path, 'policies', index];
        const periodNode = manifest.nodeAt(['periodSeconds'], policy);
        const period = number(periodNode);
        if (periodNode && period !== undefined && (period < 1 || period > 1800)) {
          findings.push({
            range: manifest.rangeOf(periodNode),
            message: messages.range([...policyPath, 'periodSeconds'], period, 1, 1800),
          });
        }
        const valueNode = manifest.nodeAt(['value'], policy);
        const value = number(valueNode);
        if (valueNode && value !== undefined && value <= 0) {
          findings.push({
            range: manifest.rangeOf(valueNode),
            message: messages.positive([...policyPath, 'value'], value),
          });
        }
      });
    }
    return findings;
  },
};
