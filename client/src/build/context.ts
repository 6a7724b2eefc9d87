import * as path from 'node:path';

/**
 * The build context for a Dockerfile: the nearest folder, from the Dockerfile's own up to the workspace folder,
 * that holds a `.dockerignore` (the marker people put at the root of what they build); else the workspace folder.
 * Outside any workspace folder, the Dockerfile's folder.
 */
export function inferBuildContext(
  dockerfile: string,
  workspaceFolder: string | undefined,
  fileExists: (file: string) => boolean,
): string {
  const start = path.dirname(dockerfile);
  const stop =
    workspaceFolder !== undefined && isInside(start, workspaceFolder) ? path.resolve(workspaceFolder) : undefined;
  let dir = start;
  for (;;) {
    if (fileExists(path.join(dir, '.dockerignore'))) return dir;
    if (stop === undefined || path.resolve(dir) === stop) break;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return stop ?? start;
}

function isInside(child: string, parent: string): boolean {
  const relative = path.relative(path.resolve(parent), path.resolve(child));
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
