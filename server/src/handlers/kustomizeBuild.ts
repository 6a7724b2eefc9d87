import { readFileSync, statSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Connection, TextDocuments } from 'vscode-languageserver';
import { resolveKubernetesVersion } from '../../../common/src/contract';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { toDiagnostic, type Finding, type ShipshapeLanguageService } from '../service';
import {
  buildFailedFinding,
  kubectlKustomizeArgs,
  outsideWorkspaceFinding,
  remoteResourceFinding,
} from '../service/kustomize/build';
import { kubernetesEngine } from '../service/engines';
import type { OverlayFiles, OverlayWalk } from '../service/kustomize/overlay';
import { BackgroundRuns, runTool } from './externalToolRunner';
import type { ValidationScheduler } from './validation';

/** A build starts after this pause in typing: at most one per pause, and a newer one cancels the one running. */
const BUILD_PAUSE_MS = 600;
/** How long one `kubectl kustomize` may run before it is killed. */
const BUILD_TIMEOUT_MS = 20_000;
/** Overlays bigger than this are not copied for a build (the copy lets unsaved editor text be built). */
const MAX_FILES = 2_000;
const MAX_BYTES = 32 * 1_048_576;
/** A kustomization or manifest bigger than this is not read by the walk (a generated monster, a device). */
const MAX_READ_BYTES = 4 * 1_048_576;
const SKIPPED = new Set(['.git', 'node_modules']);
/** How many overlays above a base are climbed to find the ones it is built in (as units.ts follows includers). */
const INCLUDER_DEPTH = 4;
const KUSTOMIZATION_FILE = /\/(kustomization\.ya?ml|Kustomization)$/;

export interface KustomizeBuildOptions {
  /** The kubectl to run ('' never); read at each build, so a settings change applies to the next one. */
  kubectlPath(): string;
  /** Whether the workspace is trusted: kubectl is never run for an untrusted one. */
  trusted(): boolean;
  /** The workspace folders (file system paths): an overlay that reads a folder outside them is not built. */
  workspaceFolders(): string[];
  /** The target Kubernetes version (setting shipshape.kubernetes.version): the newest bundled when not given. */
  kubernetesVersion?(): string | undefined;
}

interface OverlayState {
  /** The URIs the last build put findings on: cleared when the next build has none for them. */
  published: Set<string>;
  /** The files the last build read (kustomizations, resources, patches): a change to one rebuilds the overlay. */
  files: Set<string>;
}

/**
 * Builds the Kustomize overlays of open files in the background with the real kubectl and hands the built objects'
 * findings, placed on the base or patch lines that set the fields, to the language service. Off the typing path: a
 * change only (re)starts a timer; the build copies the overlay's folders with the editors' unsaved text (so what is
 * checked is what is on screen, as for Helm charts) and runs `kubectl kustomize` by execFile with an argv array,
 * time-boxed, cancelled when a newer change supersedes it.
 */
