import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import Module from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { Script } from 'node:vm';

/**
 * V8's code cache for the analysis engines (issue 16 item 4): compiling the Kubernetes engine's 2 MB bundle costs a
 * fresh process ~30 ms and its first validation another ~20 ms of lazy compilation; V8 can instead load the bytecode
 * it made last time. Node 20 has no `module.enableCompileCache`, so the engine bundles are compiled here, as a
 * `vm.Script` with the cached data, and the data is written back after the work (it then holds every function the
 * run compiled).
 *
 * Safety: the cache lives only in a directory the user owns and nobody else may write to ($XDG_CACHE_HOME or
 * ~/.cache, `shipshape/code-cache/<version>-<V8 version>`, made 0700; never a shared /tmp); a directory or file that is not
 * the user's, or is writable by others, is not read. Each file names the bundle it was made from (size, mtime,
 * inode): any other bundle (a rebuild, an update) ignores it, and V8 itself rejects data of another V8, flags or
 * source; rejected data is made again. Files are written to a temporary name and renamed, so a reader never sees half
 * a file. Any failure means compiling as Node would: the cache only ever saves time. `SHIPSHAPE_CODE_CACHE=off`
 * turns it off; `SHIPSHAPE_CODE_CACHE=<absolute dir>` puts it elsewhere (tests).
 */
export interface CodeCache {
  /** Writes the cache of each engine loaded with no (or rejected) data. Call when the work is done. */
  save(): void;
  /** For tests: what happened to each bundle loaded so far ('cached', 'compiled' or 'rejected'), by file name. */
  readonly loads: ReadonlyMap<string, 'cached' | 'compiled' | 'rejected'>;
}

interface Entry {
  cacheFile: string;
  key: string;
  script?: Script;
  stale: boolean;
}

const OFF: CodeCache = { save() {}, loads: new Map() };

type Loader = (module: Module, filename: string) => void;

/**
 * Compiles the given bundles (absolute paths) with the code cache from now on, whoever `require`s them. Returns
 * a no-op cache when there is no safe place for it.
 */
export function useCodeCache(
  bundles: readonly string[],
  version: string,
  options: {
    env?: NodeJS.ProcessEnv;
    /** Save on a timer this long after a bundle is compiled afresh. */ saveAfterMs?: number;
  } = {},
): CodeCache {
  const { env = process.env, saveAfterMs } = options;
  const directory = cacheDirectory(version, env);
  if (!directory) return OFF;
  const entries = new Map<string, Entry>();
  for (const bundle of bundles) entries.set(bundle, entryFor(directory, bundle));
  const loads = new Map<string, 'cached' | 'compiled' | 'rejected'>();
  const extensions = (Module as unknown as { _extensions: Record<string, Loader> })._extensions;
  const compileAsNode = extensions['.js'];
  extensions['.js'] = function (this: unknown, module: Module, filename: string): void {
    const entry = entries.get(filename);
    if (!entry) return compileAsNode.call(this, module, filename);
    const outcome = compileWithCache(module, filename, entry);
    loads.set(basename(filename), outcome);
    if (outcome !== 'cached' && saveAfterMs !== undefined) setTimeout(() => cache.save(), saveAfterMs).unref();
  };
  const cache: CodeCache = {
    loads,
    save() {
      for (const entry of entries.values()) saveEntry(entry);
    },
  };
  return cache;
}

/** One bundle loaded with the code cache by `requireWithCodeCache`. */
export interface CodeCacheLoad {
  readonly exports: unknown;
  readonly outcome: 'cached' | 'compiled' | 'rejected' | 'off';
  /** Writes the cache if the bundle was compiled afresh (once; call after its first work). Never throws. */
  save(): void;
}

/**
 * Requires one bundle compiled with the code cache, without touching Node's loader: for a process shared with others
 * (VS Code's extension host, where `useCodeCache`'s hook would see every extension's modules). Same safety rules,
 * same directory (`env.SHIPSHAPE_CODE_CACHE` may name another, e.g. the extension's global storage).
 */
