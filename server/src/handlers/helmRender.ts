import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Connection, TextDocuments } from 'vscode-languageserver';
import { resolveKubernetesVersion } from '../../../common/src/contract';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { toDiagnostic, type Finding, type ShipshapeLanguageService } from '../service';
import { chartOf } from '../service/helm/chart';
import { kubernetesEngine } from '../service/engines';
import { BackgroundRuns, runTool } from './externalToolRunner';
import type { ValidationScheduler } from './validation';

/** A render starts after this pause in typing: at most one per pause, and a newer one cancels the one running. */
const RENDER_PAUSE_MS = 600;
/** How long one `helm template` may run before it is killed (a chart that loops, a helm that hangs). */
const RENDER_TIMEOUT_MS = 20_000;
/** Charts bigger than this are not copied for a render (the copy lets unsaved editor text be rendered). */
const MAX_CHART_FILES = 2_000;
const MAX_CHART_BYTES = 32 * 1_048_576;
const SKIPPED = new Set(['.git', 'node_modules']);

export interface HelmRenderOptions {
  /** The helm to run ('' never); read at each render, so a settings change applies to the next one. */
  helmPath(): string;
  valueFiles(): string[];
  /** Whether the workspace is trusted: helm is never run for an untrusted one. */
  trusted(): boolean;
  /** The target Kubernetes version (setting shipshape.kubernetes.version): the newest bundled when not given. */
  kubernetesVersion?(): string | undefined;
}

interface ChartState {
  /** The URIs the last render put findings on: cleared when the next render has none for them. */
  published: Set<string>;
}

/**
 * Renders the Helm charts of open templates in the background with the real helm and hands the rendered findings,
 * placed on the templates' lines, to the language service. Off the typing path: a change only (re)starts a timer;
 * the render (a copy of the chart with the editors' unsaved text, then `helm template` by execFile with an argv
 * array) runs after a pause, is time-boxed, and is cancelled when a newer change supersedes it.
 */
