import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { selects } from '../labels';
import { isPlaceholder } from '../placeholders';
import type { WorkloadSummary } from '../summary';
import type { ServiceSummary } from '../summaryServices';
import type { IndexedManifest, WorkspaceIndex } from '../workspaceIndex';
import { describe, link, placed, sameNamespace, type WorkspaceRule } from './rule';

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
const REFERENCE =
  'pkg/controller/statefulset (pod subdomain = serviceName); kubernetes.io/docs/concepts/workloads/controllers/statefulset: the headless Service "must exist"';
const FIX = 'suggestion: name the headless Service that selects its pods';

type Workload = IndexedManifest<WorkloadSummary>;
type Service = IndexedManifest<ServiceSummary>;

const isService = (entry: IndexedManifest): entry is Service => entry.summary.kind === 'Service';

/** The Services of the StatefulSet's unit and namespace that its serviceName may name (a templated name may be any). */
function namedServices(statefulSet: Workload, index: WorkspaceIndex): Service[] {
  const name = statefulSet.summary.serviceName?.name;
  if (name === undefined) return [];
  const units = index.unitIndex();
  return [...units.servicesNamed(statefulSet.unit, name), ...units.servicesWithOpenNames(statefulSet.unit)].filter(
    (service) => sameNamespace(service.summary, statefulSet.summary),
  );
}

/** The headless Services of the unit that select this StatefulSet's pods (found through its pod labels). */
function headlessSelecting(statefulSet: Workload, index: WorkspaceIndex): Service[] {
  const units = index.unitIndex();
  const found = new Set<Service>();
  for (const [key, value] of Object.entries(statefulSet.summary.podLabels.labels))
    for (const service of units.servicesSelecting(statefulSet.unit, key, value))
      if (
        service.summary.headless &&
        service.summary.selector &&
        sameNamespace(service.summary, statefulSet.summary) &&
        selects(service.summary.selector, statefulSet.summary.podLabels) === true
      )
        found.add(service);
  return [...found];
}

/** The StatefulSet's end: its serviceName and the Service it names. */
export const statefulSetServiceRule: WorkspaceRule = {
  id: 'k8s/statefulset-service',
  severity: DiagnosticSeverity.Warning,
  description: DESCRIPTION,
  family: 'kubernetes-workspace',
  reference: REFERENCE,
  fix: FIX,
  kinds: ['StatefulSet'],
  related(entry, { index }) {
    const statefulSet = entry as Workload;
    const any = index.unitIndex().anyService(entry.unit);
    // `any`: the findings change when the unit gains or loses its Services.
    return [...(any ? [any] : []), ...namedServices(statefulSet, index), ...headlessSelecting(statefulSet, index)];
  },
  check(entry, related) {
    const statefulSet = entry as Workload;
    const serviceName = statefulSet.summary.serviceName;
    // Quiet when the unit has no Services at all (they are deployed from elsewhere) or the name is templated.
    if (!serviceName || isPlaceholder(serviceName.name) || related.length === 0) return [];
    const services = related.filter(isService);
    const named = services.filter(
      (service) => service.summary.name === serviceName.name || isPlaceholder(service.summary.name ?? '\uE000'),
    );
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
              related: named.map((service) => link(service, describe(service, entry), service.summary.selector?.range)),
            },
          ];
    }
    const candidates = [
      ...new Set(
        services.filter(
          (service) =>
            service.summary.headless &&
            service.summary.selector &&
            selects(service.summary.selector, statefulSet.summary.podLabels) === true,
        ),
      ),
    ];
    const only = candidates.length === 1 ? candidates[0].summary.name : undefined;
    return [
      {
        range,
        message: messages.noService(serviceName.name),
        fixes: only ? [{ title: messages.rename(only), edits: [{ range, newText: only }], isPreferred: false }] : [],
        related: candidates.map((service) =>
          link(service, `${describe(service, entry)} is headless and selects these pods`),
        ),
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
  reference: REFERENCE,
  fix: FIX,
  kinds: ['Service'],
  related(entry, { index }) {
    const service = entry as Service;
    const selector = service.summary.selector;
    if (!service.summary.headless || !selector) return [];
    const first = Object.entries(selector.labels)[0];
    if (!first) return [];
    const statefulSets = index
      .unitIndex()
      .workloadsLabelled(entry.unit, first[0], first[1])
      .filter((workload) => workload.summary.kind === 'StatefulSet' && sameNamespace(workload.summary, entry.summary));
    return [...statefulSets, ...statefulSets.flatMap((statefulSet) => namedServices(statefulSet, index))];
  },
  check(entry, related) {
    const service = entry as Service;
    const selector = service.summary.selector;
    if (!service.summary.headless || !selector || service.summary.name === undefined) return [];
    const services = related.filter(isService);
    const broken = related
      .filter(
        (other): other is Workload =>
          other.summary.kind === 'StatefulSet' &&
          (other.summary as WorkloadSummary).serviceName !== undefined &&
          !isPlaceholder((other.summary as WorkloadSummary).serviceName!.name),
      )
      .filter((statefulSet) => selects(selector, statefulSet.summary.podLabels) === true)
      .filter((statefulSet) => {
        const name = statefulSet.summary.serviceName!.name;
        return !services.some(
          (other) =>
            (other.summary.name === name || isPlaceholder(other.summary.name ?? '\uE000')) &&
            sameNamespace(other.summary, statefulSet.summary),
        );
      });
    if (broken.length === 0) return [];
    return [
      {
        range: placed(service, service.summary.headless),
        message: messages.headless(
          service.summary.name,
          broken.map((statefulSet) => describe(statefulSet, entry)).join(', '),
        ),
        related: broken.map((statefulSet) =>
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
