import { posix } from 'node:path';

/** A Helm chart a file belongs to: its folder, and the file's path inside it as `# Source:` lines name it. */
export interface ChartLocation {
  /** The chart's folder (the top chart when the file is in a subchart under `charts/`: that is what gets rendered). */
  root: string;
  /** The file's path inside the chart, `/`-separated: `templates/deployment.yaml`, `charts/db/templates/x.yaml`. */
  source: string;
}

/**
 * The chart a file is a template of: a folder with a `Chart.yaml` that has the file under its `templates/` (or a
 * subchart's). `isFile` is asked about `Chart.yaml` paths only: the caller decides how to look (disk, test map).
 * Paths are `/`-separated (a file URI's path).
 */
export function chartOf(filePath: string, isFile: (path: string) => boolean): ChartLocation | undefined {
  const parts = filePath.split('/');
  let found: ChartLocation | undefined;
  for (let index = parts.length - 2; index >= 0; index--) {
    if (parts[index] !== 'templates') continue;
    const root = parts.slice(0, index).join('/') || '/';
    if (!isFile(posix.join(root, 'Chart.yaml'))) continue;
    found = { root, source: parts.slice(index).join('/') };
    // A subchart (`parent/charts/NAME/templates/...`) is rendered as part of its parent, when there is one.
    let outer = index;
    while (
      outer >= 3 &&
      parts[outer - 2] === 'charts' &&
      isFile(posix.join(parts.slice(0, outer - 2).join('/') || '/', 'Chart.yaml'))
    ) {
      found = { root: parts.slice(0, outer - 2).join('/') || '/', source: parts.slice(outer - 2).join('/') };
      outer -= 2;
    }
    break;
  }
  return found;
}