export function requireWithCodeCache(
  bundle: string,
  version: string,
  env: NodeJS.ProcessEnv = process.env,
): CodeCacheLoad {
  const directory = cacheDirectory(version, env);
  if (!directory) return { exports: Module.createRequire(bundle)(bundle), outcome: 'off', save() {} };
  const entry = entryFor(directory, bundle);
  const module = new Module(bundle);
  module.filename = bundle;
  module.paths = (Module as unknown as { _nodeModulePaths(from: string): string[] })._nodeModulePaths(dirname(bundle));
  const outcome = compileWithCache(module, bundle, entry);
  return {
    exports: module.exports,
    outcome,
    save: () => saveEntry(entry),
  };
}

/** A bundle's cache file in the directory: one per bundle name, its key read and written with it. */
function entryFor(directory: string, bundle: string): Entry {
  return { cacheFile: join(directory, `${basename(bundle)}.cache`), key: '', stale: false };
}

/** Writes an entry's cache if its bundle was compiled afresh since; once. */
function saveEntry(entry: Entry): void {
  if (!entry.stale || !entry.script) return;
  entry.stale = false;
  try {
    writeCache(entry.cacheFile, entry.key, entry.script.createCachedData());
  } catch {
    // A full disk or a read-only home: the next start compiles again.
  }
}

function compileWithCache(module: Module, filename: string, entry: Entry): 'cached' | 'compiled' | 'rejected' {
  let source = readFileSync(filename, 'utf8');
  // The npm package's bundles start with a shebang, which is valid only at the very start of a script.
  if (source.startsWith('#!')) source = '//' + source.slice(2);
  const stats = statSync(filename);
  entry.key = `${stats.size}:${stats.mtimeMs}:${stats.ino}`;
  const cachedData = readCache(entry.cacheFile, entry.key);
  const script = new Script(Module.wrap(source), { filename, cachedData });
  entry.script = script;
  const outcome = cachedData === undefined ? 'compiled' : script.cachedDataRejected ? 'rejected' : 'cached';
  entry.stale = outcome !== 'cached';
  const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => void;
  const require = Module.createRequire(filename);
  wrapper.call(module.exports, module.exports, require, module, filename, dirname(filename));
  module.loaded = true;
  return outcome;
}

/** The user's own cache directory for this version, made if missing; undefined when it is not safe or not there. */
export function cacheDirectory(version: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const setting = env.SHIPSHAPE_CODE_CACHE;
  if (setting === 'off' || setting === '0' || typeof process.getuid !== 'function') return undefined;
  let base: string;
  if (setting && isAbsolute(setting)) base = setting;
  else {
    const xdg = env.XDG_CACHE_HOME;
    const home = env.HOME ?? safeHomedir();
    if (xdg && isAbsolute(xdg)) base = join(xdg, 'shipshape', 'code-cache');
    else if (home && isAbsolute(home)) base = join(home, '.cache', 'shipshape', 'code-cache');
    else return undefined;
  }
  const directory = join(base, `${version}-${process.versions.v8}`.replace(/[^\w.-]/g, '_'));
  try {
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    // It and the folders above it up to the cache root: whoever may write to a parent could swap the directory.
    const parent = dirname(base);
    return ownedByUser(directory) && ownedByUser(base) && (setting ? true : ownedByUser(parent))
      ? directory
      : undefined;
  } catch {
    return undefined;
  }
}

function safeHomedir(): string | undefined {
  try {
    return homedir();
  } catch {
    return undefined;
  }
}

/** A real directory (not a link) of this user that no one else can write to. */
function ownedByUser(directory: string): boolean {
  const stats = lstatSync(directory);
  return stats.isDirectory() && stats.uid === process.getuid!() && (stats.mode & 0o022) === 0;
}

/** The data after the key line, when the file is this user's alone and was made from this very bundle. */
function readCache(file: string, key: string): Buffer | undefined {
  let descriptor: number | undefined;
  try {
    descriptor = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
    const stats = fstatSync(descriptor);
    if (!stats.isFile() || stats.uid !== process.getuid!() || (stats.mode & 0o022) !== 0) return undefined;
    const data = readFileSync(descriptor);
    const header = Buffer.from(`${key}\n`);
    return data.subarray(0, header.length).equals(header) ? data.subarray(header.length) : undefined;
  } catch {
    return undefined;
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}

function writeCache(file: string, key: string, data: Buffer): void {
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  // `wx`: never through a file or link someone put there.
  try {
    writeFileSync(temporary, Buffer.concat([Buffer.from(`${key}\n`), data]), { flag: 'wx', mode: 0o600 });
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
