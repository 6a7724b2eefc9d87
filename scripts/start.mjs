#!/usr/bin/env node
// `npm start`: Shipshape in a real VS Code in the browser, on a copy of examples/ (manifests and Dockerfiles with
// the usual mistakes), so a newcomer sees diagnostics and fixes at once. Sets up what it needs (test/e2e/setup.sh:
// code-server and Chromium's Debian packages; the bundles when they are missing or older than the sources), starts
// code-server on 127.0.0.1 with no password, prints the URL, and stops everything on Ctrl-C.
//
// Usage: npm start [-- --port N] [-- --in-place]   (--in-place opens examples/ itself instead of a fresh copy)
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: options } = parseArgs({
  options: { port: { type: 'string' }, 'in-place': { type: 'boolean', default: false } },
});

function run(command, args) {
  console.log(`start: ${[command, ...args].join(' ')}`);
  execFileSync(command, args, { cwd: root, stdio: 'inherit' });
}

/** Newest modification time of any file under `dir` (0 when it does not exist). */
function newest(dir) {
  if (!existsSync(dir)) return 0;
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) latest = Math.max(latest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return latest;
}

function ensureBuilt() {
  if (!existsSync(path.join(root, 'node_modules', 'esbuild'))) {
    console.error('start: the dependencies are not installed; run `npm ci` first (see README.md)');
    process.exit(1);
  }
  if (!existsSync(path.join(root, 'server', 'schemas', 'index.json'))) run('npm', ['run', 'gen-schemas']);
  const bundles = ['client/out/extension.js', 'server/out/server.js'].map((file) => path.join(root, file));
  const sources = Math.max(
    ...['client/src', 'server/src', 'common/src', 'server/schemas'].map((dir) => newest(path.join(root, dir))),
  );
  if (bundles.some((file) => !existsSync(file) || statSync(file).mtimeMs < sources))
    run(process.execPath, ['esbuild.mjs']);
}

run('bash', [path.join('test', 'e2e', 'setup.sh')]);
ensureBuilt();

const { startCodeServer, workbenchUrl, remoteUri } = await import('../test/e2e/lib/codeServer.mjs');
const scratch = mkdtempSync(path.join(tmpdir(), 'shipshape-start-'));
let workspace = path.join(root, 'examples');
if (!options['in-place']) {
  workspace = path.join(scratch, 'examples');
  cpSync(path.join(root, 'examples'), workspace, { recursive: true });
}

const server = await startCodeServer({ scratch, port: options.port ? Number(options.port) : undefined });
const url = workbenchUrl(server.origin, workspace, [['extensionDevelopmentPath', remoteUri(server.origin, root)]]);
let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  console.log('\nstart: stopping code-server');
  await server.stop();
  rmSync(scratch, { recursive: true, force: true });
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

console.log(`
Shipshape is running in VS Code (code-server, no password) on ${options['in-place'] ? 'examples/ itself' : 'a fresh copy of examples/'}:

  ${url}

Open the URL in a browser on this machine. Start with examples/README.md; k8s/web-deployment.yaml and
docker/Dockerfile are full of mistakes (hover a squiggle, press Ctrl+. for the fixes).
code-server log: ${server.dirs.log}
Ctrl-C stops it${options['in-place'] ? '' : ' (the copy and its edits are removed)'}.`);

const exit = await server.exited;
if (!stopping) {
  console.error(`start: code-server exited (${JSON.stringify(exit)}); see ${server.dirs.log}`);
  rmSync(scratch, { recursive: true, force: true });
  process.exit(1);
}
