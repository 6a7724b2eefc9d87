import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, sep } from 'node:path';
import type { KubernetesVersion } from '../../../common/src/contract';
import type { Finding } from '../service';
import { kubernetesEngine } from '../service/engines';
import { childProcess } from '../childProcess';
import { buildFailedFinding, kubectlKustomizeArgs, remoteResourceFinding } from '../service/kustomize/build';
import type { OverlayFiles, OverlayWalk } from '../service/kustomize/overlay';

/** How long one `kubectl kustomize` may take before the CLI gives up on building that overlay. */
const BUILD_TIMEOUT_MS = 60_000;
const MAX_READ_BYTES = 4 * 1_048_576;

/** The kubectl to build overlays with: the one given (`--kubectl PATH`), else `kubectl` on PATH, else none. No shell. */
export function findKubectl(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (explicit) return explicit;
  for (const folder of (env.PATH ?? '').split(delimiter)) {
    if (!folder || !isAbsolute(folder)) continue;
    const candidate = join(folder, process.platform === 'win32' ? 'kubectl.exe' : 'kubectl');
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // Not here: try the next folder of PATH.
    }
  }
  return undefined;
}

/**
 * Builds every overlay the files belong to (a base that another of them includes, as part of that one) with the real
 * kubectl and checks the built objects; returns
 * the findings by file path, placed on the base or patch lines that set the fields (an overlay kubectl cannot build:
 * one finding on its kustomization), each said once per line and code. `kubectlOf` finds the kubectl to use (none: no
 * findings); `textOf` gives a file's text (the CLI has read the files it checks). Overlays that fetch remote bases are
 * not built (no network): a kustomize/remote-resource note says so on the entry that would fetch.
 */
export function checkOverlaysWithKubectl(
  paths: readonly string[],
  kubectlOf: () => string | undefined,
  textOf: (path: string) => string | undefined,
  kubernetesVersion?: KubernetesVersion,
): Map<string, Finding[]> {
  if (paths.length === 0) return new Map();
  // With the analysis, not in the CLI's own bundle (kubernetesEngine.ts): a YAML file loads it anyway.
  const { checkBuiltOverlay, mergeRenderedFindings, overlayRootOf, walkOverlay } = kubernetesEngine();
  const files: OverlayFiles = {
    read: (path) => textOf(fromSlashes(path)) ?? readRegularFile(fromSlashes(path)),
    isFolder: (path) => existsSync(fromSlashes(path)) && statSync(fromSlashes(path)).isDirectory(),
  };
  const roots = new Set<string>();
  for (const path of paths) {
    const root = overlayRootOf(toSlashes(path), files);
    if (root) roots.add(root);
  }
  // Looked for only now (a scan of PATH): a check with no overlay among its files never does.
  const kubectl = roots.size > 0 ? kubectlOf() : undefined;
  if (!kubectl) return new Map();
  const result = new Map<string, Finding[]>();
  const add = (path: string, findings: Finding[]) => {
    const key = fromSlashes(path);
    // Two overlays of one base find the same mistake on the same base line: said once.
    result.set(key, mergeRenderedFindings(result.get(key) ?? [], findings));
  };
  const walks = new Map<string, OverlayWalk>();
  for (const root of roots) {
    const walk = walkOverlay(root, files);
    if (walk?.remote) {
      // Not built (no network): said on the entry that would fetch, once.
      const { file, line, value } = walk.remote;
      add(file, [remoteResourceFinding(line, (files.read(file) ?? '').split('\n')[line] ?? '', value)]);
    } else if (walk) walks.set(root, walk);
  }
  for (const [root, walk] of walks) {
    if (builtWithin(root, walks)) continue;
    let output: string;
    try {
      output = childProcess().execFileSync(kubectl, kubectlKustomizeArgs(fromSlashes(root)), {
        encoding: 'utf8',
        timeout: BUILD_TIMEOUT_MS,
        maxBuffer: 64 * 1_048_576,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (error) {
      const failure = error as NodeJS.ErrnoException & { stderr?: string; signal?: string };
      const stderr =
        failure.code === 'ENOENT'
          ? `${kubectl} was not found`
          : failure.signal
            ? `kubectl kustomize did not finish within ${BUILD_TIMEOUT_MS / 1000} s`
            : String(failure.stderr ?? failure.message);
      add(walk.kustomizationFile, [buildFailedFinding(stderr, files.read(walk.kustomizationFile) ?? '', walk.entries)]);
      continue;
    }
    for (const [path, findings] of checkBuiltOverlay(
      output,
      walk.sources,
      files.read,
      walk.kustomizationFile,
      kubernetesVersion,
    ))
      add(path, findings);
  }
  return result;
}

/**
 * Whether another overlay that is built includes this kustomization (`resources: [../manager]`): then it is a base,
 * built as part of that overlay, with the labels, images and patches the overlay adds. Built on its own it would lack
 * them (a Deployment whose selector comes from the overlay's commonLabels has none), and findings about what the base
 * alone lacks are not the user's. One included only by overlays that need the network (never built) is built on its
 * own: skipping it would skip every app under a top-level overlay with one remote resource. Two kustomizations that
 * include each other (kubectl reports the cycle) are both built.
 */
function builtWithin(root: string, walks: ReadonlyMap<string, OverlayWalk>): boolean {
  // `resources: [../../components/controller/]` names the folder with a slash at the end.
  const includes = (walk: OverlayWalk | undefined, folder: string) =>
    walk?.folders.some((included) => included.replace(/(.)\/+$/, '$1') === folder) ?? false;
  for (const [other, walk] of walks) {
    if (other === root || !includes(walk, root)) continue;
    if (!includes(walks.get(root), other)) return true;
  }
  return false;
}

function readRegularFile(path: string): string | undefined {
  try {
    const stats = statSync(path);
    return stats.isFile() && stats.size <= MAX_READ_BYTES ? readFileSync(path, 'utf8') : undefined;
  } catch {
    return undefined; // not there: kubectl says so
  }
}

function toSlashes(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

function fromSlashes(path: string): string {
  return sep === '/' ? path : path.split('/').join(sep);
}
