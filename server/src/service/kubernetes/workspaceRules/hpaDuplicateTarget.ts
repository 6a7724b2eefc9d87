import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { isScalableKind } from '../kinds';
import type { HpaSummary } from '../summary';
import { namespaceOf, type IndexedManifest } from '../workspaceIndex';
import { describe, link, placed, sameEntry, sameObject, targetsOf, type WorkspaceRule } from './rule';

export const messages = {
  duplicate: (name: string, others: string, kind = 'Deployment') =>
    `${kind} "${name}" is also scaled by ${others}: two HPAs on one target fight over its replicas`,
};

/**
 * Two HPAs that scale the same Deployment: each overrides the other's decisions. "The same" is the Deployment each
 * resolves to (see `targetsOf`: same file, folder, unit first), so twenty sample folders that each pair a `frontend`
 * HPA with their own `frontend` Deployment are twenty pairs, not twenty duplicates. HPAs whose target is nowhere in
 * the workspace are compared within their own unit only. Two documents of one name and namespace are one HPA written
 * twice (its autoscaling/v1 and v2 versions in two folders, a chart's alternatives), not two HPAs.
 */
export const hpaDuplicateTargetRule: WorkspaceRule = {
  id: 'k8s/hpa-duplicate-target',
  severity: DiagnosticSeverity.Warning,
  description: 'two HPAs that resolve to the same Deployment',
  family: 'kubernetes-workspace',
  reference: 'pkg/controller/podautoscaler/horizontal.go: AmbiguousSelector when two HPAs select the same pods',
  kinds: ['HorizontalPodAutoscaler'],
  related(entry, { index }) {
    const hpa = entry as IndexedManifest<HpaSummary>;
    const target = hpa.summary.target;
    if (!isScalableKind(target?.kind) || target?.name === undefined) return [];
    const mine = targetsOf(hpa, index);
    const others = index
      .hpasTargeting(namespaceOf(hpa.summary), target.name, target.kind)
      .filter((other) => !sameEntry(other, hpa) && !sameObject(other.summary, hpa.summary));
    const sharing = others.filter((other) =>
      mine.length > 0
        ? targetsOf(other, index).some((theirs) => mine.some((own) => sameEntry(own, theirs)))
        : targetsOf(other, index).length === 0 && other.unit === hpa.unit,
    );
    // The targets are part of what the findings depend on (the memo compares them), the HPAs are what is reported.
    return [...mine, ...sharing];
  },
  check(entry, related) {
    const hpa = entry as IndexedManifest<HpaSummary>;
    const target = hpa.summary.target;
    const others = related.filter((other) => other.summary.kind === 'HorizontalPodAutoscaler');
    if (others.length === 0 || !target?.name) return [];
    return [
      {
        range: placed(hpa, target.range),
        message: messages.duplicate(target.name, others.map((other) => describe(other, entry)).join(', '), target.kind),
        related: others.map((other) =>
          link(other, `${describe(other, entry)} targets the same ${target.kind ?? 'target'}`),
        ),
      },
    ];
  },
};
