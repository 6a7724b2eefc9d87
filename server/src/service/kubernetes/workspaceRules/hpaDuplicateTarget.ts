import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { HpaSummary } from '../summary';
import { namespaceOf, type IndexedManifest } from '../workspaceIndex';
import { describe, link, placed, type WorkspaceRule } from './rule';

export const messages = {
  duplicate: (name: string, others: string) => `Deployment "${name}" is also scaled by ${others}: two HPAs on one target fight over its replicas`,
};

/** Two HPAs that target the same Deployment: each overrides the other's decisions. */
export const hpaDuplicateTargetRule: WorkspaceRule = {
  id: 'k8s/hpa-duplicate-target',
  severity: DiagnosticSeverity.Warning,
  description: 'Two HPAs target the same Deployment.',
  kind: 'HorizontalPodAutoscaler',
  related(entry, { index }) {
    const target = (entry.summary as HpaSummary).target;
    if (target?.kind !== 'Deployment' || target.name === undefined) return [];
    return index.hpasTargeting(namespaceOf(entry.summary), target.name).filter((other) => other.uri !== entry.uri || other.line !== entry.line);
  },
  check(entry, others) {
    const hpa = entry as IndexedManifest<HpaSummary>;
    const target = hpa.summary.target;
    if (others.length === 0 || !target?.name) return [];
    return [
      {
        range: placed(hpa, target.range),
        message: messages.duplicate(target.name, others.map(describe).join(', ')),
        related: others.map((other) => link(other, `${describe(other)} targets the same Deployment`)),
      },
    ];
  },
};
