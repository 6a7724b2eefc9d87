import { posix } from 'node:path';

/** helm's own default (`values.yaml`) and the names charts give their other sets (`values-prod.yaml`, `values.dev.yml`). */
const VALUES_NAME = /^values[^/]*\.ya?ml$/i;

/**
 * Whether a file is one of a chart's values files: Helm values, which a template may pass to `tpl` (a block of
 * template text under a `kind:` switch), never a manifest nor a template. They are: `values*.yaml` beside a
 * `Chart.yaml`; the YAML files of a chart's `ci/` folder (chart-testing's sets, which the render retries with, see
 * `chartTestValueFiles`); and the files `helm.valueFiles` names, relative to a chart's folder as helm is given them,
 * or absolute. A name that climbs out of the chart (`../env/prod.yaml`) is matched by what follows the `..`: the chart
 * it is relative to cannot be told without listing folders. `isFile` is asked about `Chart.yaml` paths only; paths
 * are `/`-separated (a file URI's path).
 */
export function isChartValuesFile(
  filePath: string,
  isFile: (path: string) => boolean,
  valueFiles: readonly string[] = [],
): boolean {
  const parts = filePath.split('/');
  const name = parts[parts.length - 1];
  if (!/\.ya?ml$/i.test(name)) return false;
  const folderOf = (depth: number) => parts.slice(0, parts.length - depth).join('/') || '/';
  const isChart = (folder: string) => isFile(posix.join(folder, 'Chart.yaml'));
  if (VALUES_NAME.test(name) && isChart(folderOf(1))) return true;
  if (parts.length >= 3 && parts[parts.length - 2] === 'ci' && isChart(folderOf(2))) return true;
  for (const file of valueFiles) {
    const named = posix.normalize(file.replace(/\\/g, '/'));
    // A Windows path (`C:/charts/prod.yaml`) is `/c:/charts/prod.yaml` in a file URI.
    if (/^[A-Za-z]:\//.test(named)) {
      if (`/${named}`.toLowerCase() === filePath.toLowerCase()) return true;
      continue;
    }
    if (posix.isAbsolute(named)) {
      if (named === filePath) return true;
      continue;
    }
    const inside = named.replace(/^(?:\.\.\/)+/, '');
    if (inside === '' || inside.startsWith('..') || !filePath.endsWith(`/${inside}`)) continue;
    if (inside !== named) return true;
    if (isChart(filePath.slice(0, -inside.length - 1) || '/')) return true;
  }
  return false;
}
