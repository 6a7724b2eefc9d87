import { URI, Utils } from 'vscode-uri';
import { parse } from 'yaml';
import type { FileSystem } from '../types';
import type { PatchTarget } from '../kustomize/kustomization';
import { isChartValuesFile } from '../helm/valuesFiles';
import { SKAFFOLD_NAME, skaffoldArtifactImages } from './skaffold';

/**
 * What belongs together: a file's unit is the nearest folder above it (its own included) that holds a
 * kustomization or a Helm chart. Cross-file rules look for an HPA's Deployment in the same file, then the same
 * folder, then the same unit, and only then the workspace; a file that a kustomization lists as a patch (or that is
 * named as one in a kustomization's folder) holds partial objects, and one that a kustomization builds with labels
 * added to selectors, or with its images' tags set, may leave them out.
 */
export interface UnitInfo {
  /** The unit's folder (a URI string): the nearest kustomization or chart folder, else the file's own folder. */
  key: string;
  /** The file is a patch (patches, patchesStrategicMerge, patchesJson6902) of a kustomization: partial objects. */
  patch: boolean;
  /**
   * A kustomization lists the file as a resource and it, or one that includes it (an overlay with `resources:
   * [../base]`), adds labels to selectors and templates (commonLabels, labels with includeSelectors).
   */
  labelsSupplied: boolean;
  /** For a patch: what its kustomization entry targets (a JSON 6902 patch is checked against that kind's schema). */
  patchTarget?: PatchTarget;
  /**
   * Image names whose tag or digest a kustomization that builds the file sets (`images:` with newTag or digest), in
   * the kustomization that lists it or one that includes that one; and the images a skaffold.yaml above the file
   * builds (skaffold.ts), which it deploys with the tag it built.
   */
  taggedImages: readonly string[];
}

const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
const CHART_NAME = 'Chart.yaml';
/** How far up a kustomization that names a file is looked for: overlays keep their patches beside or just below them. */
const KUSTOMIZATION_DEPTH = 3;
/** How far up a unit root is looked for. */
const UNIT_DEPTH = 6;
/** How many overlays above a kustomization are followed (overlay of an overlay of a base...): real trees have 2-3. */
const INCLUDER_DEPTH = 4;
/**
 * A file named as a patch (`manager_image_patch.yaml`, `replicas-patch.yaml`, `patch.yaml`) or kept in a `patches/`
 * folder of a kustomization: a partial object even when no kustomization lists it (a patch commented out, kept for
 * later). The scaffolding of kubebuilder and kustomize's own examples name them so.
 */
const PATCH_FILE_NAME = /(^|[_-])patch\.ya?ml$/i;
const PATCH_FOLDER_NAME = 'patches';

interface Kustomization {
  patches: Set<string>;
  /** The `target` of each patch entry that has one, by resolved path. */
  patchTargets: Map<string, PatchTarget>;
  resources: Set<string>;
  addsSelectorLabels: boolean;
  /** The `images:` names it gives a new tag or a digest (kustomize's image transformer replaces the tag). */
  taggedImages: string[];
}

/**
 * Reads the kustomizations and charts around a file through the FileSystem port, on every call: the port caches
 * (the server's reads the disk in the background and answers from memory), and a cache here would keep a miss the
 * port answered before its read finished. Parsed kustomizations are kept by text.
 */
export class UnitReader {
  private readonly parsed = new Map<string, Kustomization>();
  /**
   * The workspace's kustomizations as last indexed or opened, by folder path: the overlays that include a base from a
   * sibling or parent folder (`resources: [../manager]`), which no walk up from the base finds. The FileSystem port
   * reads files, it does not list folders; the index is what knows which kustomizations exist.
   */
  private readonly known = new Map<string, Kustomization>();

  constructor(private readonly fileSystem: FileSystem) {}

  /** Forgets what was parsed: a kustomization or chart file changed. */
  clear(): void {
    this.parsed.clear();
  }

  /** Notes a kustomization's text (indexed from disk, or open in the editor): see `known`. */
  noteKustomization(uri: string, text: string): void {
    const location = kustomizationLocation(uri);
    if (!location) return;
    const folder = Utils.dirname(location);
    this.known.set(folder.path, parseKustomization(text, folder));
  }

  /** A kustomization file was deleted. */
  forgetKustomization(uri: string): void {
    const location = kustomizationLocation(uri);
    if (location) this.known.delete(Utils.dirname(location).path);
  }

  /** Whether a file's name makes it one of the files units are read from. */
  static isUnitFile(uri: string): boolean {
    const name = uri.slice(uri.lastIndexOf('/') + 1);
    return KUSTOMIZATION_NAMES.includes(name) || name === CHART_NAME || name === SKAFFOLD_NAME;
  }