export class HelmRenderer {
  private readonly charts = new Map<string, ChartState>();
  /** Folder → its chart (or null): asked on every change, answered from here after the first time. */
  private readonly chartOfFolder = new Map<string, ReturnType<typeof chartOf> | null>();
  private helmMissingLogged = false;
  private readonly runs: BackgroundRuns;
  renders = 0;

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly service: ShipshapeLanguageService,
    private readonly validation: ValidationScheduler,
    private readonly options: HelmRenderOptions,
  ) {
    this.runs = new BackgroundRuns({
      pauseMs: RENDER_PAUSE_MS,
      trusted: () => options.trusted(),
      untrustedNote:
        'Helm charts are not rendered: the workspace is not trusted (templates are still checked as templates)',
      log: (message) => connection.console.info(message),
    });
  }

  /** A document opened, changed or saved: if it belongs to a chart, that chart is rendered after the next pause. */
  onChanged(uri: string): void {
    if (!uri.startsWith('file:') || !/\.(ya?ml|tpl)$/i.test(uri) || this.options.helmPath() === '') return;
    // A Chart.yaml that appears or goes changes which folders are charts.
    if (/\/Chart\.yaml$/.test(uri)) this.chartOfFolder.clear();
    const root = this.chartRootOf(fileURLToPath(uri));
    if (!root) return;
    if (!this.runs.allowed()) return;
    const state = this.charts.get(root) ?? { published: new Set<string>() };
    this.charts.set(root, state);
    this.runs.schedule(root, (signal) => this.render(root, state, signal));
  }

  /** Stops every pending and running render (shutdown). */
  dispose(): void {
    this.runs.dispose();
  }

  private chartRootOf(path: string): string | undefined {
    const folder = dirname(path);
    let cached = this.chartOfFolder.get(folder);
    if (cached === undefined) {
      // values.yaml, Chart.yaml and the value files sit in the chart's own folder; templates below templates/.
      const own = existsSync(join(folder, 'Chart.yaml')) ? { root: folder, source: '' } : undefined;
      cached = own ?? chartOf(toSlashes(path), (candidate) => existsSync(candidate)) ?? null;
      this.chartOfFolder.set(folder, cached);
    }
    return cached?.root;
  }

  private async render(root: string, state: ChartState, signal: AbortSignal): Promise<void> {
    const started = Date.now();
    let copy: string | undefined;
    try {
      // The editors' text of the chart's open files, as it is now: what is rendered, and what findings are placed on.
      const open = new Map<string, string>();
      for (const document of this.documents.all()) {
        if (!document.uri.startsWith('file:')) continue;
        const path = fileURLToPath(document.uri);
        if (isInside(root, path)) open.set(toSlashes(relative(root, path)), document.getText());
      }
      // No open file of the chart any more (closed since the change): nothing to show a rendering on.
      if (open.size === 0) return this.publish(state, new Map());
      copy = await copyChart(root, open);
      if (signal.aborted) return;
      // The render code is the Kubernetes engine's (a chart's YAML has loaded it): the server's bundle stays small.
      const {
        checkRenderedChart,
        chartTestValueFiles,
        helmTemplateArgs,
        parseRenderError,
        renderFailedFinding,
        splitRenderedChart,
      } = kubernetesEngine();
      // Value files inside the chart are read from the copy (with the editors' text), others where they are.
      const chartCopy = copy;
      const valueFiles = this.options.valueFiles().map((file) => {
        const path = resolve(root, file);
        return isInside(root, path) ? join(chartCopy, relative(root, path)) : path;
      });
      const kubernetesVersion = resolveKubernetesVersion(this.options.kubernetesVersion?.()).version;
      const render = (values: string[]) =>
        runTool(
          this.options.helmPath(),
          helmTemplateArgs(chartCopy, values, kubernetesVersion),
          signal,
          RENDER_TIMEOUT_MS,
          'helm',
        );
      let result = await render(valueFiles);
      // What the findings say the chart was rendered with: its defaults, unless the user named value files (or its
      // ci/ values stand in below). A chart that leaves a value to its deployer fails there, and the finding says so.
      let renderedWith: string | undefined = valueFiles.length === 0 ? 'its default values' : undefined;
      const failure = result.ok ? undefined : parseRenderError(result.stderr);
      // Defaults that leave out a value the chart requires: its own test values (ci/), when it has them.
      if (failure?.cause === 'required-value' && valueFiles.length === 0) {
        const names = await readdir(join(copy, 'ci')).catch(() => [] as string[]);
        for (const file of chartTestValueFiles(names)) {
          if (signal.aborted) return;
          const retried = await render([join(copy, ...file.split('/'))]);
          if (retried.ok) {
            result = retried;
            renderedWith = file;
            break;
          }
        }
      }
      if (signal.aborted) return;
      this.renders++;
      const byUri = new Map<string, Finding[]>();
      const uriOf = (source: string) => pathToFileURL(join(root, ...source.split('/'))).href;
      if (result.ok) {
        // The templates as they were rendered: the editors' text, else the copy's.
        const texts = new Map<string, string | undefined>(open);
        for (const { source } of splitRenderedChart(result.stdout)) {
          if (!texts.has(source)) texts.set(source, await readRegularFile(join(copy, ...source.split('/'))));
        }
        const placed = checkRenderedChart(
          result.stdout,
          (source) => texts.get(source),
          kubernetesVersion,
          renderedWith,
        );
        for (const [source, findings] of placed) byUri.set(uriOf(source), findings);
      } else {
        // The first render's failure: a retry that failed too leaves `result` as it was.
        const error = failure!;
        const named = error.source !== undefined && existsSync(join(root, ...error.source.split('/')));
        const source = named ? error.source! : 'Chart.yaml';
        const where = named ? error : { ...error, line: 0, character: 0 };
        const text = open.get(source) ?? (await readRegularFile(join(copy, ...source.split('/')))) ?? '';
        byUri.set(uriOf(source), [renderFailedFinding(where, text.split('\n')[where.line])]);
      }
      this.connection.console.info(
        `helm template ${root}: ${result.ok ? 'rendered' : 'failed'} in ${Date.now() - started} ms, findings on ${byUri.size} file${byUri.size === 1 ? '' : 's'}`,
      );
      this.publish(state, byUri);
    } catch (error) {
      const failure = error as NodeJS.ErrnoException;
      if (failure.code === 'ENOENT') {
        // No helm: nothing is required, the templates are still checked as templates. Say it once.
        if (!this.helmMissingLogged)
          this.connection.console.info(
            `helm was not found (${this.options.helmPath()}): charts are checked from their templates only`,
          );
        this.helmMissingLogged = true;
      } else if (!signal.aborted) {
        this.connection.console.warn(`helm template ${root} could not run: ${failure.message ?? String(error)}`);
      }
    } finally {
      if (copy) await rm(copy, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  private publish(state: ChartState, byUri: Map<string, Finding[]>): void {
    const touched = new Set([...state.published, ...byUri.keys()]);
    state.published = new Set(byUri.keys());
    for (const uri of touched) {
      this.service.setRenderedFindings(uri, byUri.get(uri));
      if (this.documents.get(uri)) this.validation.request(uri);
      // A file that is not open (Chart.yaml of a chart with a missing dependency) gets its diagnostics directly.
      else
        void this.connection.sendDiagnostics({
          uri,
          diagnostics: this.service.renderedFindings(uri).map(toDiagnostic),
        });
    }
  }
}

/** Copies a chart to a temporary folder and writes the editors' unsaved text over its files. */
async function copyChart(root: string, open: ReadonlyMap<string, string>): Promise<string> {
  await checkChartSize(root);
  const folder = await mkdtemp(join(tmpdir(), 'shipshape-helm-'));
  const copy = join(folder, 'chart');
  await cp(root, copy, {
    recursive: true,
    filter: (source) => !SKIPPED.has(source.slice(source.lastIndexOf(sep) + 1)),
  });
  for (const [path, text] of open) await writeFile(join(copy, ...path.split('/')), text);
  return copy;
}

async function checkChartSize(root: string): Promise<void> {
  let files = 0;
  let bytes = 0;
  const visit = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      if (SKIPPED.has(entry.name)) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await visit(path);
      else if (entry.isFile()) {
        files++;
        bytes += (await stat(path)).size;
      }
      if (files > MAX_CHART_FILES || bytes > MAX_CHART_BYTES)
        throw new Error(
          `the chart is too large to render in the background (over ${MAX_CHART_FILES} files or ${MAX_CHART_BYTES / 1_048_576} MB)`,
        );
    }
  };
  await visit(root);
}

/** A regular file's text (never a FIFO or a device), or undefined. */
async function readRegularFile(path: string): Promise<string | undefined> {
  try {
    const stats = await stat(path);
    return stats.isFile() && stats.size <= MAX_CHART_BYTES ? await readFile(path, 'utf8') : undefined;
  } catch {
    return undefined; // not in the chart: its findings have nowhere to go
  }
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep) && !/^[a-zA-Z]:/.test(rel);
}

function toSlashes(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}