export class KustomizeBuilder {
  private readonly overlays = new Map<string, OverlayState>();
  /** File → the overlay it belongs to (or null): asked on every change, answered from here after the first time. */
  private readonly overlayOfFile = new Map<string, string | null>();
  /** Overlay folder → whether it can be built (no remote resource): asked when a base climbs to its overlays. */
  private readonly buildableFolders = new Map<string, boolean>();
  private kubectlMissingLogged = false;
  private readonly runs: BackgroundRuns;
  builds = 0;

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly service: ShipshapeLanguageService,
    private readonly validation: ValidationScheduler,
    private readonly options: KustomizeBuildOptions,
  ) {
    this.runs = new BackgroundRuns({
      pauseMs: BUILD_PAUSE_MS,
      trusted: () => options.trusted(),
      untrustedNote:
        'Kustomize overlays are not built: the workspace is not trusted (patches and bases are still checked file by file)',
      log: (message) => connection.console.info(message),
    });
  }

  /** A document opened, changed or saved: the overlays it belongs to are built after the next pause. */
  onChanged(uri: string): void {
    if (!uri.startsWith('file:') || !/(\.ya?ml|\/Kustomization)$/i.test(uri) || this.options.kubectlPath() === '')
      return;
    const path = toSlashes(fileURLToPath(uri));
    // A kustomization that changes may list other files: which overlay a file belongs to is looked up afresh.
    if (KUSTOMIZATION_FILE.test(path)) {
      this.overlayOfFile.clear();
      this.buildableFolders.clear();
    }
    const candidates = new Set<string>();
    for (const [root, state] of this.overlays) if (state.files.has(path)) candidates.add(root);
    let nearest = this.overlayOfFile.get(path);
    if (nearest === undefined) {
      if (this.overlayOfFile.size > 10_000) this.overlayOfFile.clear();
      // The overlay code is the Kubernetes engine's (a YAML file has loaded it): the server's bundle stays small.
      nearest = kubernetesEngine().overlayRootOf(path, this.files()) ?? null;
      this.overlayOfFile.set(path, nearest);
    }
    if (nearest) candidates.add(nearest);
    const roots = new Set<string>();
    for (const candidate of candidates) for (const root of this.overlaysBuilding(candidate)) roots.add(root);
    // A base built on its own before its overlays were known (the index was still reading the workspace): its
    // findings go, its overlays' builds say what is left.
    for (const candidate of candidates) if (!roots.has(candidate)) this.retire(candidate);
    if (roots.size === 0) return;
    if (!this.runs.allowed()) return;
    for (const root of roots) {
      const state = this.overlays.get(root) ?? { published: new Set<string>(), files: new Set<string>() };
      this.overlays.set(root, state);
      this.runs.schedule(root, (signal) => this.build(root, state, signal));
    }
  }

  /**
   * The overlays a kustomization folder is built as part of: the outermost ones above it that the workspace holds and
   * that can be built (no remote resource), else the folder itself. Built on its own, a base lacks what its overlays
   * add (kubebuilder's manager/ gets its selector from default/'s commonLabels), and the build would report that on
   * the base; the CLI builds bases the same way (cli/kustomize.ts).
   */
  private overlaysBuilding(root: string): string[] {
    const result = new Set<string>();
    const visited = new Set<string>([root]);
    const climb = (folder: string, depth: number) => {
      const above =
        depth < INCLUDER_DEPTH
          ? this.service
              .kustomizationsIncluding(pathToFileURL(folder).href)
              .map((uri) => toSlashes(fileURLToPath(uri)))
              .filter((includer) => !visited.has(includer) && this.buildable(includer))
          : [];
      if (above.length === 0) result.add(folder);
      for (const includer of above) {
        visited.add(includer);
        climb(includer, depth + 1);
      }
    };
    climb(root, 0);
    return [...result];
  }

  /** Stops building an overlay and takes back what its builds published. */
  private retire(root: string): void {
    const state = this.overlays.get(root);
    if (!state) return;
    this.runs.cancel(root);
    this.overlays.delete(root);
    this.publish(root, state, new Map());
  }

  /** Whether an overlay can be built in the background (it reads nothing over the network), remembered per folder. */
  private buildable(folder: string): boolean {
    let known = this.buildableFolders.get(folder);
    if (known === undefined) {
      const walk = kubernetesEngine().walkOverlay(folder, this.files());
      known = walk !== undefined && !walk.remote;
      this.buildableFolders.set(folder, known);
    }
    return known;
  }

  /** Stops every pending and running build (shutdown). */
  dispose(): void {
    this.runs.dispose();
  }

  /** The overlay's files as the build sees them: the editors' text when open, else the disk's (regular files only). */
  private files(): OverlayFiles {
    const open = new Map<string, string>();
    for (const document of this.documents.all())
      if (document.uri.startsWith('file:')) open.set(toSlashes(fileURLToPath(document.uri)), document.getText());
    return {
      read: (path) => open.get(path) ?? readRegularFileSync(path),
      isFolder: (path) => {
        try {
          return statSync(path).isDirectory();
        } catch {
          return false; // not there: kubectl says so
        }
      },
    };
  }

  private async build(root: string, state: OverlayState, signal: AbortSignal): Promise<void> {
    const started = Date.now();
    let copy: string | undefined;
    try {
      if (!this.options.trusted()) return;
      const files = this.files();
      const walk = kubernetesEngine().walkOverlay(root, files);
      if (!walk) return this.publish(root, state, new Map());
      state.files = new Set([
        ...walk.folders.flatMap((folder) =>
          ['kustomization.yaml', 'kustomization.yml', 'Kustomization'].map((name) => `${folder}/${name}`),
        ),
        ...walk.sources.map((source) => source.path),
      ]);
      if (walk.remote) {
        const { file, line, value } = walk.remote;
        const text = files.read(file) ?? '';
        return this.publish(
          root,
          state,
          new Map([[file, [remoteResourceFinding(line, text.split('\n')[line] ?? '', value)]]]),
        );
      }
      const outside = this.outsideWorkspace(walk);
      if (outside) {
        const text = files.read(outside.file) ?? '';
        return this.publish(
          root,
          state,
          new Map([
            [
              outside.file,
              [outsideWorkspaceFinding(outside.line, text.split('\n')[outside.line] ?? '', outside.value)],
            ],
          ]),
        );
      }
      const base = commonFolder(walk.folders);
      copy = await copyOverlay(base, walk.folders, this.documents);
      if (signal.aborted) return;
      const result = await runTool(
        this.options.kubectlPath(),
        kubectlKustomizeArgs(join(copy, relative(base, root))),
        signal,
        BUILD_TIMEOUT_MS,
        'kubectl kustomize',
      );
      if (signal.aborted) return;
      this.builds++;
      let byPath: Map<string, Finding[]>;
      if (result.ok) {
        byPath = kubernetesEngine().checkBuiltOverlay(
          result.stdout,
          walk.sources,
          files.read,
          walk.kustomizationFile,
          resolveKubernetesVersion(this.options.kubernetesVersion?.()).version,
        );
      } else {
        const copyRoot = copy;
        const rewrite = (message: string) => message.split(copyRoot).join(base);
        const text = files.read(walk.kustomizationFile) ?? '';
        byPath = new Map([[walk.kustomizationFile, [buildFailedFinding(result.stderr, text, walk.entries, rewrite)]]]);
      }
      this.connection.console.info(
        `kubectl kustomize ${root}: ${result.ok ? 'built' : 'failed'} in ${Date.now() - started} ms, findings on ${byPath.size} file${byPath.size === 1 ? '' : 's'}`,
      );
      this.publish(root, state, byPath);
    } catch (error) {
      const failure = error as NodeJS.ErrnoException;
      if (failure.code === 'ENOENT' && failure.path === this.options.kubectlPath()) {
        if (!this.kubectlMissingLogged)
          this.connection.console.info(
            `kubectl was not found (${this.options.kubectlPath()}): overlays are checked file by file only`,
          );
        this.kubectlMissingLogged = true;
      } else if (!signal.aborted) {
        this.connection.console.warn(`kubectl kustomize ${root} could not run: ${failure.message ?? String(error)}`);
      }
    } finally {
      if (copy) await rm(dirname(copy), { recursive: true, force: true }).catch(() => undefined);
    }
  }

  /** The first folder of the overlay outside every workspace folder (none when the client named no folder). */
  private outsideWorkspace(walk: OverlayWalk): { file: string; line: number; value: string } | undefined {
    const folders = this.options.workspaceFolders().map(toSlashes);
    if (folders.length === 0) return undefined;
    for (const folder of walk.folders) {
      if (folders.some((workspace) => folder === workspace || isInside(workspace, folder))) continue;
      return walk.includedBy.get(folder) ?? { file: walk.kustomizationFile, line: 0, value: folder };
    }
    return undefined;
  }

  private publish(root: string, state: OverlayState, byPath: Map<string, Finding[]>): void {
    const byUri = new Map([...byPath].map(([path, findings]) => [pathToFileURL(path).href, findings]));
    const touched = new Set([...state.published, ...byUri.keys()]);
    state.published = new Set(byUri.keys());
    for (const uri of touched) {
      this.service.setRenderedFindings(uri, byUri.get(uri), `kustomize:${root}`);
      if (this.documents.get(uri)) this.validation.request(uri);
      // A file that is not open (the kustomization of an overlay that fails) gets its diagnostics directly.
      else
        void this.connection.sendDiagnostics({
          uri,
          diagnostics: this.service.renderedFindings(uri).map(toDiagnostic),
        });
    }
  }
}

