import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { SCALABLE_KINDS } from '../kinds';
import type { DeploymentSummary, HpaSummary, ResourceMetric } from '../summary';
import type { IndexedManifest } from '../workspaceIndex';
import {
  describe,
  link,
  managersOf,
  placed,
  placedFix,
  targetsOf,
  type WorkspaceFinding,
  type WorkspaceRule,
} from './rule';

export const messages = {
  onHpa: (metric: ResourceMetric, containers: string, deployment: string) =>
    `${metric.implicit ? 'with no metrics, this HPA scales on 80% average cpu utilisation' : `this HPA scales on ${metric.resource} utilisation`}, but ${containers} of ${deployment} ${containers.includes(',') ? 'have' : 'has'} no ${metric.resource} request: the HPA cannot compute a utilisation and will not scale`,
  onDeployment: (container: string, resource: string, hpa: string, kind = 'Deployment') =>
    `container "${container}" has no ${resource} request, but ${hpa} scales this ${kind} on ${resource} utilisation: it cannot compute one and will not scale`,
};

/** The containers a utilisation metric reads: all of the pod's, or only the named one for ContainerResource. */
function lacking(deployment: DeploymentSummary, metric: ResourceMetric) {
  return deployment.containers.filter(
    (container) =>
      (metric.container === undefined || container.name === metric.container) && !container.requests[metric.resource],
  );
}

const DESCRIPTION =
  'an HPA scales on cpu/memory utilisation (including the default 80% cpu when it has no metrics) and a container of its Deployment has no request (nor limit) for that resource: the HPA can never compute a utilisation. Reported on the HPA and on the container';

/**
 * An HPA that scales on cpu or memory utilisation (the default 80% cpu included) while a container of its target has
 * no request for that resource. Reported on both ends (two rule objects, one id); the fix, on the Deployment, adds
 * the request.
 */
export const hpaTargetNoRequestsOnHpaRule: WorkspaceRule = {
  id: 'k8s/hpa-target-no-requests',
  severity: DiagnosticSeverity.Warning,
  description: DESCRIPTION,
  family: 'kubernetes-workspace',
  reference: 'pkg/controller/podautoscaler/replica_calculator.go: "missing request for cpu"',
  fix: 'suggestion, on the Deployment: add a placeholder request',
  kinds: ['HorizontalPodAutoscaler'],
  related: (entry, { index }) => targetsOf(entry as IndexedManifest<HpaSummary>, index),
  check(entry, targets) {
    const hpa = entry as IndexedManifest<HpaSummary>;
    const findings: WorkspaceFinding[] = [];
    for (const deployment of targets as IndexedManifest<DeploymentSummary>[]) {
      for (const metric of hpa.summary.utilization) {
        const missing = lacking(deployment.summary, metric);
        if (missing.length === 0) continue;
        findings.push({
          range: placed(hpa, metric.range),
          message: messages.onHpa(
            metric,
            missing.map((container) => `container "${container.name ?? '?'}"`).join(', '),
            describe(deployment, entry),
          ),
          related: missing.map((container) =>
            link(deployment, `container "${container.name ?? '?'}" has no ${metric.resource} request`, container.range),
          ),
        });
      }
    }
    return findings;
  },
};

export const hpaTargetNoRequestsOnDeploymentRule: WorkspaceRule = {
  id: 'k8s/hpa-target-no-requests',
  severity: DiagnosticSeverity.Warning,
  description: DESCRIPTION,
  family: 'kubernetes-workspace',
  reference: 'pkg/controller/podautoscaler/replica_calculator.go: "missing request for cpu"',
  fix: 'suggestion, on the Deployment: add a placeholder request',
  kinds: SCALABLE_KINDS,
  related: (entry, { index }) => managersOf(entry, index),
  check(entry, managers) {
    const deployment = entry as IndexedManifest<DeploymentSummary>;
    const findings: WorkspaceFinding[] = [];
    for (const hpa of managers as IndexedManifest<HpaSummary>[]) {
      for (const metric of hpa.summary.utilization) {
        for (const container of lacking(deployment.summary, metric)) {
          const fix = container.addRequest[metric.resource];
          findings.push({
            range: placed(deployment, container.range),
            message: messages.onDeployment(
              container.name ?? '?',
              metric.resource,
              describe(hpa, entry),
              deployment.summary.kind,
            ),
            // Placeholder values: a suggestion, never applied by fix-all or --fix.
            fixes: fix ? [placedFix(deployment, fix)] : [],
            related: [link(hpa, `${describe(hpa, entry)} scales on ${metric.resource} utilisation`, metric.range)],
          });
        }
      }
    }
    return findings;
  },
};
