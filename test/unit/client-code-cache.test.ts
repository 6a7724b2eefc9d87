import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

const CODE_CACHE = join(__dirname, '..', '..', 'client', 'src', 'codeCache.js');

/**
 * Loads `modulePath` with loadWithCodeCache in a fresh Node process (one process would answer the second load from
 * V8's in-memory compilation cache, never reading the file), saves if asked, and says what happened.
 */
function load(modulePath: string, cacheDir: string, save = true) {
  const script = `
    globalThis.codeCacheRuns = [];
    const { loadWithCodeCache } = require(${JSON.stringify(CODE_CACHE)});
    const load = loadWithCodeCache(process.argv[1], process.argv[2]);
    const saved = process.argv[3] === 'save' ? load.save() : false;
    const again = load.save();
    console.log(JSON.stringify({ state: load.state, label: load.exports.label, cacheFile: load.cacheFile, saved, again, runs: globalThis.codeCacheRuns }));
  `;
  const output = execFileSync(process.execPath, ['-e', script, modulePath, cacheDir, save ? 'save' : 'no'], {
    encoding: 'utf8',
  });
  return JSON.parse(output) as {
    state: string;
    label: string;
    cacheFile: string;
    saved: boolean;
    again: boolean;
    runs: Array<{ label: string; filename: string; dirname: string; dependency: string }>;
  };
}

function moduleText(label: string): string {
  return [
    `const dependency = require('./dependency').value;`,
    `globalThis.codeCacheRuns.push({ label: ${JSON.stringify(label)}, filename: __filename, dirname: __dirname, dependency });`,
    `module.exports = { label: ${JSON.stringify(label)} };`,
    // Enough code for V8 to have something to cache.
    ...Array.from({ length: 200 }, (_, index) => `function f${index}(x) { return x * ${index} + ${index}; }`),
    `f1(1);`,
    '',
  ].join('\n');
}

describe('the extension and server launchers: V8 code cache (client/src/codeCache.ts)', () => {
  const root = mkdtempSync(join(tmpdir(), 'shipshape-code-cache-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const folder = join(root, 'out');
  const cacheDir = join(root, 'cache');
  const server = join(folder, 'server.js');
  mkdirSync(folder);
  writeFileSync(join(folder, 'dependency.js'), 'exports.value = "beside it";\n');
  const cacheFiles = () => readdirSync(cacheDir).filter((name) => name.endsWith('.v8cache'));
  const name = (file: string) => file.slice(cacheDir.length + 1);

  it('runs the module as require would, and caches its code once, when asked to', () => {
    writeFileSync(server, moduleText('one'));
    const first = load(server, cacheDir);
    assert.equal(first.state, 'missing');
    assert.deepEqual(first.runs, [{ label: 'one', filename: server, dirname: folder, dependency: 'beside it' }]);
    assert.equal(first.label, 'one', 'its exports');
    assert.equal(first.saved, true);
    assert.equal(first.again, false, 'once');
    assert.deepEqual(cacheFiles(), [name(first.cacheFile)]);
  });

  it('uses the cache at the next start, and does not write it again', () => {
    const file = join(cacheDir, cacheFiles()[0]);
    const before = statSync(file).mtimeMs;
    const next = load(server, cacheDir);
    assert.equal(next.state, 'used');
    assert.equal(next.runs[0]?.label, 'one');
    assert.equal(next.label, 'one');
    assert.equal(next.saved, false);
    assert.equal(statSync(file).mtimeMs, before);
  });

  it('never runs a cache made for another text of the same length (V8 checks only the length)', () => {
    const old = cacheFiles();
    writeFileSync(server, moduleText('two'));
    const next = load(server, cacheDir);
    assert.equal(next.state, 'missing');
    assert.equal(next.runs[0]?.label, 'two');
    assert.ok(next.saved);
    assert.deepEqual(cacheFiles(), [name(next.cacheFile)], "the old build's cache is deleted");
    assert.notDeepEqual(cacheFiles(), old);
  });

  it('runs the module when V8 refuses the cache, and writes a good one', () => {
    const { cacheFile } = load(server, cacheDir, false);
    writeFileSync(cacheFile, Buffer.from('not a code cache'));
    const refused = load(server, cacheDir);
    assert.equal(refused.state, 'rejected');
    assert.equal(refused.runs[0]?.label, 'two');
    assert.ok(refused.saved);
    assert.equal(load(server, cacheDir).state, 'used');
  });

  it('still runs when the cache cannot be written', () => {
    const blocked = join(root, 'a-file');
    writeFileSync(blocked, '');
    const next = load(server, join(blocked, 'cache'));
    assert.equal(next.state, 'missing');
    assert.equal(next.saved, false);
    assert.equal(next.runs[0]?.label, 'two');
  });
});
