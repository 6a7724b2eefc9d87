import type { DiagnosticRelatedInformation, DiagnosticSeverity, Range, TextEdit } from 'vscode-languageserver-types';
import type { RuleMeta } from '../../catalogue/ruleMeta';
import type { Fix } from '../../types';
import { shiftRange } from '../yamlFile';
import type { KindName } from '../kinds';
import { isScalableKind } from '../kinds';
import {
  isWorkloadSummary,
  type DeploymentSummary,
  type HpaSummary,
  type ManifestSummary,
  type WorkloadSummary,
} from '../summary';
import type { ServiceSummary } from '../summaryServices';
import { namespaceOf, type IndexedManifest, type WorkspaceIndex } from '../workspaceIndex';

/** What a workspace rule sees: the file being validated (its own entries) and the index of every other file. */
export interface WorkspaceContext {
  uri: string;
  own: readonly IndexedManifest[];
  index: WorkspaceIndex;
  /** Report HPA targets that exist nowhere in the workspace (off by default: they may live in another repository). */
  strictTargets: boolean;
}

/** A finding in the coordinates of the file being validated, with links to the other end. */
export interface WorkspaceFinding {
  range: Range;
  message: string;
  fixes?: Fix[];
  related?: DiagnosticRelatedInformation[];
  /** When this finding is less certain than the rule's default severity says. */
  severity?: DiagnosticSeverity;
}

/**
 * A rule across documents and files: an HPA and the Deployment it scales. It reports on one entry of the file being
 * validated at a time; the other end reports when its own file is validated, so both update when either changes.
 * `related` names the entries its findings depend on: while neither the entry nor those change, the findings of
 * the last validation are reused (an edit to one document of a 2,000-document file re-checks only what it touched).
 */
export interface WorkspaceRule extends RuleMeta {
  readonly family: 'kubernetes-workspace';
  /** The kinds of entry it reports on. */
  readonly kinds: readonly KindName[];
  related(entry: IndexedManifest, context: WorkspaceContext): readonly IndexedManifest[];
  check(entry: IndexedManifest, related: readonly IndexedManifest[], context: WorkspaceContext): WorkspaceFinding[];
}

/** A range of an entry's document, in its file's coordinates. */
export function placed(entry: IndexedManifest, range: Range): Range {
  return shiftRange(range, entry.line);
}

export function placedFix(entry: IndexedManifest, fix: Fix): Fix {
  const place = (edit: TextEdit): TextEdit => ({ range: placed(entry, edit.range), newText: edit.newText });
  return { ...fix, edits: fix.edits.map(place), ...(fix.snippet ? { snippet: place(fix.snippet) } : {}) };
}

export function describe(entry: IndexedManifest): string {
  const file = decodeURIComponent(entry.uri.slice(entry.uri.lastIndexOf('/') + 1));
  const kind = entry.summary.kind === 'HorizontalPodAutoscaler' ? 'HPA' : entry.summary.kind;
  return `${kind} "${entry.summary.name ?? '?'}" (${file}:${placed(entry, entry.summary.range).start.line + 1})`;
}

export function link(
  entry: IndexedManifest,
  message: string,
  range: Range = entry.summary.range,
): DiagnosticRelatedInformation {
  return { location: { uri: entry.uri, range: placed(entry, range) }, message };
}

/**
 * The workloads an HPA scales (a Deployment, StatefulSet or ReplicaSet): same kind, name and namespace, and the
 * nearest of those (see `nearest`).
 */
export function targetsOf(
  hpa: IndexedManifest<HpaSummary>,
  index: WorkspaceIndex,
): IndexedManifest<DeploymentSummary>[] {
  const target = hpa.summary.target;
  if (!isScalableKind(target?.kind) || target?.name === undefined) return [];
  return nearest(
    hpa,
    index.workloadsNamed(target.kind, target.name).filter((workload) => sameNamespace(workload.summary, hpa.summary)),
  );
}

/** The HPAs that scale a workload: those whose nearest target it is, so both ends agree on every link. */
export function managersOf(deployment: IndexedManifest, index: WorkspaceIndex): readonly IndexedManifest<HpaSummary>[] {
  const name = deployment.summary.name;
  if (name === undefined) return [];
  return index
    .hpasTargeting(namespaceOf(deployment.summary), name, deployment.summary.kind)
    .filter((hpa) => targetsOf(hpa, index).some((target) => sameEntry(target, deployment)));
}

/**
 * The candidates that belong with `from`: those in the same file, else the same folder, else the same unit (a
 * kustomization or chart), else the workspace, but only when all the candidates there sit in one unit: twenty
 * sample folders that each have a `frontend` are twenty stories, not one.
 */
export function nearest<T extends IndexedManifest>(from: IndexedManifest, candidates: readonly T[]): T[] {
  if (candidates.length === 0) return [];
  const folder = folderOf(from.uri);
  for (const near of [
    (c: T) => c.uri === from.uri,
    (c: T) => folderOf(c.uri) === folder,
    (c: T) => c.unit === from.unit,
  ]) {
    const found = candidates.filter(near);
    if (found.length > 0) return found;
  }
  return new Set(candidates.map((candidate) => candidate.unit)).size === 1 ? [...candidates] : [];
}

export function sameEntry(a: IndexedManifest, b: IndexedManifest): boolean {
  return a.uri === b.uri && a.line === b.line;
}

function folderOf(uri: string): string {
  return uri.slice(0, uri.lastIndexOf('/'));
}

export function sameNamespace(a: ManifestSummary, b: ManifestSummary): boolean {
  return namespaceOf(a) === namespaceOf(b);
}

/**
 * The workloads that belong with a Service or PodDisruptionBudget: those of its unit (the file's kustomization or
 * chart, else its folder; see units.ts) in its namespace. Selectors only ever select pods of their own namespace.
 */
export function workloadsOfUnit(entry: IndexedManifest, index: WorkspaceIndex): IndexedManifest<WorkloadSummary>[] {
  return index
    .inUnit(entry.unit)
    .filter(
      (other): other is IndexedManifest<WorkloadSummary> =>
        isWorkloadSummary(other.summary) && sameNamespace(other.summary, entry.summary),
    );
}

/** The Services of an entry's unit and namespace. */
export function servicesOfUnit(entry: IndexedManifest, index: WorkspaceIndex): IndexedManifest<ServiceSummary>[] {
  return index
    .inUnit(entry.unit)
    .filter(
      (other): other is IndexedManifest<ServiceSummary> =>
        other.summary.kind === 'Service' && sameNamespace(other.summary, entry.summary),
    );
}

/**
 * What a Service's or PDB's selector may select: the workloads of its unit, the documents there that may create pods
 * of their own (PodSourceSummary), and, anywhere in the workspace, the workloads that carry one of the selector's
 * labels (pods applied from a sibling folder are still pods).
 */
export function selectionCandidates(
  entry: IndexedManifest,
  labels: Readonly<Record<string, string>> | undefined,
  index: WorkspaceIndex,
): IndexedManifest[] {
  const unit = index.inUnit(entry.unit);
  const result: IndexedManifest[] = unit.filter(
    (other) =>
      other.summary.kind === 'PodSource' ||
      (isWorkloadSummary(other.summary) && sameNamespace(other.summary, entry.summary)),
  );
  const first = labels ? Object.entries(labels)[0] : undefined;
  if (first)
    for (const other of index.workloadsLabelled(first[0], first[1]))
      if (other.unit !== entry.unit && sameNamespace(other.summary, entry.summary)) result.push(other);
  return result;
}
