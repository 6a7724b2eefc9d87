import { lstatSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { ShipshapeLanguage } from '../service';
import { languageOfPath } from '../service/languageOfPath';

const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.hg', '.svn', 'out', 'dist']);

export { languageOfPath };

export class UsageError extends Error {}

/** Expands the command line's files and folders into the files to check, in a stable order. */
export function collectFiles(inputs: readonly string[]): Array<{ path: string; language: ShipshapeLanguage }> {
  const result: Array<{ path: string; language: ShipshapeLanguage }> = [];
  const visit = (path: string, explicit: boolean) => {
    let stats;
    try {
      // Inside a folder, links are not followed (as git and ripgrep do): a link back up the tree would loop, and a
      // broken link or a socket is not a file anyone asked for. A path named on the command line is followed.
      stats = explicit ? statSync(path) : lstatSync(path);
    } catch (error) {
      if (!explicit) return;
      throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
        cause: error,
      });
    }
    if (stats.isDirectory()) {
      if (!explicit && SKIPPED_FOLDERS.has(basename(path))) return;
      let entries: string[];
      try {
        entries = readdirSync(path).sort();
      } catch (error) {
        if (!explicit) return;
        throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
          cause: error,
        });
      }
      for (const entry of entries) visit(join(path, entry), false);
      return;
    }
    if (!stats.isFile()) {
      if (explicit) throw new UsageError(`${path} is not a regular file`);
      return;
    }
    // kustomize's extension-less `Kustomization` is YAML too: the overlays that include a base are read from it.
    const language = basename(path) === 'Kustomization' ? 'yaml' : languageOfPath(path);
    if (language) result.push({ path, language });
    else if (explicit) throw new UsageError(`${path} is neither a YAML file nor a Dockerfile`);
  };
  for (const input of inputs) visit(resolve(input), true);
  return result;
}