  /** Whether a file is one of a chart's values files (helm/valuesFiles.ts): Helm values, never a manifest. */
  isValuesFile(uri: string, valueFiles: readonly string[]): boolean {
    let location: URI;
    try {
      location = URI.parse(uri);
    } catch {
      return false;
    }
    if (location.scheme !== 'file') return false;
    return isChartValuesFile(
      location.path,
      (path) => this.fileSystem.readFile(location.with({ path }).fsPath) !== undefined,
      valueFiles,
    );
  }

  unitOf(uri: string): UnitInfo {
    let location: URI;
    try {
      location = URI.parse(uri);
    } catch {
      return { key: uri, patch: false, labelsSupplied: false, taggedImages: [] };
    }
    const ownFolder = Utils.dirname(location);
    const info: UnitInfo = { key: ownFolder.toString(), patch: false, labelsSupplied: false, taggedImages: [] };
    if (location.scheme !== 'file') return info;
    const path = location.path;
    // The kustomizations that list the file, by folder path: those above it (read through the port) and those the
    // index knows elsewhere (a sibling overlay's `resources: [../deploy/web.yaml]`).
    const asResource = new Map<string, Kustomization>();
    const asPatch = new Map<string, Kustomization>();
    const list = (folder: string, kustomization: Kustomization) => {
      if (kustomization.patches.has(path)) {
        asPatch.set(folder, kustomization);
        info.patchTarget ??= kustomization.patchTargets.get(path);
      }
      if (kustomization.resources.has(path)) asResource.set(folder, kustomization);
    };
    let root: { folder: URI; kustomization: boolean } | undefined;
    const skaffoldImages: string[] = [];
    for (let folder = ownFolder, depth = 0; depth < UNIT_DEPTH; depth++) {
      const here = this.read(folder);
      skaffoldImages.push(...here.skaffoldImages);
      if (depth < KUSTOMIZATION_DEPTH && here.kustomization) list(folder.path, here.kustomization);
      if (!root && (here.kustomization || here.chart)) root = { folder, kustomization: !!here.kustomization };
      const parent = Utils.dirname(folder);
      if (parent.path === folder.path) break;
      folder = parent;
    }
    for (const [folder, kustomization] of this.known) list(folder, kustomization);
    if (root) info.key = root.folder.toString();
    info.patch =
      asPatch.size > 0 || (asResource.size === 0 && root?.kustomization === true && namedAsPatch(path, root.folder));
    info.labelsSupplied = [...this.withIncluders(asResource).values()].some((found) => found.addsSelectorLabels);
    const builders = this.withIncluders(new Map([...asResource, ...asPatch]));
    info.taggedImages = [
      ...new Set([...[...builders.values()].flatMap((found) => found.taggedImages), ...skaffoldImages]),
    ];
    return info;
  }

  /**
   * The folders (URIs) of the known kustomizations that list a kustomization folder (a URI) as a resource: the
   * overlays that build it as their base.
   */
  includersOf(folderUri: string): string[] {
    let folder: URI;
    try {
      folder = URI.parse(folderUri);
    } catch {
      return [];
    }
    const path = folder.path.replace(/(.)\/+$/, '$1');
    const found: string[] = [];
    for (const [includer, kustomization] of this.known)
      if (includer !== path && kustomization.resources.has(path))
        found.push(folder.with({ path: includer }).toString());
    return found;
  }

  /**
   * The kustomizations given and every known one that includes them, folder by folder (`resources: [../base]`), up
   * to INCLUDER_DEPTH overlays above: kustomize applies an overlay's labels and images to what its bases build.
   */
  private withIncluders(start: ReadonlyMap<string, Kustomization>): Map<string, Kustomization> {
    const found = new Map(start);
    let frontier = [...start.keys()];
    for (let depth = 0; depth < INCLUDER_DEPTH && frontier.length > 0; depth++) {
      const next: string[] = [];
      for (const [folder, kustomization] of this.known) {
        if (found.has(folder) || !frontier.some((included) => kustomization.resources.has(included))) continue;
        found.set(folder, kustomization);
        next.push(folder);
      }
      frontier = next;
    }
    return found;
  }

