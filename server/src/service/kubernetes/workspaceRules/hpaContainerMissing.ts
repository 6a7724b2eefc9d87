import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { closestMatch } from '../../common/closest';
import type { Fix } from '../../types';
import type { DeploymentSummary, HpaSummary } from '../summary';
import type { IndexedManifest } from '../workspaceIndex';
import { describe, link, placed, targetsOf, type WorkspaceFinding, type WorkspaceRule } from './rule';

export const messages = {
  missing: (container: string, deployment: string, names: string[]) =>
    `ContainerResource metric names container "${container}", which ${deployment} does not have (it has ${names.map((name) => `"${name}"`).join(', ') || 'none'})`,
  rename: (name: string) => `Change the container to "${name}"`,
};

/** A ContainerResource metric whose container is not in the target Deployment: the HPA can never read it. */
export const hpaContainerMissingRule: WorkspaceRule = {
  id: 'k8s/hpa-container-missing',
  severity: DiagnosticSeverity.Warning,
  description: 'a `ContainerResource` metric names a container the Deployment does not have',
  family: 'kubernetes-workspace',
  reference:
    'pkg/controller/podautoscaler/metrics: a ContainerResource metric of a container the pods lack has no data',
  fix: 'the near-miss container name',
  kinds: ['HorizontalPodAutoscaler'],
  related: (entry, { index }) => targetsOf(entry as IndexedManifest<HpaSummary>, index),
  check(entry, targets) {
    const hpa = entry as IndexedManifest<HpaSummary>;
    const findings: WorkspaceFinding[] = [];
    for (const deployment of targets as IndexedManifest<DeploymentSummary>[]) {
      const names = deployment.summary.containers.flatMap((container) =>
        container.name === undefined ? [] : [container.name],
      );
      for (const metric of hpa.summary.utilization) {
        if (metric.container === undefined || !metric.containerRange || names.includes(metric.container)) continue;
        const suggestion = closestMatch(metric.container, names) ?? (names.length === 1 ? names[0] : undefined);
        const range = placed(hpa, metric.containerRange);
        const fixes: Fix[] = suggestion
          ? [{ title: messages.rename(suggestion), edits: [{ range, newText: suggestion }], isPreferred: true }]
          : [];
        findings.push({
          range,
          message: messages.missing(metric.container, describe(deployment, entry), names),
          fixes,
          related: [link(deployment, `${describe(deployment, entry)}`)],
        });
      }
    }
    return findings;
  },
};
