import { accessSync, constants, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve, sep } from 'node:path';
import type { KubernetesVersion } from '../../../common/src/contract';
import type { Finding } from '../service';
import { chartOf } from '../service/helm/chart';
import { kubernetesEngine } from '../service/engines';
import { childProcess } from '../childProcess';

/** How long one `helm template` may take before the CLI gives up on rendering that chart. */
const RENDER_TIMEOUT_MS = 60_000;

/**
 * The helm to render charts with: the one given (`--helm PATH`), else `helm` on PATH, else none (charts are then
 * checked from their templates alone). Looked up by hand: no shell.
 */
export function findHelm(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (explicit) return explicit;
  for (const folder of (env.PATH ?? '').split(delimiter)) {
    if (!folder || !isAbsolute(folder)) continue;
    const candidate = join(folder, 'helm');
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
 * Renders every chart the files belong to with the real helm and checks the rendered Deployments and HPAs; returns
 * the findings by file path, placed on the templates' lines (a chart helm cannot render: one finding, on the template
 * helm names, or on the chart's Chart.yaml). `helmOf` finds the helm to use (none: no findings); `textOf` gives a file's
 * text (the CLI has read the files it checks).
 */
export function checkChartsWithHelm(
  paths: readonly string[],
  helmOf: () => string | undefined,
  textOf: (path: string) => string | undefined,
  kubernetesVersion?: KubernetesVersion,
  /** The values files to render with (config `helm.valueFiles`), relative to each chart's folder as in VS Code. */
  valueFiles: readonly string[] = [],
): Map<string, Finding[]> {
  const roots = new Set<string>();
  for (const path of paths) {
    const chart = chartOf(toSlashes(path), (candidate) => existsSync(candidate));
    if (chart) roots.add(chart.root);
  }
  const result = new Map<string, Finding[]>();
  const add = (path: string, findings: Finding[]) => result.set(path, [...(result.get(path) ?? []), ...findings]);
  if (roots.size === 0) return new Map();
  // Looked for only now (a scan of PATH): a check with no chart among its files never does.
  const helm = helmOf();
  if (!helm) return new Map();
  // Loaded for charts only: the CLI's own bundle stays small (see kubernetesEngine.ts).
  const { checkRenderedChart, chartTestValueFiles, helmTemplateArgs, parseRenderError, renderFailedFinding } =
    kubernetesEngine();
  const render = (root: string, values: readonly string[]): { output: string } | { stderr: string } => {
    try {
      const output = childProcess().execFileSync(helm, helmTemplateArgs(root, values, kubernetesVersion), {
        encoding: 'utf8',
        timeout: RENDER_TIMEOUT_MS,
        maxBuffer: 64 * 1_048_576,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      return { output };
    } catch (error) {
      const failure = error as NodeJS.ErrnoException & { stderr?: string; signal?: string };
      return {
        stderr:
          failure.code === 'ENOENT'
            ? `${helm} was not found`
            : failure.signal
              ? `helm did not finish within ${RENDER_TIMEOUT_MS / 1000} s`
              : String(failure.stderr ?? failure.message),
      };
    }
  };
  for (const root of roots) {
    const fileOf = (source: string) => join(root, ...source.split('/'));
    const readSource = (source: string) => textOf(fileOf(source)) ?? readOrUndefined(fileOf(source));
    let rendered = render(
      root,
      valueFiles.map((file) => resolve(root, file)),
    );
    // What the findings say the chart was rendered with: its defaults, unless the user named value files (or its
    // ci/ values stand in below). A chart that leaves a value to its deployer fails there, and the finding says so.
    let renderedWith: string | undefined = valueFiles.length === 0 ? 'its default values' : undefined;
    const failure = 'stderr' in rendered ? parseRenderError(rendered.stderr) : undefined;
    // Defaults that leave out a value the chart requires: its own test values (ci/), when it has them.
    if (failure?.cause === 'required-value' && valueFiles.length === 0)
      for (const file of chartTestValueFiles(readdirOrEmpty(join(root, 'ci')))) {
        const retried = render(root, [fileOf(file)]);
        if ('output' in retried) {
          rendered = retried;
          renderedWith = file;
          break;
        }
      }
    if ('stderr' in rendered) {
      // The first render's failure: a retry that failed too leaves `rendered` as it was.
      const parsed = failure!;
      const path =
        parsed.source && existsSync(fileOf(parsed.source)) ? fileOf(parsed.source) : join(root, 'Chart.yaml');
      const where = parsed.source && path === fileOf(parsed.source) ? parsed : { ...parsed, line: 0, character: 0 };
      add(path, [renderFailedFinding(where, (textOf(path) ?? readOrUndefined(path) ?? '').split('\n')[where.line])]);
      continue;
    }
    for (const [source, findings] of checkRenderedChart(rendered.output, readSource, kubernetesVersion, renderedWith))
      add(fileOf(source), findings);
  }
  return result;
}

function readdirOrEmpty(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return []; // no ci/ folder
  }
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // a template helm named that is gone: its findings have nowhere to go
  }
}

function toSlashes(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}
