import { posix } from 'node:path';
import type { DiagnosticRelatedInformation, DiagnosticSeverity, Range, TextEdit } from 'vscode-languageserver-types';
import type { RuleMeta } from '../../catalogue/ruleMeta';
import type { Fix } from '../../types';
import { shiftRange } from '../yamlFile';
import type { KindName } from '../kinds';
import { isScalableKind } from '../kinds';
import type { DeploymentSummary, HpaSummary, ManifestSummary } from '../summary';
import { isControllerLabel, type LabelSelector } from '../labels';
import type { ImageBuilds } from '../imageBuilds';
import { isPlaceholder, mayBeEqual } from '../placeholders';
import { namespaceOf, type IndexedManifest, type WorkspaceIndex } from '../workspaceIndex';

/** What a workspace rule sees: the file being validated (its own entries) and the index of every other file. */
export interface WorkspaceContext {
  uri: string;
  own: readonly IndexedManifest[];
  index: WorkspaceIndex;
  /** Report HPA targets that exist nowhere in the workspace (off by default: they may live in another repository). */
  strictTargets: boolean;
  /** The Dockerfiles that build the images the manifests name (read through the FileSystem port). */
  builds: ImageBuilds;
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
  /** What else the findings depend on (a Dockerfile's text): the last findings are reused while these are the same. */
  inputs?(entry: IndexedManifest, context: WorkspaceContext): readonly unknown[];
}

/** A range of an entry's document, in its file's coordinates. */
export function placed(entry: IndexedManifest, range: Range): Range {
  return shiftRange(range, entry.line);
}

export function placedFix(entry: IndexedManifest, fix: Fix): Fix {
  const place = (edit: TextEdit): TextEdit => ({ range: placed(entry, edit.range), newText: edit.newText });
  return { ...fix, edits: fix.edits.map(place), ...(fix.snippet ? { snippet: place(fix.snippet) } : {}) };
}

/**
 * An entry as a finding's message names it: kind, name, and where (`hpa.yaml:9`). Seen `from` another file, the
 * path is relative to that file's folder (`hpa/gpu-hpa.yaml:9`): the file name alone would send the reader to the
 * wrong folder.
 */
export function describe(entry: IndexedManifest, from?: IndexedManifest): string {
  const file = decodeURIComponent(
    from ? relativeTo(from.uri, entry.uri) : entry.uri.slice(entry.uri.lastIndexOf('/') + 1),
  );
  const kind = entry.summary.kind === 'HorizontalPodAutoscaler' ? 'HPA' : entry.summary.kind;
  return `${kind} "${entry.summary.name ?? '?'}" (${file}:${placed(entry, entry.summary.range).start.line + 1})`;
}

/** `target`'s path from the folder of `from` (both URIs of one scheme and authority, else `target`'s name). */
function relativeTo(from: string, target: string): string {
  const name = target.slice(target.lastIndexOf('/') + 1);
  const folder = from.slice(0, from.lastIndexOf('/'));
  const targetFolder = target.slice(0, target.lastIndexOf('/'));
  if (folder === targetFolder) return name;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(from)?.[0];
  if (!scheme || !target.startsWith(scheme)) return name;
  return posix.relative(folder.slice(scheme.length) || '/', target.slice(scheme.length));
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

/**
 * Whether two objects may live in one namespace: a templated namespace (`namespace: {{ .Release.Namespace }}`,
 * `${NAMESPACE}`) is unknown, so it may be any, the one its peers without a namespace are applied to included.
 */
export function sameNamespace(a: ManifestSummary, b: ManifestSummary): boolean {
  return mayBeEqual(namespaceOf(a), namespaceOf(b));
}

/**
 * Whether two documents are (or may be) one object: same kind, name and namespace. Such documents are versions of
 * it (an HPA written for autoscaling/v1 and for v2 in two folders, a chart's alternative templates), not two objects.
 */
export function sameObject(a: ManifestSummary, b: ManifestSummary): boolean {
  return (
    a.kind === b.kind &&
    a.name !== undefined &&
    b.name !== undefined &&
    mayBeEqual(a.name, b.name) &&
    sameNamespace(a, b)
  );
}

/**
 * What a Service's or PDB's selector may select, looked up by its labels (see UnitIndex): the workloads of its unit
 * that may carry its first label (literally, by a templated value, or through labels a template prints; for a
 * selector of expressions only, one of their keys), one workload of the unit (so that the findings
 * change when the unit gains or loses its workloads), the documents there that may create pods of their own
 * (PodSourceSummary), and, anywhere in the workspace, the workloads that carry its first label (pods applied from a
 * sibling folder are still pods). A workload outside this list cannot be selected: the rules that call this return
 * quietly first for selectors it cannot answer (placeholders, controller-added keys, NotIn/DoesNotExist).
 */
export function selectionCandidates(
  entry: IndexedManifest,
  selector: LabelSelector | undefined,
  index: WorkspaceIndex,
): IndexedManifest[] {
  if (!selector || !isAnswerable(selector)) return [];
  const units = index.unitIndex();
  const first = Object.entries(selector.labels)[0];
  const result: IndexedManifest[] = [...units.podSourcesOf(entry.unit)];
  const any = units.anyWorkload(entry.unit);
  if (any) result.push(any);
  // A pod must carry the first matchLabels entry (or, without one, a key of the expressions).
  const reachable = first
    ? units.workloadsMaybeLabelled(entry.unit, first[0], first[1])
    : units.workloadsWithAnyKey(
        entry.unit,
        selector.expressions.map((expression) => expression.key),
      );
  for (const workload of reachable)
    if (workload !== any && sameNamespace(workload.summary, entry.summary)) result.push(workload);
  if (first)
    for (const other of index.workloadsLabelled(first[0], first[1]))
      if (other.unit !== entry.unit && sameNamespace(other.summary, entry.summary)) result.push(other);
  return result;
}

/**
 * Whether a selector can be matched through the label index: no placeholder value, no key the controllers add to
 * their pods, no expression that selects pods for lacking a label.
 */
export function isAnswerable(selector: LabelSelector): boolean {
  return (
    !selector.open &&
    !Object.entries(selector.labels).some(([key, value]) => isPlaceholder(value) || isControllerLabel(key)) &&
    !selector.expressions.some(
      (expression) =>
        expression.operator === 'NotIn' || expression.operator === 'DoesNotExist' || isControllerLabel(expression.key),
    )
  );
}
