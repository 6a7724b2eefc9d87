import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Fix, RuleFinding } from '../../types';
import { containerAnchor, containerLabel, podContainers } from '../podSpec';
import { addRequestFix, hasRequest } from '../summary';
import type { KubernetesRule } from './rule';
import { WORKLOAD_KINDS } from '../kinds';

export const messages = {
  missing: (container: string, resources: string[]) =>
    `${container} has no ${resources.join(' or ')} request: the scheduler cannot place it sensibly and an HPA cannot compute its utilisation`,
};

/**
 * Containers without `resources.requests` for cpu and memory. A limit counts as a request: the API server defaults a
 * missing request to the limit (pkg/apis/core/v1/defaults.go, SetDefaults_ResourceList for requests). CPU *limits* are deliberately not required: they
 * throttle more than they protect, and a CPU-limit warning is the most common complaint about other tools.
 */
export const resourcesRequestsRule: KubernetesRule = {
  id: 'k8s/resources-requests',
  severity: DiagnosticSeverity.Warning,
  description:
    'a container without cpu and memory requests (a limit counts: the request defaults to it; CPU *limits* are deliberately not required)',
  family: 'kubernetes-deployment',
  reference:
    'pkg/apis/core/v1/defaults.go (a missing request defaults to the limit); pkg/controller/podautoscaler (utilization needs requests)',
  fix: 'suggestion: add placeholder requests (in VS Code as a snippet: tab through the values)',
  kinds: WORKLOAD_KINDS,
  check(manifest) {
    const findings: RuleFinding[] = [];
    for (const container of podContainers(manifest)) {
      const missing = (['cpu', 'memory'] as const).filter((resource) => !hasRequest(manifest, container.map, resource));
      if (missing.length === 0) continue;
      const fix = addRequestFix(manifest, container.map, missing);
      // The values are placeholders: a suggestion the user edits, never applied by fix-all or --fix.
      const fixes: Fix[] = fix ? [fix] : [];
      findings.push({
        range: containerAnchor(manifest, container),
        message: messages.missing(containerLabel(container), missing),
        fixes,
      });
    }
    return findings;
  },
};
