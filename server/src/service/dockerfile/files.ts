import { URI, Utils } from 'vscode-uri';
import type { FileSystem } from '../types';
import { DockerIgnore } from './config/dockerignore';
import { CONFIG_NAMES, EMPTY_CONFIG, parseHadolintConfig, type HadolintConfig } from './config/hadolintConfig';

/** The files beside a Dockerfile that change how it is checked. */
export interface NearbyFiles {
  config: HadolintConfig;
  /** Where the config came from, if anywhere. */
  configPath: string | undefined;
  dockerignore: DockerIgnore | undefined;
}

const NONE: NearbyFiles = { config: EMPTY_CONFIG, configPath: undefined, dockerignore: undefined };

/**
 * Finds `.hadolint.yaml`/`.hadolint.yml` in the Dockerfile's folder or the nearest folder above it (as hadolint
 * finds its config from the project), and the `.dockerignore` of the build context, taken to be the Dockerfile's
 * folder (`<name>.dockerignore` beside the Dockerfile first, as BuildKit does). Parsed texts are cached by content.
 */
export class NearbyFileReader {
  private readonly configs = new Map<string, HadolintConfig>();
  private readonly ignores = new Map<string, DockerIgnore>();

  constructor(private readonly fileSystem: FileSystem) {}

  read(uri: string): NearbyFiles {
    let location: URI;
    try {
      location = URI.parse(uri);
    } catch {
      // Not a URI we can place on disk (an untitled buffer): no nearby files.
      return NONE;
    }
    if (location.scheme !== 'file') return NONE;
    const folder = Utils.dirname(location);
    let config: HadolintConfig = EMPTY_CONFIG;
    let configPath: string | undefined;
    search: for (let current = folder, depth = 0; depth < 32; depth++) {
      for (const name of CONFIG_NAMES) {
        const path = Utils.joinPath(current, name).fsPath;
        const text = this.fileSystem.readFile(path);
        if (text === undefined) continue;
        config = this.cached(this.configs, text, () => parseHadolintConfig(text));
        configPath = path;
        break search;
      }
      const parent = Utils.dirname(current);
      if (parent.path === current.path) break;
      current = parent;
    }
    const ownIgnore = Utils.joinPath(folder, `${Utils.basename(location)}.dockerignore`).fsPath;
    const ignoreText =
      this.fileSystem.readFile(ownIgnore) ?? this.fileSystem.readFile(Utils.joinPath(folder, '.dockerignore').fsPath);
    const dockerignore =
      ignoreText === undefined ? undefined : this.cached(this.ignores, ignoreText, () => new DockerIgnore(ignoreText));
    return { config, configPath, dockerignore };
  }

  private cached<T>(cache: Map<string, T>, text: string, make: () => T): T {
    let value = cache.get(text);
    if (value === undefined) {
      if (cache.size > 16) cache.clear();
      value = make();
      cache.set(text, value);
    }
    return value;
  }
}
