import type { ShipshapeLanguage } from './languageRouting';

/** The language of a file by its name, as VS Code would pick it; undefined for files Shipshape does not check. */
export function languageOfPath(path: string): ShipshapeLanguage | undefined {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  if (/\.ya?ml$/i.test(name)) return 'yaml';
  // `Dockerfile.prod`, `Dockerfile-alpine`, `web.dockerfile`; the prefix forms only as written (so `dockerfile.go`, a
  // Go source file, is not one).
  if (
    /^(Dockerfile|Containerfile)$/i.test(name) ||
    /\.(dockerfile|containerfile)$/i.test(name) ||
    /^(Dockerfile|Containerfile)[.-]/.test(name)
  ) {
    return 'dockerfile';
  }
  return undefined;
}
