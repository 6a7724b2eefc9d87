import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { namespaceOf } from '../workspaceIndex';
import { deployments, describe, link, placed, placedFix, type WorkspaceFinding, type WorkspaceRule } from './rule';

export const messages = {
  fights: (hpa: string) => `spec.replicas is set while ${hpa} manages this Deployment's replicas: every apply resets the count the autoscaler chose`,
};

/** A Deployment that sets `spec.replicas` while an HPA scales it: each `kubectl apply` fights the autoscaler. */
export const replicasWithHpaRule: WorkspaceRule = {
  id: 'k8s/replicas-with-hpa',
  severity: DiagnosticSeverity.Warning,
  description: 'A Deployment sets spec.replicas while an HPA manages it (every apply fights the autoscaler).',
  check({ own, index }) {
    const findings: WorkspaceFinding[] = [];
    for (const deployment of deployments(own)) {
      const replicas = deployment.summary.replicas;
      const name = deployment.summary.name;
      if (!replicas || name === undefined) continue;
      const managers = index.hpasTargeting(namespaceOf(deployment.summary), name);
      if (managers.length === 0) continue;
      findings.push({
        range: placed(deployment, replicas.range),
        message: messages.fights(describe(managers[0])),
        fixes: [placedFix(deployment, replicas.remove)],
        related: managers.map((hpa) => link(hpa, `${describe(hpa)} manages the replicas`)),
      });
    }
    return findings;
  },
};
