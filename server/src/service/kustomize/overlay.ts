import { posix } from 'node:path';
import {
  isJsonPatchText,
  isRemoteEntry,
  KUSTOMIZATION_NAMES,
  readKustomization,
  type KustomizationEntries,
  type PatchTarget,
} from './kustomization';

/**
 * What the service needs to see of the disk to walk an overlay: a file's text (the editor's, when open) and whether a
 * path is a folder. `/`-separated absolute paths. The caller decides how to look (disk, editors, test map).
 */
export interface OverlayFiles {
  read(path: string): string | undefined;
  isFolder(path: string): boolean;
}

/** A file of the overlay that can hold the fields of a built object: a resource or a patch, in kustomize's order. */
export interface OverlaySource {
  path: string;
  role: 'resource' | 'patch';
  /** For a patch: what its entry selects, and whether it is a JSON 6902 patch. */
  target?: PatchTarget;
  json6902?: boolean;
  /** Order of application: patches of an overlay apply after those of its bases. */
  order: number;
}

export interface OverlayWalk {
  /** The kustomization file of the overlay's root folder (the one `kubectl kustomize` is run on). */
  kustomizationFile: string;
  entries: KustomizationEntries;
  /** Every folder with a kustomization the build reads (the root first). */
  folders: string[];
  /** For each folder but the root: the kustomization entry that includes it (file, line, as written). */
  includedBy: Map<string, { file: string; line: number; value: string }>;
  sources: OverlaySource[];
  /** A resource the build would fetch over the network, with the kustomization and line naming it. */
  remote?: { file: string; line: number; value: string };
}

/** How many kustomization folders one walk follows at most (a generous bound: loops are cut by the visited set). */
const MAX_FOLDERS = 200;

/** The kustomization file of a folder, if it has one. */
export function kustomizationFileOf(folder: string, files: OverlayFiles): string | undefined {
  for (const name of KUSTOMIZATION_NAMES) {
    const path = posix.join(folder, name);
    if (files.read(path) !== undefined) return path;
  }
  return undefined;
}

/**
 * Follows an overlay's kustomization through the bases and components it includes, as kustomize accumulates them:
 * which folders the build reads, which files can have set a built object's fields, and whether it needs the network.
 * A loop or a missing path stops the walk there (kubectl reports them); it never throws.
 */
export function walkOverlay(root: string, files: OverlayFiles): OverlayWalk | undefined {
  const rootFile = kustomizationFileOf(root, files);
  if (!rootFile) return undefined;
  const walk: OverlayWalk = {
    kustomizationFile: rootFile,
    entries: readKustomization(files.read(rootFile) ?? ''),
    folders: [],
    includedBy: new Map(),
    sources: [],
  };
  const visited = new Set<string>();
  let order = 0;
  const visit = (folder: string, file: string, entries: KustomizationEntries) => {
    if (visited.has(folder) || visited.size >= MAX_FOLDERS) return;
    visited.add(folder);
    walk.folders.push(folder);
    for (const entry of entries.resources) {
      if (isRemoteEntry(entry.value)) {
        walk.remote ??= { file, line: entry.line, value: entry.value };
        continue;
      }
      const path = posix.join(folder, entry.value);
      const inner = files.isFolder(path) ? kustomizationFileOf(path, files) : undefined;
      if (inner) {
        if (!walk.includedBy.has(path) && path !== root)
          walk.includedBy.set(path, { file, line: entry.line, value: entry.value });
        visit(path, inner, readKustomization(files.read(inner) ?? ''));
      } else if (!files.isFolder(path)) walk.sources.push({ path, role: 'resource', order: order++ });
    }
    for (const patch of entries.patches) {
      const path = posix.join(folder, patch.value);
      const json6902 = patch.json6902 || isJsonPatchText(files.read(path) ?? '');
      walk.sources.push({
        path,
        role: 'patch',
        order: order++,
        json6902,
        ...(patch.target ? { target: patch.target } : {}),
      });
    }
  };
  visit(root, rootFile, walk.entries);
  return walk;
}

/**
 * The overlay a file belongs to: the nearest folder at or above it (within `depth` levels) whose kustomization lists
 * it as a resource or patch, or the file's own folder when the file is a kustomization.
 */
export function overlayRootOf(path: string, files: OverlayFiles, depth = 3): string | undefined {
  const name = posix.basename(path);
  // A Component is built only as part of the overlays that list it under `components:`, never on its own.
  const isComponent = (text: string | undefined) => /^kind:\s*Component\b/m.test(text ?? '');
  if ((KUSTOMIZATION_NAMES as readonly string[]).includes(name))
    return isComponent(files.read(path)) ? undefined : posix.dirname(path);
  let folder = posix.dirname(path);
  for (let level = 0; level < depth; level++) {
    const file = kustomizationFileOf(folder, files);
    if (file) {
      if (isComponent(files.read(file))) return undefined;
      const entries = readKustomization(files.read(file) ?? '');
      const listed = [...entries.resources, ...entries.patches].some(
        (entry) => posix.join(folder, entry.value) === path,
      );
      if (listed) return folder;
    }
    const parent = posix.dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  return undefined;
}
