import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { selects } from '../labels';
import { mayBeEqual } from '../placeholders';
import type { WorkloadSummary } from '../summary';
import type { ServiceSummary } from '../summaryServices';
import type { IndexedManifest } from '../workspaceIndex';
import { describe, link, placed, servicesOfUnit, workloadsOfUnit, type WorkspaceRule } from './rule';

export const messages = {
  noService: (name: string) =>
    `serviceName "${name}": no Service of that name in this unit; the pods get no DNS names (pod-0.${name}) until one exists`,
  notSelecting: (name: string) =>
    `serviceName "${name}": that Service does not select this StatefulSet's pods, so their DNS names are never published`,
  headless: (service: string, statefulSets: string) =>
    `headless Service "${service}" selects the pods of ${statefulSets}, whose serviceName names no Service of this unit: point it here`,
  rename: (name: string) => `Change serviceName to "${name}"`,
};

const DESCRIPTION =
  'a StatefulSet whose `serviceName` names no Service of its unit (or one that does not select its pods), and, on the other end, the headless Service that selects its pods instead';

type Pair = { statefulSet: IndexedManifest<WorkloadSummary>; named: IndexedManifest<ServiceSummary>[] };

function namedServices(statefulSet: IndexedManifest<WorkloadSummary>, services: IndexedManifest<ServiceSummary>[]) {
  const name = statefulSet.summary.serviceName?.name;
  return name === undefined
    ? []
    : services.filter((service) => service.summary.name !== undefined && mayBeEqual(service.summary.name, name));
}

function headlessSelecting(statefulSet: IndexedManifest<WorkloadSummary>, services: IndexedManifest<ServiceSummary>[]) {
  return services.filter(
    (service) =>
      service.summary.headless !== undefined &&
      service.summary.selector !== undefined &&
      selects(service.summary.selector, statefulSet.summary.podLabels) === true,
  );
}

/** The StatefulSet's end: its serviceName and the Service it names. */
export const statefulSetServiceRule: WorkspaceRule = {
  id: 'k8s/statefulset-service',
  severity: DiagnosticSeverity.Warning,
  description: DESCRIPTION,
  family: 'kubernetes-workspace',
  reference:
    'pkg/controller/statefulset (pod subdomain = serviceName); kubernetes.io/docs/concepts/workloads/controllers/statefulset: the headless Service "must exist"',
  fix: 'suggestion: name the headless Service that selects its pods',
  kinds: ['StatefulSet'],
  related: (entry, { index }) => servicesOfUnit(entry, index),
  check(entry, related) {
    const statefulSet = entry as IndexedManifest<WorkloadSummary>;
    const serviceName = statefulSet.summary.serviceName;
    const services = related as IndexedManifest<ServiceSummary>[];
    // Quiet when the unit has no Services at all: they are deployed from elsewhere.
    if (!serviceName || services.length === 0) return [];
    const named = namedServices(statefulSet, services);
    const range = placed(statefulSet, serviceName.range);
    if (named.length > 0) {
      const selecting = named.some((service) => {
        const selector = service.summary.selector;
        return !selector || selects(selector, statefulSet.summary.podLabels) !== false;
      });
      return selecting
        ? []
        : [
            {
              range,
              message: messages.notSelecting(serviceName.name),
              related: named.map((service) => link(service, `${describe(service)}`, service.summary.selector?.range)),
            },
          ];
    }
    const candidates = headlessSelecting(statefulSet, services);
    const only = candidates.length === 1 ? candidates[0].summary.name : undefined;
    return [
      {
        range,
        message: messages.noService(serviceName.name),
        fixes: only ? [{ title: messages.rename(only), edits: [{ range, newText: only }], isPreferred: false }] : [],
        related: candidates.map((service) => link(service, `${describe(service)} is headless and selects these pods`)),
      },
    ];
  },
};

/** The headless Service's end: it selects a StatefulSet's pods while that StatefulSet names a Service that is not there. */
export const headlessServiceRule: WorkspaceRule = {
  id: 'k8s/statefulset-service',
  severity: DiagnosticSeverity.Warning,
  description: DESCRIPTION,
  family: 'kubernetes-workspace',
  reference:
    'pkg/controller/statefulset (pod subdomain = serviceName); kubernetes.io/docs/concepts/workloads/controllers/statefulset: the headless Service "must exist"',
  fix: 'suggestion: name the headless Service that selects its pods',
  kinds: ['Service'],
  related: (entry, { index }) => [...workloadsOfUnit(entry, index), ...servicesOfUnit(entry, index)],
  check(entry, related) {
    const service = entry as IndexedManifest<ServiceSummary>;
    if (!service.summary.headless || !service.summary.selector || service.summary.name === undefined) return [];
    const services = related.filter(
      (other): other is IndexedManifest<ServiceSummary> => other.summary.kind === 'Service',
    );
    const broken: Pair[] = related
      .filter(
        (other): other is IndexedManifest<WorkloadSummary> =>
          other.summary.kind === 'StatefulSet' && (other.summary as WorkloadSummary).serviceName !== undefined,
      )
      .filter((statefulSet) => selects(service.summary.selector!, statefulSet.summary.podLabels) === true)
      .map((statefulSet) => ({ statefulSet, named: namedServices(statefulSet, services) }))
      .filter((pair) => pair.named.length === 0);
    if (broken.length === 0) return [];
    return [
      {
        range: placed(service, service.summary.headless),
        message: messages.headless(
          service.summary.name,
          broken.map(({ statefulSet }) => describe(statefulSet)).join(', '),
        ),
        related: broken.map(({ statefulSet }) =>
          link(
            statefulSet,
            `serviceName "${statefulSet.summary.serviceName!.name}"`,
            statefulSet.summary.serviceName!.range,
          ),
        ),
      },
    ];
  },
};
