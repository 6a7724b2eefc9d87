import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import { podContainers } from '../podSpec';
import type { KubernetesRule } from './rule';
import { WORKLOAD_KINDS } from '../kinds';

export const messages = {
  duplicate: (name: string) =>
    `container name "${name}" is used twice in this pod (containers and initContainers share one namespace)`,
};

/** Two containers (init containers included) with one name: the API server rejects the pod template. */
export const containerNameDuplicateRule: KubernetesRule = {
  id: 'k8s/container-name-duplicate',
  severity: DiagnosticSeverity.Error,
  description: 'two containers or init containers with one name',
  family: 'kubernetes-deployment',
  reference: 'pkg/apis/core/validation: validateContainers (Duplicate value on name)',
  kinds: WORKLOAD_KINDS,
  check(manifest) {
    const seen = new Set<string>();
    const findings: RuleFinding[] = [];
    for (const container of podContainers(manifest, ['initContainers', 'containers'])) {
      if (container.name === undefined) continue;
      if (seen.has(container.name)) {
        findings.push({
          range: manifest.rangeOf(manifest.nodeAt(['name'], container.map)!),
          message: messages.duplicate(container.name),
        });
      }
      seen.add(container.name);
    }
    return findings;
  },
};
