import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { scratchDir } from '../helpers/scratch';

// `shipshape check` of one small file starts in under 100 ms of whole process time only if it loads what the file
// needs (issue 16 item 2): Node's own modules that a check never uses cost milliseconds each to load (https loads tls,
// net, crypto and streams; process.stdout loads tty and net; node:fs/promises loads readline).
const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'server', 'out', 'cli.js');
const UNNEEDED = [
  'https',
  'http',
  'tls',
  'net',
  'tty',
  'stream',
  'crypto',
  'fs/promises',
  'child_process',
  'worker_threads',
];

/** The built-in modules Node loaded for a `shipshape check` of `file` (process.moduleLoadList at exit). */
function builtinsLoaded(folder: string, file: string): string[] {
  const list = join(folder, 'modules.txt');
  const preload = join(folder, 'modules.cjs');
  writeFileSync(
    preload,
    `process.once('exit', () => require('fs').writeFileSync(${JSON.stringify(list)}, process.moduleLoadList.join('\\n')));\n`,
  );
  const result = spawnSync(process.execPath, ['-r', preload, CLI, 'check', file], {
    cwd: folder,
    encoding: 'utf8',
    env: { ...process.env, SHIPSHAPE_CODE_CACHE: 'off' },
  });
  assert.equal(result.stderr, '');
  assert.match(result.stdout, /finding/);
  return readFileSync(list, 'utf8')
    .split('\n')
    .filter((entry) => entry.startsWith('NativeModule '))
    .map((entry) => entry.slice('NativeModule '.length));
}

describe('shipshape check of one small file loads none of the Node modules it does not use', () => {
  for (const [name, text] of [
    [
      'web.yaml',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:latest\n',
    ],
    ['Dockerfile', 'FROM node:latest\nCMD node /app/index.js\n'],
  ]) {
    it(name, () => {
      const folder = scratchDir('shipshape-cli-modules-');
      writeFileSync(join(folder, name), text);
      const loaded = builtinsLoaded(folder, name);
      assert.ok(loaded.includes('vm'), 'the list holds the modules the check loaded');
      assert.deepEqual(
        UNNEEDED.filter((module) => loaded.includes(module)),
        [],
      );
    });
  }
});
