import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { isEmptySelector, selects } from '../labels';
import { isWorkloadSummary, type WorkloadSummary } from '../summary';
import type { ServiceSummary } from '../summaryServices';
import { namespaceOf, type IndexedManifest } from '../workspaceIndex';
import { describe, isAnswerable, link, placed, sameNamespace, selectionCandidates, type WorkspaceRule } from './rule';

export const messages = {
  nothing: (selector: string) =>
    `spec.selector ${selector} selects none of the pod templates of this unit: the Service has no endpoints`,
  otherNamespace: (selector: string, namespace: string | undefined, workloads: string) =>
    `spec.selector ${selector} selects no pod template in the Service's namespace (${namespace === undefined ? 'none given: "default", or the one it is applied to' : `"${namespace}"`}), only ${workloads} of another namespace: a Service selects pods of its own namespace, so it has no endpoints`,
};

export function formatSelector(labels: Readonly<Record<string, string>>): string {
  return Object.entries(labels)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
}

/**
 * A Service whose selector matches no pod template of its unit: it gets no endpoints and every connection fails.
 * Quiet when the unit has no workloads (they are deployed from elsewhere), when it has a document that may make pods
 * of its own (a custom resource, a ReplicationController), when a workload elsewhere in the workspace matches, when
 * the selector is absent or empty (endpoints managed by hand), for ExternalName Services, and when templates or
 * controller-added labels (job-name, pod-template-hash) leave it open.
 */
export const serviceSelectsNothingRule: WorkspaceRule = {
  id: 'k8s/service-selects-nothing',
  severity: DiagnosticSeverity.Warning,
  description:
    "a Service whose selector matches the pod labels of none of its unit's workloads (quiet when the unit has no workloads, or the selector is empty)",
  family: 'kubernetes-workspace',
  reference: 'pkg/controller/endpointslice: a Service selects pods by label; none selected, no endpoints',
  kinds: ['Service'],
  related(entry, { index }) {
    const selector = (entry.summary as ServiceSummary).selector;
    const candidates = selectionCandidates(entry, selector, index);
    // The near misses the finding links to: workloads of the unit with the selector's first key, any value.
    const [first] = Object.entries(selector?.labels ?? {});
    const near = first === undefined ? [] : index.unitIndex().someWorkloadsWithKey(entry.unit, first[0], 3);
    // And the workloads of the unit that carry the label in another namespace: the finding names them.
    const otherNamespace =
      first === undefined
        ? []
        : index
            .unitIndex()
            .workloadsMaybeLabelled(entry.unit, first[0], first[1])
            .filter((workload) => !sameNamespace(workload.summary, entry.summary))
            .slice(0, 3);
    return [...new Set([...candidates, ...near, ...otherNamespace])];
  },
  check(entry, candidates) {
    const service = entry as IndexedManifest<ServiceSummary>;
    const selector = service.summary.selector;
    if (!selector || service.summary.type === 'ExternalName' || isEmptySelector(selector) || !isAnswerable(selector))
      return [];
    // No workload in the unit at all (deployed from elsewhere), or a document that may make pods of its own.
    if (
      !candidates.some((other) => other.unit === service.unit) ||
      candidates.some((other) => other.summary.kind === 'PodSource')
    )
      return [];
    const all = (candidates as IndexedManifest<WorkloadSummary>[]).filter((workload) =>
      sameNamespace(workload.summary, service.summary),
    );
    if (all.some((workload) => selects(selector, workload.summary.podLabels) !== false)) return [];
    const pods = all.filter((workload) => workload.unit === service.unit);
    // The labels match in another namespace (a Service without one beside a Deployment with one, say): said so, as
    // the selector itself is right.
    const elsewhere = (candidates as IndexedManifest<WorkloadSummary>[]).filter(
      (workload) =>
        workload.unit === service.unit &&
        isWorkloadSummary(workload.summary) &&
        !sameNamespace(workload.summary, service.summary) &&
        selects(selector, workload.summary.podLabels) === true,
    );
    if (elsewhere.length > 0)
      return [
        {
          range: placed(service, selector.range),
          message: messages.otherNamespace(
            formatSelector(selector.labels),
            service.summary.namespace,
            elsewhere
              .map((workload) => `${describe(workload, entry)} in "${namespaceOf(workload.summary)}"`)
              .join(', '),
          ),
          related: elsewhere.map((workload) => link(workload, `${describe(workload, entry)} has these pod labels`)),
        },
      ];
    // Link the near misses: workloads whose pods carry at least one of the selector's keys.
    const keys = Object.keys(selector.labels);
    const near = pods.filter((workload) => keys.some((key) => key in workload.summary.podLabels.labels)).slice(0, 3);
    return [
      {
        range: placed(service, selector.range),
        message: messages.nothing(formatSelector(selector.labels)),
        related: near.map((workload) =>
          link(
            workload,
            `${describe(workload, entry)} has pod labels ${formatSelector(workload.summary.podLabels.labels) || '(none)'}`,
          ),
        ),
      },
    ];
  },
};
