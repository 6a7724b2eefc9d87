import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';

/**
 * How a module was loaded: with V8's code cache of an earlier start (`used`), without one yet (`missing`), or with
 * one V8 refused (`rejected`: another Node or V8 flags).
 */
export type CodeCacheState = 'used' | 'missing' | 'rejected';

export interface CodeCacheLoad {
  readonly state: CodeCacheState;
  /** The module's exports. */
  readonly exports: unknown;
  /** The cache file for this module's exact text (and this Node): one per build. */
  readonly cacheFile: string;
  /**
   * Writes the code cache of what has been compiled so far (call it once the module has done its first work: the
   * functions that work compiled are cached too), unless a cache was used. Returns whether it wrote one; never throws.
   */
  save(): boolean;
}

/**
 * Runs a CommonJS module as `require` would, but compiled with V8's code cache from `cacheDir` (what Node 22's
 * module.enableCompileCache does, for Node 20): a bundle of megabytes is then not parsed and compiled again at every
 * start, nor are the functions its first work compiled. The cache file is named by a hash of the module's text,
 * because V8 checks only the text's length before trusting a cache; caches of other builds are deleted on save.
 */
export function loadWithCodeCache(modulePath: string, cacheDir: string): CodeCacheLoad {
  const source = readFileSync(modulePath, 'utf8');
  const key = createHash('sha1').update(source).update(process.version).update(process.arch).digest('hex').slice(0, 16);
  const base = path.basename(modulePath);
  const cacheFile = path.join(cacheDir, `${base}.${key}.v8cache`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined; // none yet
  }
  const directory = path.dirname(modulePath);
  const script = new vm.Script(Module.wrap(source), {
    filename: modulePath,
    cachedData,
    // import() inside the module resolves as in a module loaded by require (vm.constants: Node >= 20.12).
    importModuleDynamically: (vm.constants as typeof vm.constants | undefined)?.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const state: CodeCacheState = !cachedData ? 'missing' : script.cachedDataRejected ? 'rejected' : 'used';
  const module = new Module(modulePath);
  module.filename = modulePath;
  module.paths = (Module as unknown as { _nodeModulePaths(from: string): string[] })._nodeModulePaths(directory);
  const wrapper = script.runInThisContext() as (
    exports: unknown,
    require: NodeJS.Require,
    module: Module,
    filename: string,
    dirname: string,
  ) => void;
  wrapper.call(module.exports, module.exports, Module.createRequire(modulePath), module, modulePath, directory);
  module.loaded = true;
  let saved = false;
  return {
    state,
    exports: module.exports,
    cacheFile,
    save() {
      if (state === 'used' || saved) return false;
      saved = true;
      try {
        mkdirSync(cacheDir, { recursive: true });
        // Written aside and renamed: two windows starting at once never read half a file.
        const partial = `${cacheFile}.${process.pid}.partial`;
        writeFileSync(partial, script.createCachedData());
        renameSync(partial, cacheFile);
        for (const name of readdirSync(cacheDir))
          if (name.startsWith(`${base}.`) && name.endsWith('.v8cache') && name !== path.basename(cacheFile))
            rmSync(path.join(cacheDir, name), { force: true });
        return true;
      } catch {
        return false; // a read-only or full disk: the next start compiles again, nothing worse
      }
    },
  };
}
