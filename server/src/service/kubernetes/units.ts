import { URI, Utils } from 'vscode-uri';
import { parse } from 'yaml';
import type { FileSystem } from '../types';
import type { PatchTarget } from '../kustomize/kustomization';
import { isChartValuesFile } from '../helm/valuesFiles';

/**
 * What belongs together: a file's unit is the nearest folder above it (its own included) that holds a
 * kustomization or a Helm chart. Cross-file rules look for an HPA's Deployment in the same file, then the same
 * folder, then the same unit, and only then the workspace; a file that a kustomization lists as a patch holds
 * partial objects, and one whose kustomization adds labels to selectors may leave them out.
 */
export interface UnitInfo {
  /** The unit's folder (a URI string): the nearest kustomization or chart folder, else the file's own folder. */
  key: string;
  /** The file is a patch (patches, patchesStrategicMerge, patchesJson6902) of a kustomization: partial objects. */
  patch: boolean;
  /** A kustomization lists the file as a resource and adds labels to selectors and templates (commonLabels, labels with includeSelectors). */
  labelsSupplied: boolean;
  /** For a patch: what its kustomization entry targets (a JSON 6902 patch is checked against that kind's schema). */
  patchTarget?: PatchTarget;
}

const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
const CHART_NAME = 'Chart.yaml';
/** How far up a kustomization that names a file is looked for: overlays keep their patches beside or just below them. */
const KUSTOMIZATION_DEPTH = 3;
/** How far up a unit root is looked for. */
const UNIT_DEPTH = 6;

interface Kustomization {
  patches: Set<string>;
  /** The `target` of each patch entry that has one, by resolved path. */
  patchTargets: Map<string, PatchTarget>;
  resources: Set<string>;
  addsSelectorLabels: boolean;
}

/**
 * Reads the kustomizations and charts around a file through the FileSystem port, on every call: the port caches
 * (the server's reads the disk in the background and answers from memory), and a cache here would keep a miss the
 * port answered before its read finished. Parsed kustomizations are kept by text.
 */
export class UnitReader {
  private readonly parsed = new Map<string, Kustomization>();

  constructor(private readonly fileSystem: FileSystem) {}

  /** Forgets what was parsed: a kustomization or chart file changed. */
  clear(): void {
    this.parsed.clear();
  }

  /** Whether a file's name makes it one of the files units are read from. */
  static isUnitFile(uri: string): boolean {
    const name = uri.slice(uri.lastIndexOf('/') + 1);
    return KUSTOMIZATION_NAMES.includes(name) || name === CHART_NAME;
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
      return { key: uri, patch: false, labelsSupplied: false };
    }
    const ownFolder = Utils.dirname(location);
    const info: UnitInfo = { key: ownFolder.toString(), patch: false, labelsSupplied: false };
    if (location.scheme !== 'file') return info;
    let rootFound = false;
    for (let folder = ownFolder, depth = 0; depth < UNIT_DEPTH; depth++) {
      const here = this.read(folder);
      if (depth < KUSTOMIZATION_DEPTH && here.kustomization) {
        if (here.kustomization.patches.has(location.path)) {
          info.patch = true;
          info.patchTarget ??= here.kustomization.patchTargets.get(location.path);
        }
        if (here.kustomization.resources.has(location.path) && here.kustomization.addsSelectorLabels)
          info.labelsSupplied = true;
      }
      if (!rootFound && (here.kustomization || here.chart)) {
        info.key = folder.toString();
        rootFound = true;
      }
      const parent = Utils.dirname(folder);
      if (parent.path === folder.path) break;
      folder = parent;
    }
    return info;
  }

  private read(folder: URI): { kustomization?: Kustomization; chart: boolean } {
    const entry: { kustomization?: Kustomization; chart: boolean } = {
      chart: this.fileSystem.readFile(Utils.joinPath(folder, CHART_NAME).fsPath) !== undefined,
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
}

/** The paths a kustomization names (resolved against its folder) and whether it adds labels to selectors. */
export function parseKustomization(text: string, folder: URI): Kustomization {
  const result: Kustomization = {
    patches: new Set(),
    patchTargets: new Map(),
    resources: new Set(),
    addsSelectorLabels: false,
  };
  let value: unknown;
  try {
    value = parse(text, { maxAliasCount: 100 });
  } catch {
    // A broken kustomization names nothing we can rely on: kubectl kustomize reports it.
    return result;
  }
  if (!isRecord(value)) return result;
  const resolve = (path: unknown) =>
    typeof path === 'string' && !path.includes('\n') && !/^[a-z]+:\/\//.test(path)
      ? Utils.joinPath(folder, path).path
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
