import { isMap, isScalar } from 'yaml';
import type { Node } from 'yaml';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Fix, RuleFinding } from '../../types';
import { deletePair, replaceNode } from '../../yaml/edits';
import { isPlaceholder } from '../placeholders';
import { literalString } from '../validation/literals';
import { intOrPercentValue, readIntOrPercent } from '../validation/intOrPercent';
import type { KubernetesRule } from './rule';

const FIELDS = ['maxUnavailable', 'maxSurge'] as const;

export const messages = {
  rollingUpdateWithRecreate:
    "spec.strategy.rollingUpdate may not be specified when strategy type is 'Recreate' (the API server rejects it)",
  notPercent: (field: string, text: string) =>
    `spec.strategy.rollingUpdate.${field}: "${text}" is neither an integer nor a percentage: a valid percent string must be a numeric string followed by an ending '%' (e.g. '25%')`,
  negative: (field: string, value: number) =>
    `spec.strategy.rollingUpdate.${field}: ${value} must be greater than or equal to 0`,
  bothZero:
    'spec.strategy.rollingUpdate.maxUnavailable may not be 0 when maxSurge is 0: the rollout could never make progress',
  over100: (text: string) => `spec.strategy.rollingUpdate.maxUnavailable: ${text} must not be greater than 100%`,
  removeRollingUpdate: 'Remove rollingUpdate (Recreate does not use it)',
  writePercent: (text: string) => `Write ${text}`,
  writeNumber: (text: string) => `Write ${text} as a number of pods`,
};

/**
 * The deployment strategy as ValidateDeploymentStrategy and ValidateRollingUpdateDeployment (pkg/apis/apps/validation)
 * check it: no rollingUpdate beside `type: Recreate`; maxSurge and maxUnavailable an integer ≥ 0 or `<digits>%`
 * (ValidatePositiveIntOrPercent); not both 0 (a missing one defaults to 25%, so only two written zeros); maxUnavailable
 * at most 100% (IsNotMoreThan100Percent).
 */
export const rollingUpdateRule: KubernetesRule = {
  id: 'k8s/rolling-update',
  severity: DiagnosticSeverity.Error,
  description:
    '`rollingUpdate` beside `type: Recreate`, a maxSurge/maxUnavailable that is negative or a string that is not `<digits>%`, both 0, or maxUnavailable over 100%',
  family: 'kubernetes-deployment',
  reference:
    'pkg/apis/apps/validation: ValidateDeploymentStrategy, ValidateRollingUpdateDeployment, ValidatePositiveIntOrPercent, IsNotMoreThan100Percent',
  fix: 'remove rollingUpdate under Recreate; write `25 %` as `25%`; suggestion: a quoted `"2"` as the number 2 or as `2%`',
  kinds: ['Deployment'],
  check(manifest) {
    const findings: RuleFinding[] = [];
    const strategy = manifest.mapAt(['spec', 'strategy']);
    if (!strategy) return findings;
    const type = literalString(manifest.nodeAt(['type'], strategy));
    const rollingPair = manifest.pairIn(strategy, 'rollingUpdate');
    const rolling = manifest.resolve(rollingPair?.value);
    const rollingSet = rolling !== undefined && !(isScalar(rolling) && rolling.value === null);
    if (type === 'Recreate' && rollingPair && rollingSet && !(isScalar(rolling) && isPlaceholder(rolling.value))) {
      findings.push({
        range: manifest.rangeOf(rollingPair.key),
        message: messages.rollingUpdateWithRecreate,
        fixes: strategy.flow
          ? []
          : [{ title: messages.removeRollingUpdate, edits: [deletePair(manifest, rollingPair)], isPreferred: true }],
      });
      return findings;
    }
    if (!isMap(rolling)) return findings;
    const values = new Map<string, number>();
    for (const field of FIELDS) {
      const node = manifest.nodeAt([field], rolling);
      if (!isScalar(node) || isPlaceholder(node.value)) continue;
      const parsed = readIntOrPercent(node.value);
      if (!parsed) continue; // null, or a float: the schema's type error
      if (parsed.kind === 'invalid') {
        findings.push({
          range: manifest.rangeOf(node),
          message: messages.notPercent(field, parsed.text),
          fixes: percentFixes(manifest, node, parsed.text),
        });
        continue;
      }
      if (parsed.kind === 'int' && parsed.value < 0) {
        findings.push({ range: manifest.rangeOf(node), message: messages.negative(field, parsed.value) });
        continue;
      }
      values.set(field, intOrPercentValue(parsed)!);
      if (field === 'maxUnavailable' && parsed.kind === 'percent' && parsed.value > 100)
        findings.push({ range: manifest.rangeOf(node), message: messages.over100(`${parsed.value}%`) });
    }
    if (values.get('maxUnavailable') === 0 && values.get('maxSurge') === 0)
      findings.push({
        range: manifest.rangeOf(manifest.nodeAt(['maxUnavailable'], rolling)!),
        message: messages.bothZero,
      });
    return findings;
  },
};

/** `25 %` or ` 25%` is plainly 25%; a quoted `"2"` may mean 2 pods or 2%: both offered, neither applied by fix-all. */
function percentFixes(manifest: Parameters<KubernetesRule['check']>[0], node: Node, text: string): Fix[] {
  const spaced = /^\s*(\d+)\s*%\s*$/.exec(text);
  if (spaced)
    return [
      {
        title: messages.writePercent(`${spaced[1]}%`),
        edits: [replaceNode(manifest, node, `${spaced[1]}%`)],
        isPreferred: true,
      },
    ];
  if (/^\d+$/.test(text) && Number(text) < 2 ** 31)
    return [
      { title: messages.writeNumber(text), edits: [replaceNode(manifest, node, text)], isPreferred: false },
      {
        title: messages.writePercent(`${text}%`),
        edits: [replaceNode(manifest, node, `${text}%`)],
        isPreferred: false,
      },
    ];
  return [];
}