  private read(folder: URI): { kustomization?: Kustomization; chart: boolean; skaffoldImages: readonly string[] } {
    const entry: { kustomization?: Kustomization; chart: boolean; skaffoldImages: readonly string[] } = {
      chart: this.fileSystem.readFile(Utils.joinPath(folder, CHART_NAME).fsPath) !== undefined,
      skaffoldImages: this.skaffoldImagesIn(folder),
    };
    for (const name of KUSTOMIZATION_NAMES) {
      const text = this.fileSystem.readFile(Utils.joinPath(folder, name).fsPath);
      if (text === undefined) continue;
      const key = `${folder.toString()}\n${text}`;
      let kustomization = this.parsed.get(key);
      if (!kustomization) {
        if (this.parsed.size > 1024) this.parsed.clear();
        kustomization = parseKustomization(text, folder);
        this.parsed.set(key, kustomization);
      }
      entry.kustomization = kustomization;
      break;
    }
    return entry;
  }

  /** The images a folder's skaffold.yaml builds (none without one). */
  private skaffoldImagesIn(folder: URI): readonly string[] {
    const text = this.fileSystem.readFile(Utils.joinPath(folder, SKAFFOLD_NAME).fsPath);
    return text === undefined ? [] : skaffoldArtifactImages(text);
  }
}

/** The URI of a kustomization file, or undefined for any other file or a URI that is not a file's. */
function kustomizationLocation(uri: string): URI | undefined {
  let location: URI;
  try {
    location = URI.parse(uri);
  } catch {
    return undefined;
  }
  const name = location.path.slice(location.path.lastIndexOf('/') + 1);
  return location.scheme === 'file' && KUSTOMIZATION_NAMES.includes(name) ? location : undefined;
}

/** Whether a file in a kustomization's unit is named as a patch, or kept in a `patches/` folder under the unit. */
function namedAsPatch(path: string, root: URI): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (PATCH_FILE_NAME.test(name)) return true;
  const folders = path.slice(root.path.length, path.length - name.length).split('/');
  return folders.includes(PATCH_FOLDER_NAME);
}

/** The paths a kustomization names (resolved against its folder), whether it adds labels to selectors, its images. */
export function parseKustomization(text: string, folder: URI): Kustomization {
  const result: Kustomization = {
    patches: new Set(),
    patchTargets: new Map(),
    resources: new Set(),
    addsSelectorLabels: false,
    taggedImages: [],
  };
  let value: unknown;
  try {
    value = parse(text, { maxAliasCount: 100 });
  } catch {
    // A broken kustomization names nothing we can rely on: kubectl kustomize reports it.
    return result;
  }
  if (!isRecord(value)) return result;
  // `../manager/` names the same folder as `../manager`.
  const resolve = (path: unknown) =>
    typeof path === 'string' && !path.includes('\n') && !/^[a-z]+:\/\//.test(path)
      ? Utils.joinPath(folder, path).path.replace(/(.)\/+$/, '$1')
      : undefined;
  const add = (set: Set<string>, path: unknown) => {
    const resolved = resolve(path);
    if (resolved !== undefined) set.add(resolved);
  };
  for (const entry of list(value.patchesStrategicMerge)) add(result.patches, entry);
  // `patches:` entries are `{path, target}` maps, or (an old form) bare paths.
  for (const entry of [...list(value.patches), ...list(value.patchesJson6902)]) {
    add(result.patches, isRecord(entry) ? entry.path : entry);
    const resolved = isRecord(entry) ? resolve(entry.path) : undefined;
    if (resolved !== undefined && isRecord(entry) && isRecord(entry.target))
      result.patchTargets.set(resolved, targetOf(entry.target));
  }
  for (const entry of [...list(value.resources), ...list(value.bases)]) add(result.resources, entry);
  const commonLabels = isRecord(value.commonLabels) && Object.keys(value.commonLabels).length > 0;
  const labels = list(value.labels).some(
    (entry) => isRecord(entry) && entry.includeSelectors === true && isRecord(entry.pairs),
  );
  result.addsSelectorLabels = commonLabels || labels;
  // An entry with only newName keeps the tag written in the manifest (kustomize's api/filters/imagetag); `newTag:
  // latest` pins nothing.
  for (const entry of list(value.images)) {
    if (!isRecord(entry) || typeof entry.name !== 'string' || entry.name === '') continue;
    const tag = entry.newTag;
    const givesTag = (typeof tag === 'string' && tag !== '' && tag !== 'latest') || typeof tag === 'number';
    if (givesTag || (typeof entry.digest === 'string' && entry.digest !== '')) result.taggedImages.push(entry.name);
  }
  return result;
}

function targetOf(target: Record<string, unknown>): PatchTarget {
  const result: PatchTarget = {};
  for (const field of ['kind', 'name', 'group', 'version'] as const)
    if (typeof target[field] === 'string') result[field] = target[field];
  return result;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
