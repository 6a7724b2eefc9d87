import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { isScalableKind } from '../kinds';
import type { HpaSummary } from '../summary';
import { namespaceOf, type IndexedManifest } from '../workspaceIndex';
import { describe, link, nearest, placed, sameNamespace, type WorkspaceRule } from './rule';

export const messages = {
  otherNamespace: (name: string, namespace: string, elsewhere: string, kind = 'Deployment') =>
    `scaleTargetRef: no ${kind} "${name}" in namespace "${namespace}"; there is one in ${elsewhere}. The HPA will report FailedGetScale`,
  nowhere: (name: string, kind = 'Deployment') => `scaleTargetRef: no ${kind} "${name}" in this workspace`,
};

/**
 * The HPA's Deployment does not exist where the HPA will look for it. Quiet when no Deployment of that name exists
 * anywhere in the workspace (it may be deployed from elsewhere) unless the user asked for strict targets.
 */
export const hpaTargetMissingRule: WorkspaceRule = {
  id: 'k8s/hpa-target-missing',
  severity: DiagnosticSeverity.Warning,
  description:
    'the target Deployment exists only in another namespace; with `shipshape.kubernetes.strictTargets`, also when it exists nowhere in the workspace',
  family: 'kubernetes-workspace',
  reference: 'pkg/controller/podautoscaler/horizontal.go: FailedGetScale',
  kinds: ['HorizontalPodAutoscaler'],
  related(entry, { index }) {
    const target = (entry.summary as HpaSummary).target;
    // The workloads of that kind and name that belong with the HPA (same file, folder, unit; see `nearest`), any namespace.
    return !isScalableKind(target?.kind) || target?.name === undefined
      ? []
      : nearest(entry, index.workloadsNamed(target.kind, target.name));
  },
  check(entry, sameName, { strictTargets, index }) {
    const hpa = entry as IndexedManifest<HpaSummary>;
    const target = hpa.summary.target;
    if (!isScalableKind(target?.kind) || target?.name === undefined) return [];
    const kind = target.kind;
    if (sameName.some((deployment) => sameNamespace(deployment.summary, hpa.summary))) return [];
    if (sameName.length > 0) {
      const elsewhere = sameName
        .map((deployment) => `namespace "${namespaceOf(deployment.summary)}" (${describe(deployment, entry)})`)
        .join(', ');
      return [
        {
          range: placed(hpa, target.range),
          message: messages.otherNamespace(target.name, namespaceOf(hpa.summary), elsewhere, kind),
          related: sameName.map((deployment) =>
            link(deployment, `${kind} "${target.name}" in namespace "${namespaceOf(deployment.summary)}"`),
          ),
        },
      ];
    }
    // Strict mode names a target that exists nowhere; one that exists elsewhere, out of reach of this unit, is not "nowhere".
    return strictTargets && index.workloadsNamed(kind, target.name).length === 0
      ? [{ range: placed(hpa, target.range), message: messages.nowhere(target.name, kind) }]
      : [];
  },
};
