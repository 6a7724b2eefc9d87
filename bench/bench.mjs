// `npm run bench`: Shipshape's language server and yaml-language-server side by side, in one run, over real LSP
// (stdio), on generated files of N Deployment+HPA pairs (bench/gen-inputs.mjs: 870 / 8.7k / 87k lines), on a
// generated file of every workload kind with its Services and PDBs (bench/gen-mixed.mjs: --mixed-lines, 40k by
// default, 0 to skip), and yaml's own parseAllDocuments in this process as the floor. Prints a table and the
// ratios the issues name.
//
//   node bench/bench.mjs [--sizes 10,100,1000] [--mixed-lines 40000] [--edits 5] [--json out.json]
//
// yaml-language-server gets the same generated schemas (Deployment apps/v1, HPA autoscaling/v2), dispatched by kind
// with if/then so that it is not slowed by a oneOf; Shipshape needs no configuration.
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
} = require('vscode-languageserver-protocol/node');
const YAML = require('yaml');

const { values: options } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10,100,1000' },
    'workspace-files': { type: 'string', default: '1000' },
    edits: { type: 'string', default: '5' },
    'mixed-lines': { type: 'string', default: '40000' },
    json: { type: 'string' },
  },
});
const SIZES = options.sizes.split(',').map(Number);
const EDITS = Number(options.edits);
/** Shipshape's edits after the first EDITS and the completions: the steady state, reported beside the target. */
const STEADY_EDITS = 15;
const OPENS = 3;

const SHIPSHAPE = join(ROOT, 'server', 'out', 'server.js');
const YLS = join(ROOT, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');
if (!existsSync(SHIPSHAPE)) throw new Error('Build first: npm run build (server/out/server.js is missing)');

const work = mkdtempSync(join(tmpdir(), 'shipshape-bench-'));
execFileSync(process.execPath, [join(ROOT, 'bench', 'gen-inputs.mjs'), work], { stdio: 'ignore' });
const MIXED_LINES = Number(options['mixed-lines']);
const MIXED = 'k8s-mixed.yaml';
if (MIXED_LINES > 0)
  execFileSync(process.execPath, [join(ROOT, 'bench', 'gen-mixed.mjs'), join(work, MIXED), String(MIXED_LINES)]);

// The schema yaml-language-server validates with: the same generated schemas, picked by kind.
const schemaDir = join(ROOT, 'server', 'schemas');
const dispatch = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  allOf: [
    {
      if: { properties: { kind: { const: 'Deployment' } }, required: ['kind'] },
      then: { $ref: pathToFileURL(join(schemaDir, 'deployment-apps-v1.json')).href },
    },
    {
      if: { properties: { kind: { const: 'HorizontalPodAutoscaler' } }, required: ['kind'] },
      then: { $ref: pathToFileURL(join(schemaDir, 'hpa-autoscaling-v2.json')).href },
    },
  ],
};
const dispatchPath = join(work, 'k8s-dispatch.schema.json');
writeFileSync(dispatchPath, JSON.stringify(dispatch));
const YLS_SETTINGS = {
  yaml: {
    validate: true,
    hover: true,
    completion: true,
    format: { enable: false },
    schemaStore: { enable: false },
    schemas: { [pathToFileURL(dispatchPath).href]: '*.yaml' },
    maxItemsComputed: 5000,
  },
  http: { proxy: '', proxyStrictSSL: false },
  '[yaml]': {},
  editor: { tabSize: 2 },
  files: { associations: {} },
};

