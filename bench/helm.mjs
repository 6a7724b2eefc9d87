// `node bench/helm.mjs`: typing in a 500-line Helm template over real LSP (stdio): edit -> diagnostics time of each
// keystroke, with the background `helm template` render on (the real helm of `npm run test:setup`, when installed) and
// off. The render must stay off the typing path, and run at most once per pause in typing.
//
//   node bench/helm.mjs [--edits 40] [--lines 500] [--helm PATH]
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
} = require('vscode-languageserver-protocol/node');
const SERVER = join(ROOT, 'server', 'out', 'server.js');
if (!existsSync(SERVER)) throw new Error('Build first: npm run build (server/out/server.js is missing)');

const defaultHelm = join(
  process.env.SHIPSHAPE_CACHE ?? join(homedir(), '.cache', 'shipshape'),
  'helm-kubectl-2.2.2',
  'bin',
  'helm',
);
const { values: options } = parseArgs({
  options: {
    edits: { type: 'string', default: '40' },
    lines: { type: 'string', default: '500' },
    helm: { type: 'string', default: defaultHelm },
  },
});
const EDITS = Number(options.edits);

// A chart whose deployment.yaml is the fixture's Deployment repeated to the wanted length.
const work = mkdtempSync(join(tmpdir(), 'shipshape-helm-bench-'));
const chart = join(work, 'webapp');
cpSync(join(ROOT, 'test', 'fixtures', 'helm', 'webapp'), chart, { recursive: true });
const block = readFileSync(join(chart, 'templates', 'deployment.yaml'), 'utf8');
let text = '';
for (let index = 0; text.split('\n').length < Number(options.lines); index++) {
  text +=
    (text ? '---\n' : '') +
    block.replace('{{ include "webapp.fullname" . }}', `{{ include "webapp.fullname" . }}-${index}`);
}
const path = join(chart, 'templates', 'deployment.yaml');
writeFileSync(path, text);
const uri = pathToFileURL(path).href;

async function session(helmPath) {
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  const waiting = new Map();
  const renders = [];
  connection.onNotification('textDocument/publishDiagnostics', (params) => {
    const resolve = waiting.get(params.version);
    if (params.uri === uri && resolve) {
      waiting.delete(params.version);
      resolve(params);
    }
  });
  connection.onNotification('window/logMessage', (params) => {
    const match = /^helm template .*: (rendered|failed) in (\d+) ms/.exec(params.message);
    if (match) renders.push(Number(match[2]));
  });
  connection.listen();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: {},
    initializationOptions: { settings: { helm: { path: helmPath } }, workspaceTrusted: true },
  });
  await connection.sendNotification('initialized', {});
  const published = (version) => new Promise((resolve) => waiting.set(version, resolve));
  let first = published(1);
  await connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'yaml', version: 1, text },
  });
  await first;
  const times = [];
  let current = text;
  const line = current.split('\n').findIndex((candidate) => candidate.includes('tier: web'));
  for (let version = 2; version <= EDITS + 1; version++) {
    // One keystroke: a character typed at the end of `tier: web` (the label's value), as typing does.
    const character = current.split('\n')[line].length;
    current = current
      .split('\n')
      .map((candidate, index) => (index === line ? candidate + 'x' : candidate))
      .join('\n');
    const done = published(version);
    const started = process.hrtime.bigint();
    await connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line, character }, end: { line, character } }, text: 'x' }],
    });
    await done;
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    // Typing speed: a keystroke every 60 ms, then (half-way) one pause long enough for a render.
    await new Promise((resolve) => setTimeout(resolve, version === Math.floor(EDITS / 2) ? 1500 : 60));
  }
  await new Promise((resolve) => setTimeout(resolve, 1500));
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  connection.dispose();
  times.sort((a, b) => a - b);
  return {
    median: times[times.length >> 1],
    p95: times[Math.floor(times.length * 0.95)],
    max: times[times.length - 1],
    renders,
  };
}

/** @type {Array<[string, any]>} */
const rows = [['helm render off', await session('')]];
if (existsSync(options.helm)) rows.push([`helm render on (${options.helm})`, await session(options.helm)]);
else console.log(`(no helm at ${options.helm}: run bash test/realparts/install-helm-kubectl.sh for the render row)`);
console.log(
  `\nTyping in a ${text.split('\n').length}-line Helm template, ${EDITS} keystrokes, edit -> diagnostics (ms):`,
);
console.log('| setting | median | p95 | max | renders (ms each) |');
console.log('| --- | ---: | ---: | ---: | --- |');
for (const [name, result] of rows) {
  console.log(
    `| ${name} | ${result.median.toFixed(1)} | ${result.p95.toFixed(1)} | ${result.max.toFixed(1)} | ${result.renders.length ? `${result.renders.length}: ${result.renders.join(', ')}` : '-'} |`,
  );
}
rmSync(work, { recursive: true, force: true });
