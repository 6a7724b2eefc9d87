import { isPlaceholder } from './placeholders';
import { isWorkloadSummary, type WorkloadSummary } from './summary';
import type { ServiceSummary } from './summaryServices';
import type { IndexedManifest } from './workspaceIndex';

type Workload = IndexedManifest<WorkloadSummary>;
type Service = IndexedManifest<ServiceSummary>;

/**
 * The entries of each unit by what selectors and names look up: pod labels (by key and by key=value), Services by
 * name and by selector label, and the documents that may make pods of their own. Built once per index generation,
 * so a Service or PDB rule reads the handful of candidates its selector can reach, not the whole unit: on a file of
 * 2,000 documents an edit stays linear.
 */
export class UnitIndex {
  private readonly workloadsByLabel = new Map<string, Workload[]>();
  private readonly workloadsByKey = new Map<string, Workload[]>();
  private readonly openWorkloads = new Map<string, Workload[]>();
  private readonly openValues = new Map<string, Workload[]>();
  private readonly firstWorkload = new Map<string, Workload>();
  private readonly podSources = new Map<string, IndexedManifest[]>();
  private readonly servicesByName = new Map<string, Service[]>();
  private readonly servicesBySelector = new Map<string, Service[]>();
  private readonly firstService = new Map<string, Service>();
  private readonly templatedServices = new Map<string, Service[]>();

  add(entry: IndexedManifest): void {
    const { unit, summary } = entry;
    if (isWorkloadSummary(summary)) {
      const workload = entry as Workload;
      if (!this.firstWorkload.has(unit)) this.firstWorkload.set(unit, workload);
      if (summary.podLabels.open) push(this.openWorkloads, unit, workload);
      for (const [key, value] of Object.entries(summary.podLabels.labels)) {
        push(this.workloadsByKey, `${unit}\n${key}`, workload);
        push(this.workloadsByLabel, `${unit}\n${key}=${value}`, workload);
        if (isPlaceholder(value)) push(this.openValues, `${unit}\n${key}`, workload);
      }
    } else if (summary.kind === 'Service') {
      const service = entry as Service;
      if (!this.firstService.has(unit)) this.firstService.set(unit, service);
      if (summary.name !== undefined) push(this.servicesByName, `${unit}\n${summary.name}`, service);
      if (summary.name === undefined || isPlaceholder(summary.name)) push(this.templatedServices, unit, service);
      for (const [key, value] of Object.entries(summary.selector?.labels ?? {}))
        push(this.servicesBySelector, `${unit}\n${key}=${value}`, service);
    } else if (summary.kind === 'PodSource') {
      push(this.podSources, unit, entry);
    }
  }

  /** Workloads of the unit whose pod labels have one of these keys, or may have any (templated labels). */
  workloadsWithAnyKey(unit: string, keys: readonly string[]): Workload[] {
    const found = new Set<Workload>(this.openWorkloads.get(unit) ?? []);
    for (const key of keys)
      for (const workload of this.workloadsByKey.get(`${unit}\n${key}`) ?? []) found.add(workload);
    return [...found];
  }

  /**
   * Workloads of the unit whose pods may carry `key: value`: literally, through a templated value of that key, or
   * through labels a template prints.
   */
  workloadsMaybeLabelled(unit: string, key: string, value: string): Workload[] {
    return [
      ...new Set([
        ...this.workloadsLabelled(unit, key, value),
        ...(this.openValues.get(`${unit}\n${key}`) ?? []),
        ...(this.openWorkloads.get(unit) ?? []),
      ]),
    ];
  }

  /** A few workloads of the unit with the key (any value): the near misses a finding links to. */
  someWorkloadsWithKey(unit: string, key: string, count: number): readonly Workload[] {
    return (this.workloadsByKey.get(`${unit}\n${key}`) ?? []).slice(0, count);
  }

  /** Workloads of the unit whose pods carry `key: value`. */
  workloadsLabelled(unit: string, key: string, value: string): readonly Workload[] {
    return this.workloadsByLabel.get(`${unit}\n${key}=${value}`) ?? [];
  }

  /** One workload of the unit, if it has any: what "the unit has workloads" depends on. */
  anyWorkload(unit: string): Workload | undefined {
    return this.firstWorkload.get(unit);
  }

  podSourcesOf(unit: string): readonly IndexedManifest[] {
    return this.podSources.get(unit) ?? [];
  }

  servicesNamed(unit: string, name: string): readonly Service[] {
    return this.servicesByName.get(`${unit}\n${name}`) ?? [];
  }

  /** Services of the unit whose selector has `key: value`. */
  servicesSelecting(unit: string, key: string, value: string): readonly Service[] {
    return this.servicesBySelector.get(`${unit}\n${key}=${value}`) ?? [];
  }

  /** Services of the unit whose name is printed by a template (or missing): any name lookup may mean them. */
  servicesWithOpenNames(unit: string): readonly Service[] {
    return this.templatedServices.get(unit) ?? [];
  }

  anyService(unit: string): Service | undefined {
    return this.firstService.get(unit);
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
