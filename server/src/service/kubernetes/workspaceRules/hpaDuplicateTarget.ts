import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { namespaceOf } from '../workspaceIndex';
import { describe, hpas, link, placed, type WorkspaceFinding, type WorkspaceRule } from './rule';

export const messages = {
  duplicate: (name: string, others: string) => `Deployment "${name}" is also scaled by ${others}: two HPAs on one target fight over its replicas`,
};

/** Two HPAs that target the same Deployment: each overrides the other's decisions. */
export const hpaDuplicateTargetRule: WorkspaceRule = {
  id: 'k8s/hpa-duplicate-target',
  severity: DiagnosticSeverity.Warning,
  description: 'Two HPAs target the same Deployment.',
  check({ own, index }) {
    const findings: WorkspaceFinding[] = [];
    for (const hpa of hpas(own)) {
      const target = hpa.summary.target;
      if (target?.kind !== 'Deployment' || target.name === undefined) continue;
      const others = index.hpasTargeting(namespaceOf(hpa.summary), target.name).filter((other) => other.uri !== hpa.uri || other.line !== hpa.line);
      if (others.length === 0) continue;
      findings.push({
        range: placed(hpa, target.range),
        message: messages.duplicate(target.name, others.map(describe).join(', ')),
        related: others.map((other) => link(other, `${describe(other)} targets the same Deployment`)),
      });
    }
    return findings;
  },
};
