import type { DiagnosticRelatedInformation, Range, TextEdit } from 'vscode-languageserver-types';
import type { RuleMeta } from '../../catalogue/ruleMeta';
import type { Fix } from '../../types';
import { shiftRange } from '../yamlFile';
import type { DeploymentSummary, HpaSummary, ManifestSummary } from '../summary';
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
}

/**
 * A rule across documents and files: an HPA and the Deployment it scales. It reports on one entry of the file being
 * validated at a time; the other end reports when its own file is validated, so both update when either changes.
 * `related` names the entries its findings depend on: while neither the entry nor those change, the findings of
 * the last validation are reused (an edit to one document of a 2,000-document file re-checks only what it touched).
 */
export interface WorkspaceRule extends RuleMeta {
  readonly family: 'kubernetes-workspace';
  readonly kind: ManifestSummary['kind'];
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
  return `${entry.summary.kind === 'Deployment' ? 'Deployment' : 'HPA'} "${entry.summary.name ?? '?'}" (${file}:${placed(entry, entry.summary.range).start.line + 1})`;
}

export function link(
  entry: IndexedManifest,
  message: string,
  range: Range = entry.summary.range,
): DiagnosticRelatedInformation {
  return { location: { uri: entry.uri, range: placed(entry, range) }, message };
}

/** The Deployments an HPA scales: same name, same namespace, and the nearest of those (see `nearest`). */
export function targetsOf(
  hpa: IndexedManifest<HpaSummary>,
  index: WorkspaceIndex,
): IndexedManifest<DeploymentSummary>[] {
  const target = hpa.summary.target;
  if (target?.kind !== 'Deployment' || target.name === undefined) return [];
  return nearest(
    hpa,
    index.deploymentsNamed(target.name).filter((deployment) => sameNamespace(deployment.summary, hpa.summary)),
  );
}

/** The HPAs that scale a Deployment: those whose nearest target it is, so both ends agree on every link. */
export function managersOf(deployment: IndexedManifest, index: WorkspaceIndex): readonly IndexedManifest<HpaSummary>[] {
  const name = deployment.summary.name;
  if (name === undefined) return [];
  return index
    .hpasTargeting(namespaceOf(deployment.summary), name)
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