class Server {
  constructor(name, args) {
    this.name = name;
    this.process = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stderr.on('data', () => {});
    this.connection = createProtocolConnection(
      new StreamMessageReader(this.process.stdout),
      new StreamMessageWriter(this.process.stdin),
    );
    this.waiters = [];
    this.connection.onNotification('textDocument/publishDiagnostics', (params) => {
      for (const waiter of [...this.waiters]) {
        if (waiter.uri === params.uri) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(params);
        }
      }
    });
    this.connection.onRequest('workspace/configuration', (params) =>
      params.items.map((item) => YLS_SETTINGS[item.section] ?? {}),
    );
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.logs = [];
    this.connection.onNotification('window/logMessage', (params) => this.logs.push(params.message));
    /** @type {any} */ (this.connection).onNotification(() => {});
    this.connection.listen();
  }
  /** Resolves with the first log message that matches. */
  async logMatching(pattern, timeoutMs = 120_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.logs.find((message) => pattern.test(message));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`${this.name}: no log line matching ${pattern}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
  async initialize(workspaceFolders = []) {
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(work).href,
      workspaceFolders: workspaceFolders.map((folder) => ({ uri: pathToFileURL(folder).href, name: 'ws' })),
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: { publishDiagnostics: {}, completion: {} },
      },
      initializationOptions: {},
    });
    await this.connection.sendNotification('initialized', {});
    await this.connection.sendNotification('workspace/didChangeConfiguration', { settings: YLS_SETTINGS });
  }
  /** The next diagnostics published for a URI that pass `test`. */
  /**
   * @param {string} uri
   * @param {(params: any) => boolean} [test]
   * @param {number} [timeoutMs]
   */
  diagnostics(uri, test = () => true, timeoutMs = 120_000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${this.name}: no diagnostics for ${uri} in ${timeoutMs} ms`)),
        timeoutMs,
      );
      const waiter = {
        uri,
        resolve: (params) => {
          if (!test(params)) {
            this.waiters.push(waiter);
            return;
          }
          clearTimeout(timer);
          resolve(params);
        },
      };
      this.waiters.push(waiter);
    });
  }
  rssMB() {
    const status = readFileSync(`/proc/${this.process.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
  }
  async stop() {
    const exited = new Promise((resolve) => this.process.once('exit', resolve));
    await this.connection.sendRequest('shutdown').catch(() => {});
    await this.connection.sendNotification('exit').catch(() => {});
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
    this.process.kill('SIGKILL');
  }
}

/** Waits until the server has published nothing for the URI for 500 ms: late re-publishes must not count as edits. */
async function quiet(server, uri) {
  for (;;) {
    const next = server
      .diagnostics(uri, () => true, 500)
      .then(
        () => true,
        () => false,
      );
    if (!(await next)) return;
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

/** Opens the file, then makes EDITS single-character edits in the middle document, each waiting for its diagnostics. */
async function measure(server, text, uri, expectDiagnostics, steadyEdits = 0) {
  const lines = text.split('\n');
  const opened = performance.now();
  const first = server.diagnostics(uri, (params) => (expectDiagnostics ? params.diagnostics.length > 0 : true));
  await server.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'yaml', version: 1, text },
  });
  const firstDiagnostics = await first;
  const openMs = performance.now() - opened;
  await quiet(server, uri);

  // The `replicas:` line of the middle Deployment: toggling its digit is a real edit to one document.
  const replicaLines = lines
    .map((line, index) => (/^ {2}replicas: \d+$/.test(line) ? index : -1))
    .filter((index) => index >= 0);
  const target = replicaLines[Math.floor(replicaLines.length / 2)];
  const column = lines[target].length - 1;
  const editTimes = [];
  const completionTimes = [];
  let version = 1;
  /** Toggles the `replicas:` digit (a real edit to one document): resolves, once sent, to its diagnostics' promise. */
  const change = async (round) => {
    version++;
    const published = server.diagnostics(uri);
    await server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [
        {
          range: { start: { line: target, character: column }, end: { line: target, character: column + 1 } },
          text: String((round % 7) + 2),
        },
      ],
    });
    return { published };
  };
  /** An edit until its diagnostics arrive: the time it took. */
  const edit = async (round) => {
    const started = performance.now();
    await (
      await change(round)
    ).published;
    return performance.now() - started;
  };
  for (let round = 0; round < EDITS; round++) editTimes.push(await edit(round));
  // Completion right after an edit, inside the edited Deployment's first container (the `image:` line).
  const imageLine = lines.findIndex((line, index) => index > target && /^ {10}image: /.test(line));
  for (let round = 0; round < EDITS; round++) {
    const { published } = await change(round);
    const started = performance.now();
    const result = await server.connection.sendRequest('textDocument/completion', {
      textDocument: { uri },
      position: { line: imageLine, character: 10 },
    });
    completionTimes.push(performance.now() - started);
    const items = Array.isArray(result) ? result : (result?.items ?? []);
    if (!items.some((item) => item.label === 'imagePullPolicy'))
      throw new Error(`${server.name}: completion did not offer container keys`);
    await published;
  }
  // Then more edits, for the steady state once the first ones have compiled the edit path (Shipshape only: reported
  // beside the target, which stays the first EDITS edits').
  const steadyTimes = [];
  for (let round = 0; round < steadyEdits; round++) steadyTimes.push(await edit(round));
  return {
    openMs,
    ...(steadyEdits > 0 ? { steadyEditMs: median(steadyTimes), steadyEditAll: steadyTimes.map(Math.round) } : {}),
    firstDiagnostics: firstDiagnostics.diagnostics.length,
    editMs: median(editTimes),
    completionMs: median(completionTimes),
    completionAll: completionTimes.map((value) => Math.round(value)),
    editAll: editTimes.map((value) => Math.round(value)),
    rssMB: server.rssMB(),
  };
}

/**
 * yaml's parseAllDocuments on the file, the floor for "open -> first diagnostics". Measured two ways: in a fresh Node
 * process (cold, like a language server that has just been handed its first file: the comparison the ratio uses) and
 * in this warmed-up process (shown for reference).
 */
function parseAllMs(path) {
  const script = `const YAML = require(${JSON.stringify(require.resolve('yaml'))}); const text = require('fs').readFileSync(${JSON.stringify(path)}, 'utf8');
    const started = performance.now(); YAML.parseAllDocuments(text); process.stdout.write(String(performance.now() - started));`;
  const cold = median(
    [0, 1, 2].map(() => Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }))),
  );
  const text = readFileSync(path, 'utf8');
  YAML.parseAllDocuments(text);
  const warm = median(
    [0, 1, 2].map(() => {
      const started = performance.now();
      YAML.parseAllDocuments(text);
      return performance.now() - started;
    }),
  );
  return { cold, warm };
}

const results = [];
const cases = SIZES.flatMap((size) =>
  ['', '-errors'].map((variant) => ({ file: `k8s-${size}${variant}.yaml`, variant })),
);
if (MIXED_LINES > 0) cases.push({ file: MIXED, variant: '' });
for (const { file, variant } of cases) {
  const text = readFileSync(join(work, file), 'utf8');
  const lineCount = text.split('\n').length - 1;
  const parseAll = parseAllMs(join(work, file));
  const row = { file, lines: lineCount, parseAllDocumentsMs: parseAll.cold, parseAllDocumentsWarmMs: parseAll.warm };
  // A fresh server per measurement: no caches carried over, RSS is for this file alone. Opening is measured in
  // three fresh servers (median), like the fresh-process parseAllDocuments it is compared with; the edits and
  // completions in the last of them.
  for (const [name, args] of [
    ['shipshape', [SHIPSHAPE, '--stdio']],
    ['yaml-language-server', [YLS, '--stdio']],
  ]) {
    const uri = pathToFileURL(join(work, `${name}-${file}`)).href;
    const opens = [];
    for (let round = 0; round < OPENS - 1; round++) {
      const server = new Server(name, args);
      await server.initialize();
      const started = performance.now();
      const first = server.diagnostics(uri, (params) => (variant === '-errors' ? params.diagnostics.length > 0 : true));
      await server.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'yaml', version: 1, text },
      });
      await first;
      opens.push(performance.now() - started);
      await server.stop();
    }
    const server = new Server(name, args);
    await server.initialize();
    row[name] = await measure(server, text, uri, variant === '-errors', name === 'shipshape' ? STEADY_EDITS : 0);
    opens.push(row[name].openMs);
    row[name].openAll = opens.map((value) => Math.round(value));
    row[name].openMs = median(opens);
    await server.stop();
  }
  results.push(row);
  process.stderr.write(`measured ${file}\n`);
}

/**
 * Indexing a workspace: N files, each one Deployment+HPA pair, read from disk by the server's workspace scan at
 * start-up. Timed from `initialized` to the server's own "Indexed ..." log line, and by that line's figure.
 */
async function measureWorkspaceIndex(fileCount) {
  const folder = join(work, `workspace-${fileCount}`);
  mkdirSync(folder, { recursive: true });
  const pairs = readFileSync(join(work, 'k8s-1000.yaml'), 'utf8')
    .split(/^(?=---\napiVersion: apps\/v1)/m)
    .filter(Boolean);
  for (let index = 0; index < fileCount; index++)
    writeFileSync(join(folder, `app-${index}.yaml`), pairs[index % pairs.length].replaceAll('app-0', `a${index}-`));
  const server = new Server('shipshape', [SHIPSHAPE, '--stdio']);
  const started = performance.now();
  await server.initialize([folder]);
  const line = await server.logMatching(/^Indexed \d+ YAML files?/);
  const elapsed = performance.now() - started;
  const rssMB = server.rssMB();
  await server.stop();
  return { files: fileCount, elapsedMs: elapsed, serverMs: Number(/in (\d+) ms/.exec(line)?.[1]), line, rssMB };
}

const workspaceRun = await measureWorkspaceIndex(Number(options['workspace-files']));
process.stderr.write(`measured the workspace index (${workspaceRun.files} files)\n`);

const fmt = (value) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));
const table = [
  '| file | lines | parseAllDocuments ms (fresh process / warm) | open->diagnostics ms (Shipshape / yls) | edit->diagnostics ms (Shipshape / yls, speed-up) | completion after edit ms (Shipshape / yls) | RSS MB (Shipshape / yls) | diagnostics (Shipshape / yls) |',
  '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ...results.map((row) => {
    const ours = row.shipshape;
    const theirs = row['yaml-language-server'];
    return `| ${row.file} | ${row.lines} | ${fmt(row.parseAllDocumentsMs)} / ${fmt(row.parseAllDocumentsWarmMs)} | ${fmt(ours.openMs)} / ${fmt(theirs.openMs)} (${(ours.openMs / row.parseAllDocumentsMs).toFixed(2)}x parseAll) | ${fmt(ours.editMs)} / ${fmt(theirs.editMs)} (${(theirs.editMs / ours.editMs).toFixed(0)}x) | ${fmt(ours.completionMs)} / ${fmt(theirs.completionMs)} | ${fmt(ours.rssMB)} / ${fmt(theirs.rssMB)} | ${ours.firstDiagnostics} / ${theirs.firstDiagnostics} |`;
  }),
];
console.log(table.join('\n'));

const mixed = results.find((row) => row.file === MIXED);
if (mixed) {
  const ratio = mixed['yaml-language-server'].editMs / mixed.shipshape.editMs;
  console.log(
    `\n  ${ratio >= 30 ? 'met ' : 'MISS'}  ${MIXED} (${mixed.lines} lines, every workload kind): edit->diagnostics ${ratio.toFixed(0)}x faster than yaml-language-server (target >= 30x)`,
  );
}
const largest = results.filter((row) => row.lines > 80_000);
if (largest.length > 0) {
  console.log('\nTargets on the 87k-line files:');
  for (const row of largest) {
    const ours = row.shipshape;
    const theirs = row['yaml-language-server'];
    const checks = [
      [
        `edit->diagnostics ${(theirs.editMs / ours.editMs).toFixed(0)}x faster than yaml-language-server (target >= 30x)`,
        theirs.editMs / ours.editMs >= 30,
      ],
      [
        `open->first diagnostics ${(ours.openMs / row.parseAllDocumentsMs).toFixed(2)}x a bare parseAllDocuments in a fresh process (target <= 1.5x)`,
        ours.openMs / row.parseAllDocumentsMs <= 1.5,
      ],
      [`completion after an edit ${fmt(ours.completionMs)} ms (target < 50 ms)`, ours.completionMs < 50],
      [
        `server RSS ${fmt(ours.rssMB)} MB vs yaml-language-server ${fmt(theirs.rssMB)} MB (target: below)`,
        ours.rssMB < theirs.rssMB,
      ],
    ];
    for (const [label, ok] of checks) console.log(`  ${ok ? 'met ' : 'MISS'}  ${row.file}: ${label}`);
    if (ours.steadyEditMs !== undefined)
      console.log(
        `  info  ${row.file}: the next ${STEADY_EDITS} edits (the edit path compiled): ${fmt(ours.steadyEditMs)} ms, ${(theirs.editMs / ours.steadyEditMs).toFixed(0)}x yaml-language-server's ${fmt(theirs.editMs)} ms`,
      );
  }
}
console.log(
  `\nWorkspace index: ${workspaceRun.files} manifest files (one Deployment + one HPA each) indexed in ${fmt(workspaceRun.elapsedMs)} ms from initialized (server's own count: ${workspaceRun.serverMs} ms; RSS ${fmt(workspaceRun.rssMB)} MB)`,
);
console.log(`  ${workspaceRun.elapsedMs < 2000 ? 'met ' : 'MISS'}  indexing ${workspaceRun.files} files under 2 s`);
if (options.json) writeFileSync(options.json, JSON.stringify({ files: results, workspace: workspaceRun }, null, 2));
rmSync(work, { recursive: true, force: true });
