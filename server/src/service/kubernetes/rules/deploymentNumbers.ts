import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import { hasPlaceholderKey, literalInteger } from '../validation/literals';
import type { KubernetesRule } from './rule';

const NON_NEGATIVE = ['replicas', 'minReadySeconds', 'revisionHistoryLimit', 'progressDeadlineSeconds'] as const;
/** What SetDefaults_Deployment (pkg/apis/apps/v1/defaults.go) puts in an unset progressDeadlineSeconds. */
export const DEFAULT_PROGRESS_DEADLINE = 600;

export const messages = {
  negative: (field: string, value: number) => `spec.${field}: ${value} must be greater than or equal to 0`,
  deadline: (deadline: number, minReady: number) =>
    `spec.progressDeadlineSeconds (${deadline}) must be greater than minReadySeconds (${minReady}): the API server rejects it`,
  defaultDeadline: (minReady: number) =>
    `spec.minReadySeconds (${minReady}) is not below the progressDeadlineSeconds it gets by default (${DEFAULT_PROGRESS_DEADLINE}): the API server rejects it unless progressDeadlineSeconds is set higher`,
};

/**
 * The Deployment's counts, as ValidateDeploymentSpec (pkg/apis/apps/validation) checks them after defaulting:
 * replicas, minReadySeconds, revisionHistoryLimit and progressDeadlineSeconds are ≥ 0, and progressDeadlineSeconds
 * (600 when unset) must be greater than minReadySeconds.
 */
export const deploymentNumbersRule: KubernetesRule = {
  id: 'k8s/deployment-numbers',
  severity: DiagnosticSeverity.Error,
  description:
    'a negative replicas, minReadySeconds, revisionHistoryLimit or progressDeadlineSeconds, or a progressDeadlineSeconds (600 by default) not greater than minReadySeconds',
  family: 'kubernetes-deployment',
  reference:
    'pkg/apis/apps/validation: ValidateDeploymentSpec (ValidateNonnegativeField; "must be greater than minReadySeconds")',
  kinds: ['Deployment'],
  check(manifest) {
    const findings: RuleFinding[] = [];
    const spec = manifest.mapAt(['spec']);
    if (!spec) return findings;
    const values: Partial<Record<(typeof NON_NEGATIVE)[number], number>> = {};
    for (const field of NON_NEGATIVE) {
      const node = manifest.nodeAt([field], spec);
      const value = literalInteger(node);
      if (value === undefined || !node) continue;
      if (value < 0) findings.push({ range: manifest.rangeOf(node), message: messages.negative(field, value) });
      else values[field] = value;
    }
    const minReady = values.minReadySeconds;
    if (minReady === undefined) return findings;
    const deadlineNode = manifest.nodeAt(['progressDeadlineSeconds'], spec);
    if (values.progressDeadlineSeconds !== undefined) {
      if (values.progressDeadlineSeconds <= minReady)
        findings.push({
          range: manifest.rangeOf(deadlineNode!),
          message: messages.deadline(values.progressDeadlineSeconds, minReady),
        });
    } else if (
      manifest.pairIn(spec, 'progressDeadlineSeconds') === undefined &&
      !hasPlaceholderKey(spec) &&
      minReady >= DEFAULT_PROGRESS_DEADLINE
    ) {
      findings.push({
        range: manifest.rangeOf(manifest.nodeAt(['minReadySeconds'], spec)!),
        message: messages.defaultDeadline(minReady),
      });
    }
    return findings;
  },
};
