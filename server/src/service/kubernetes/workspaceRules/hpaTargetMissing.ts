import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { HpaSummary } from '../summary';
import { namespaceOf, type IndexedManifest } from '../workspaceIndex';
import { describe, link, nearest, placed, sameNamespace, type WorkspaceRule } from './rule';

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
  description:
    'the target Deployment exists only in another namespace; with `shipshape.kubernetes.strictTargets`, also when it exists nowhere in the workspace',
  family: 'kubernetes-workspace',
  reference: 'pkg/controller/podautoscaler/horizontal.go: FailedGetScale',
  kind: 'HorizontalPodAutoscaler',
  related(entry, { index }) {
    const name = (entry.summary as HpaSummary).target?.name;
    // The Deployments of that name that belong with the HPA (same file, folder, unit; see `nearest`), any namespace.
    return name === undefined ? [] : nearest(entry, index.deploymentsNamed(name));
  },
  check(entry, sameName, { strictTargets, index }) {
    const hpa = entry as IndexedManifest<HpaSummary>;
    const target = hpa.summary.target;
    if (target?.kind !== 'Deployment' || target.name === undefined) return [];
    if (sameName.some((deployment) => sameNamespace(deployment.summary, hpa.summary))) return [];
    if (sameName.length > 0) {
      const elsewhere = sameName
        .map((deployment) => `namespace "${namespaceOf(deployment.summary)}" (${describe(deployment)})`)
        .join(', ');
      return [
        {
          range: placed(hpa, target.range),
          message: messages.otherNamespace(target.name, namespaceOf(hpa.summary), elsewhere),
          related: sameName.map((deployment) =>
            link(deployment, `Deployment "${target.name}" in namespace "${namespaceOf(deployment.summary)}"`),
          ),
        },
      ];
    }
    // Strict mode names a target that exists nowhere; one that exists elsewhere, out of reach of this unit, is not "nowhere".
    return strictTargets && index.deploymentsNamed(target.name).length === 0
      ? [{ range: placed(hpa, target.range), message: messages.nowhere(target.name) }]
      : [];
  },
};
