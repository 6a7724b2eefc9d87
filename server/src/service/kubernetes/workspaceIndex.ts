import { mayBeEqual } from './placeholders';
import { UnitIndex } from './unitIndex';
import { isWorkloadSummary, type HpaSummary, type ManifestSummary, type WorkloadSummary } from './summary';

/** A workload, Service, PodDisruptionBudget or HPA somewhere in the workspace: its file, the line its document starts on, and its summary. */
export interface IndexedManifest<S extends ManifestSummary = ManifestSummary> {
  uri: string;
  line: number;
  /** The unit the file belongs to (its kustomization's or chart's folder, else its own folder): see units.ts. */
  unit: string;
  summary: S;
}

/** A document without a namespace goes where kubectl applies it: the same namespace as its peers without one. */
export function namespaceOf(summary: ManifestSummary): string {
  return summary.namespace ?? 'default';
}

/**
 * The fields of a summary that the index's tables are built from and that the workspace rules' `related` may read of
 * entries other than the one they report on (test/unit/kubernetes-incremental.test.ts holds every rule to it).
 */
export const LOOKUP_FIELDS = [
  'kind',
  'name',
  'namespace',
  'target',
  'podLabels',
  'selector',
  'headless',
  'serviceName',
] as const;

const lookupKeys = new WeakMap<ManifestSummary, string>();

/**
 * What the lookups see of a summary (LOOKUP_FIELDS, ranges left out): two summaries with the same key are found by
 * the same lookups, so an edit that keeps every key of a file (a replica count, a container's requests, a message)
 * leaves the index's tables, and the entries each rule relates, as they were.
 */
export function lookupKey(summary: ManifestSummary): string {
  let key = lookupKeys.get(summary);
  if (key === undefined) {
    const fields = summary as unknown as Record<string, unknown>;
    key = JSON.stringify(
      LOOKUP_FIELDS.map((field) => fields[field] ?? null),
      (name, value: unknown) => (name === 'range' ? undefined : value),
    );
    lookupKeys.set(summary, key);
  }
  return key;
}

/**
 * Every Deployment and HPA of the workspace, open or not, by file. Cross-document rules look things up here; the
 * generation counter tells the server when what other files see has changed and their diagnostics are stale.
 */
export class WorkspaceIndex {
  private readonly files = new Map<string, IndexedManifest[]>();
  private workloadsByName: Map<string, IndexedManifest<WorkloadSummary>[]> | undefined;
  private hpasByTarget: Map<string, IndexedManifest<HpaSummary>[]> | undefined;
  private byPodLabel: Map<string, IndexedManifest<WorkloadSummary>[]> | undefined;
  private units: UnitIndex | undefined;
  generation = 0;
  /**
   * Bumped when what lookups find may have changed: entries added, removed or moved, or a lookupKey changed. While it
   * stays, a lookup gives the same entries (the same objects, whose summaries may have been replaced).
   */
  shape = 0;

  /**
   * Replaces a file's entries; returns whether anything other files can see changed. When only summaries changed,
   * and not what lookups see of them (lookupKey), the file's entries stay the same objects and take the new
   * summaries: the tables that hold them stay valid (an edit of one document of 2,000 rebuilds nothing).
   */
  set(uri: string, entries: IndexedManifest[]): boolean {
    const previous = this.files.get(uri) ?? [];
    // Summaries come from the per-document cache: an unchanged document gives the very same object back.
    const sameShape =
      previous.length === entries.length &&
      previous.every(
        (entry, index) =>
          entry.line === entries[index].line &&
          entry.unit === entries[index].unit &&
          (entry.summary === entries[index].summary || lookupKey(entry.summary) === lookupKey(entries[index].summary)),
      );
    if (sameShape) {
      let changed = false;
      previous.forEach((entry, index) => {
        if (entry.summary === entries[index].summary) return;
        entry.summary = entries[index].summary;
        changed = true;
      });
      if (changed) this.generation++;
      return changed;
    }
    if (entries.length === 0) this.files.delete(uri);
    else this.files.set(uri, entries);
    this.invalidate();
    return true;
  }

  /** Something every file's cross-file findings may depend on changed (a kustomization, a chart). */
  touch(): void {
    this.invalidate();
  }

  delete(uri: string): boolean {
    if (!this.files.delete(uri)) return false;
    this.invalidate();
    return true;
  }

  has(uri: string): boolean {
    return this.files.has(uri);
  }

  uris(): string[] {
    return [...this.files.keys()];
  }

  get fileCount(): number {
    return this.files.size;
  }

  entries(uri: string): readonly IndexedManifest[] {
    return this.files.get(uri) ?? [];
  }

  /** Deployments with this name, in any namespace. */
  deploymentsNamed(name: string): readonly IndexedManifest<WorkloadSummary>[] {
    return this.workloadsNamed('Deployment', name);
  }

  /** Workloads of this kind and name, in any namespace. */
  workloadsNamed(kind: string, name: string): readonly IndexedManifest<WorkloadSummary>[] {
    this.build();
    return this.workloadsByName!.get(`${kind}/${name}`) ?? [];
  }

  /**
   * HPAs whose scaleTargetRef names a workload of this kind, name and namespace; a templated namespace on either side
   * may be any (see `mayBeEqual`).
   */
  hpasTargeting(namespace: string, name: string, kind = 'Deployment'): readonly IndexedManifest<HpaSummary>[] {
    this.build();
    const named = this.hpasByTarget!.get(`${kind}/${name}`) ?? [];
    return named.filter((hpa) => mayBeEqual(namespaceOf(hpa.summary), namespace));
  }

  /** Workloads whose pod template carries the label `key: value` (literally), anywhere in the workspace. */
  workloadsLabelled(key: string, value: string): readonly IndexedManifest<WorkloadSummary>[] {
    this.build();
    return this.byPodLabel!.get(`${key}=${value}`) ?? [];
  }

  /** The entries of each unit, by what selectors and names look up. */
  unitIndex(): UnitIndex {
    this.build();
    return this.units!;
  }

  private invalidate(): void {
    this.generation++;
    this.shape++;
    this.workloadsByName = undefined;
    this.hpasByTarget = undefined;
    this.byPodLabel = undefined;
    this.units = undefined;
  }

  private build(): void {
    if (this.workloadsByName && this.hpasByTarget && this.byPodLabel && this.units) return;
    const unitIndex = new UnitIndex();
    const labelled = new Map<string, IndexedManifest<WorkloadSummary>[]>();
    const workloads = new Map<string, IndexedManifest<WorkloadSummary>[]>();
    const hpas = new Map<string, IndexedManifest<HpaSummary>[]>();
    for (const entries of this.files.values()) {
      for (const entry of entries) {
        const summary = entry.summary;
        unitIndex.add(entry);
        if (isWorkloadSummary(summary) && summary.name !== undefined) {
          push(workloads, `${summary.kind}/${summary.name}`, entry as IndexedManifest<WorkloadSummary>);
        }
        if (isWorkloadSummary(summary)) {
          for (const [key, value] of Object.entries(summary.podLabels.labels))
            push(labelled, `${key}=${value}`, entry as IndexedManifest<WorkloadSummary>);
        } else if (
          summary.kind === 'HorizontalPodAutoscaler' &&
          summary.target?.kind !== undefined &&
          summary.target.name !== undefined
        ) {
          push(hpas, `${summary.target.kind}/${summary.target.name}`, entry as IndexedManifest<HpaSummary>);
        }
      }
    }
    this.workloadsByName = workloads;
    this.hpasByTarget = hpas;
    this.byPodLabel = labelled;
    this.units = unitIndex;
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
