import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type YAMLMap } from 'yaml';

/** The file names kustomize reads as a folder's kustomization, in its own order of preference. */
export const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;

/** One path a kustomization names, with the zero-based line it is written on. */
export interface KustomizationEntry {
  value: string;
  line: number;
}

/** What a patch entry selects: kustomize's `target` (any field may be missing; a missing one matches anything). */
export interface PatchTarget {
  kind?: string;
  name?: string;
  group?: string;
  version?: string;
}

export interface PatchEntry extends KustomizationEntry {
  target?: PatchTarget;
  /** Listed under patchesJson6902 (always a JSON 6902 patch); a `patches:` file is one when its text is a list. */
  json6902: boolean;
}

/** The parts of a kustomization that say which files make the overlay, with their lines (for diagnostics). */
export interface KustomizationEntries {
  /** `resources`, `bases` and `components`, in kustomize's order of accumulation. */
  resources: KustomizationEntry[];
  patches: PatchEntry[];
  /** The YAML does not parse: kubectl reports it. */
  broken: boolean;
}

/** Reads a kustomization's resources and patches with their lines; never throws (a broken one names nothing). */
export function readKustomization(text: string): KustomizationEntries {
  const result: KustomizationEntries = { resources: [], patches: [], broken: false };
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines });
  if (document.errors.length > 0) return { ...result, broken: true };
  const root = document.contents;
  if (!isMap(root)) return result;
  const lineOf = (node: Node) => (node.range ? lines.linePos(node.range[0]).line - 1 : 0);
  const entriesOf = (key: string): Node[] => {
    const value = root.get(key, true) as Node | undefined;
    return isSeq(value) ? (value.items as Node[]) : [];
  };
  const scalar = (node: unknown): KustomizationEntry | undefined =>
    isScalar(node) && typeof node.value === 'string' && node.value !== '' && !node.value.includes('\n')
      ? { value: node.value, line: lineOf(node) }
      : undefined;
  for (const key of ['resources', 'bases', 'components']) {
    for (const node of entriesOf(key)) {
      const entry = scalar(node);
      if (entry) result.resources.push(entry);
    }
  }
  for (const node of entriesOf('patchesStrategicMerge')) {
    const entry = scalar(node);
    // An inline patch (a YAML text, not a path) has no file of its own.
    if (entry && !/[\n:]/.test(entry.value)) result.patches.push({ ...entry, json6902: false });
  }
  for (const key of ['patches', 'patchesJson6902']) {
    for (const node of entriesOf(key)) {
      const entry = isMap(node) ? scalar(node.get('path', true)) : key === 'patches' ? scalar(node) : undefined;
      if (!entry) continue;
      const target = isMap(node) ? node.get('target', true) : undefined;
      result.patches.push({
        ...entry,
        json6902: key === 'patchesJson6902',
        ...(isMap(target) ? { target: readTarget(target) } : {}),
      });
    }
  }
  return result;
}

/** Only the scalar fields are read: an alias in a target is never expanded. */
function readTarget(target: YAMLMap): PatchTarget {
  const result: PatchTarget = {};
  for (const field of ['kind', 'name', 'group', 'version'] as const) {
    const value = target.get(field, true);
    if (isScalar(value) && typeof value.value === 'string') result[field] = value.value;
  }
  return result;
}

/**
 * A resource kustomize would fetch over the network (a git repository or a URL): the background build never fetches,
 * so an overlay with one is not built. Forms from kustomize's api/internal/git/repospec.go.
 */
export function isRemoteEntry(value: string): boolean {
  return (
    /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ||
    /^git(::|@)/.test(value) ||
    /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(value) ||
    /[?&](ref|version|submodules|timeout)=/.test(value)
  );
}

/** Whether a patch file's text is a JSON 6902 patch (a list of operations) rather than a strategic-merge one. */
export function isJsonPatchText(text: string): boolean {
  const first = /^(?!\s*#)(?!---\s*$)\s*\S/m.exec(text);
  return first !== null && /^\s*[-[]/.test(text.slice(first.index));
}