/**
 * Copies the overlay's folders (each kustomization folder, as laid out under their common folder) to a temporary
 * folder and writes the editors' unsaved text over their files. Returns the copy of the common folder.
 */
async function copyOverlay(
  base: string,
  folders: readonly string[],
  documents: TextDocuments<TextDocument>,
): Promise<string> {
  const budget = { files: 0, bytes: 0 };
  for (const folder of folders) await measure(folder, budget);
  const copy = join(await mkdtemp(join(tmpdir(), 'shipshape-kustomize-')), 'overlay');
  for (const folder of folders) {
    const target = join(copy, relative(base, folder));
    await mkdir(target, { recursive: true });
    await cp(folder, target, {
      recursive: true,
      filter: (source) => !SKIPPED.has(source.slice(source.lastIndexOf(sep) + 1)),
    });
  }
  for (const document of documents.all()) {
    if (!document.uri.startsWith('file:')) continue;
    const path = fileURLToPath(document.uri);
    if (folders.some((folder) => isInside(folder, toSlashes(path))))
      await writeFile(join(copy, relative(base, path)), document.getText());
  }
  return copy;
}

async function measure(folder: string, budget: { files: number; bytes: number }): Promise<void> {
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name)) continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) await measure(path, budget);
    else if (entry.isFile()) {
      budget.files++;
      budget.bytes += (await stat(path)).size;
    }
    if (budget.files > MAX_FILES || budget.bytes > MAX_BYTES)
      throw new Error(
        `the overlay is too large to build in the background (over ${MAX_FILES} files or ${MAX_BYTES / 1_048_576} MB)`,
      );
  }
}

/** A regular file's text (never a FIFO or a device, never a huge one), or undefined. */
function readRegularFileSync(path: string): string | undefined {
  try {
    const stats = statSync(path);
    return stats.isFile() && stats.size <= MAX_READ_BYTES ? readFileSync(path, 'utf8') : undefined;
  } catch {
    return undefined; // not there: the walk stops, kubectl says why
  }
}

function commonFolder(folders: readonly string[]): string {
  let common = folders[0];
  for (const folder of folders)
    while (common !== '/' && !(folder === common || folder.startsWith(`${common}/`))) common = dirname(common);
  return common;
}

function isInside(root: string, path: string): boolean {
  return path.startsWith(root.endsWith('/') ? root : `${root}/`);
}

function toSlashes(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}
