import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cacheDirectory } from '../../common/src/codeCache';
import { scratchDir } from '../helpers/scratch';

/** A bundle as esbuild writes one (CommonJS, requires beside it), with a shebang as the npm package's have. */
function writeBundle(folder: string, name: string, answer: number): string {
  const file = join(folder, name);
  writeFileSync(
    file,
    `#!/usr/bin/env node\nconst { join } = require('node:path');\nmodule.exports = { answer: () => ${answer}, here: join(__dirname, 'x'), file: __filename };\n`,
  );
  return file;
}

/**
 * Requires a bundle through a code cache in `cacheRoot`, in a process of its own (V8 also keeps compiled scripts in
 * memory: within one process a second compile of the same source never reads the data), and saves the cache.
 */
function load(bundle: string, cacheRoot: string) {
  const script = `
    const { useCodeCache } = require(${JSON.stringify(require.resolve('../../common/src/codeCache'))});
    const cache = useCodeCache([${JSON.stringify(bundle)}], '1.2.3', { env: { SHIPSHAPE_CODE_CACHE: ${JSON.stringify(cacheRoot)} } });
    const exported = require(${JSON.stringify(bundle)});
    cache.save();
    console.log(JSON.stringify({ outcome: cache.loads.get('engine.js'), answer: exported.answer(), here: exported.here, file: exported.file }));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as {
    outcome?: string;
    answer: number;
    here: string;
    file: string;
  };
}

describe('V8 code cache of the engine bundles (server/src/codeCache.ts)', () => {
  it('compiles a bundle, saves its cache 0600 in a 0700 folder, and the next process uses it', () => {
    const folder = scratchDir('shipshape-code-cache-');
    const bundle = writeBundle(folder, 'engine.js', 42);
    const cacheRoot = join(folder, 'cache');
    const first = load(bundle, cacheRoot);
    assert.equal(first.outcome, 'compiled');
    assert.equal(first.answer, 42);
    assert.equal(first.file, bundle);
    assert.equal(first.here, join(folder, 'x'));
    const directory = cacheDirectory('1.2.3', { SHIPSHAPE_CODE_CACHE: cacheRoot })!;
    const cacheFile = join(directory, 'engine.js.cache');
    assert.equal(statSync(directory).mode & 0o777, 0o700);
    assert.equal(statSync(cacheFile).mode & 0o777, 0o600);

    const second = load(bundle, cacheRoot);
    assert.equal(second.outcome, 'cached');
    assert.equal(second.answer, 42);
  });

  it('ignores the cache of another build of the bundle, and V8 rejects data that is not its own: made again', () => {
    const folder = scratchDir('shipshape-code-cache-');
    const bundle = writeBundle(folder, 'engine.js', 1);
    const cacheRoot = join(folder, 'cache');
    load(bundle, cacheRoot);
    // A rebuild: other code, same length (V8 checks only the source's length), a later mtime.
    writeBundle(folder, 'engine.js', 2);
    utimesSync(bundle, new Date(), new Date(Date.now() + 5000));
    const rebuilt = load(bundle, cacheRoot);
    assert.equal(rebuilt.outcome, 'compiled');
    assert.equal(rebuilt.answer, 2);
    assert.equal(load(bundle, cacheRoot).outcome, 'cached');

    const cacheFile = join(cacheDirectory('1.2.3', { SHIPSHAPE_CODE_CACHE: cacheRoot })!, 'engine.js.cache');
    const data = readFileSync(cacheFile);
    const keyEnd = data.indexOf(10) + 1;
    writeFileSync(cacheFile, Buffer.concat([data.subarray(0, keyEnd), Buffer.alloc(data.length - keyEnd, 7)]), {
      mode: 0o600,
    });
    const garbage = load(bundle, cacheRoot);
    assert.equal(garbage.outcome, 'rejected');
    assert.equal(garbage.answer, 2);
    assert.equal(load(bundle, cacheRoot).outcome, 'cached');
  });

  it('reads no cache file others may write to, and uses no folder others may write to', () => {
    const folder = scratchDir('shipshape-code-cache-');
    const bundle = writeBundle(folder, 'engine.js', 3);
    const cacheRoot = join(folder, 'cache');
    load(bundle, cacheRoot);
    const directory = cacheDirectory('1.2.3', { SHIPSHAPE_CODE_CACHE: cacheRoot })!;
    chmodSync(join(directory, 'engine.js.cache'), 0o666);
    assert.equal(load(bundle, cacheRoot).outcome, 'compiled');

    chmodSync(directory, 0o777);
    assert.equal(cacheDirectory('1.2.3', { SHIPSHAPE_CODE_CACHE: cacheRoot }), undefined);
    // Not used: the bundle loads as Node loads it, and nothing is written.
    const unsafe = load(bundle, cacheRoot);
    assert.equal(unsafe.outcome, undefined);
    assert.equal(unsafe.answer, 3);
  });

  it('lives in $XDG_CACHE_HOME or ~/.cache (never a relative folder), and is off on request', () => {
    const folder = scratchDir('shipshape-code-cache-');
    const xdg = cacheDirectory('1.2.3', { XDG_CACHE_HOME: join(folder, 'xdg'), HOME: join(folder, 'home') })!;
    assert.ok(xdg.startsWith(join(folder, 'xdg', 'shipshape', 'code-cache', '1.2.3-')), xdg);
    const home = cacheDirectory('1.2.3', { XDG_CACHE_HOME: 'relative', HOME: join(folder, 'home') })!;
    assert.ok(home.startsWith(join(folder, 'home', '.cache', 'shipshape', 'code-cache', '1.2.3-')), home);
    assert.equal(cacheDirectory('1.2.3', { SHIPSHAPE_CODE_CACHE: 'off', HOME: join(folder, 'home') }), undefined);
  });

  it("loads one bundle without hooking Node's loader (the extension host's way: requireWithCodeCache)", () => {
    const folder = scratchDir('shipshape-code-cache-');
    const bundle = writeBundle(folder, 'shipshape.js', 7);
    const cacheRoot = join(folder, 'cache');
    const script = `
      const Module = require('node:module');
      const before = Module._extensions['.js'];
      const { requireWithCodeCache } = require(${JSON.stringify(require.resolve('../../common/src/codeCache'))});
      const load = requireWithCodeCache(${JSON.stringify(bundle)}, '1.2.3', { SHIPSHAPE_CODE_CACHE: ${JSON.stringify(cacheRoot)} });
      load.save();
      console.log(JSON.stringify({ outcome: load.outcome, answer: load.exports.answer(), here: load.exports.here, hooked: Module._extensions['.js'] !== before }));`;
    const run = () =>
      JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as {
        outcome: string;
        answer: number;
        here: string;
        hooked: boolean;
      };
    const first = run();
    assert.deepEqual(first, { outcome: 'compiled', answer: 7, here: join(folder, 'x'), hooked: false });
    assert.deepEqual(run(), { ...first, outcome: 'cached' });
  });
});
