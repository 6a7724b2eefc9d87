import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { namespaceOf } from '../workspaceIndex';
import { describe, hpas, link, placed, targetsOf, type WorkspaceFinding, type WorkspaceRule } from './rule';

export const messages = {
  otherNamespace: (name: string, namespace: string, elsewhere: string) =>
    `scaleTargetRef: no Deployment "${name}" in namespace "${namespace}"; there is one in ${elsewhere}. The HPA will report FailedGetScale`,
  nowhere: (name: string) => `scaleTargetRef: no Deployment "${name}" in this workspace`,
};

/**
 * The HPA's Deployment does not exist where the HPA will look for it. Quiet when no Deployment of that name exists
 * anywhere in the workspace (it may be deployed from elsewhere) unless the user asked for strict targets.
 */
export const hpaTargetMissingRule: WorkspaceRule = {
  id: 'k8s/hpa-target-missing',
  severity: DiagnosticSeverity.Warning,
  description: 'An HPA whose target Deployment exists only in another namespace (or, in strict mode, nowhere in the workspace).',
  check({ own, index, strictTargets }) {
    const findings: WorkspaceFinding[] = [];
    for (const hpa of hpas(own)) {
      const target = hpa.summary.target;
      if (target?.kind !== 'Deployment' || target.name === undefined) continue;
      if (targetsOf(hpa, index).length > 0) continue;
      const sameName = index.deploymentsNamed(target.name);
      if (sameName.length > 0) {
        const elsewhere = sameName.map((deployment) => `namespace "${namespaceOf(deployment.summary)}" (${describe(deployment)})`).join(', ');
        findings.push({
          range: placed(hpa, target.range),
          message: messages.otherNamespace(target.name, namespaceOf(hpa.summary), elsewhere),
          related: sameName.map((deployment) => link(deployment, `Deployment "${target.name}" in namespace "${namespaceOf(deployment.summary)}"`)),
        });
      } else if (strictTargets) {
        findings.push({ range: placed(hpa, target.range), message: messages.nowhere(target.name) });
      }
    }
    return findings;
  },
};
