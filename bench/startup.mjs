// `npm run bench` (issue 16 items 2 and 4): how fast the server and the CLI start. A fresh server per round, spawned
// as an editor spawns it (node server/out/server.js --stdio): spawn -> `initialize` answered, then a small Deployment
// opened -> its first diagnostics, then a small Dockerfile opened -> its first diagnostics. Then `shipshape check` of
// one small file, the whole process (node server/out/cli.js check web.yaml), with V8's code cache of the CLI's own
// bundle and the engines (common/src/codeCache.ts, in a folder of its own here) made by a first run, and without it.
// Medians of ROUNDS.
//
//   node bench/startup.mjs [--rounds 7] [--server server.js] [--cli cli.js] [--json out.json]
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
} = require('vscode-languageserver-protocol/node');

const { values: options } = parseArgs({
  options: {
    rounds: { type: 'string', default: '7' },
    server: { type: 'string' },
    cli: { type: 'string' },
    json: { type: 'string' },
  },
});
const ROUNDS = Number(options.rounds);
const SERVER = resolve(options.server ?? join(ROOT, 'server', 'out', 'server.js'));
// Absolute: the CLI runs in a folder of its own.
const CLI = resolve(options.cli ?? join(dirname(SERVER), 'cli.js'));
if (!existsSync(CLI)) throw new Error(`Build first: npm run build (${CLI} is missing)`);
if (!existsSync(SERVER)) throw new Error('Build first: npm run build (server/out/server.js is missing)');

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:latest
`;
const DOCKERFILE =
  'FROM node:latest\nRUN apt-get update && apt-get install -y curl\nCOPY . /app\nCMD node /app/index.js\n';
const SMALL_DOCKERFILE = 'FROM node:latest\nCMD node /app/index.js\n';

async function round() {
  const started = performance.now();
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  const waiting = new Map();
  connection.onNotification('textDocument/publishDiagnostics', (params) => waiting.get(params.uri)?.(params));
  /** @type {any} */ (connection).onRequest(() => null);
  /** @type {any} */ (connection).onNotification(() => {});
  connection.listen();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    workspaceFolders: null,
    capabilities: { textDocument: { publishDiagnostics: {} } },
    initializationOptions: {},
  });
  const initializeMs = performance.now() - started;
  // The CPU the server process has used so far: on a shared, loaded machine the wall clock mostly measures the others.
  const initializeCpuMs = cpuMs(child.pid);
  await connection.sendNotification('initialized', {});
  const firstDiagnostics = async (uri, languageId, text) => {
    const published = new Promise((resolve) => waiting.set(uri, resolve));
    const opened = performance.now();
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    const params = await published;
    if (params.diagnostics.length === 0) throw new Error(`no diagnostics for ${uri}`);
    return performance.now() - opened;
  };
  const yamlMs = await firstDiagnostics('file:///bench/web.yaml', 'yaml', DEPLOYMENT);
  const dockerfileMs = await firstDiagnostics('file:///bench/Dockerfile', 'dockerfile', DOCKERFILE);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await connection.sendRequest('shutdown').catch(() => {});
  await connection.sendNotification('exit').catch(() => {});
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
  child.kill('SIGKILL');
  connection.dispose();
  return { initializeMs, initializeCpuMs, yamlMs, dockerfileMs };
}

/** User + system CPU time of a process, from /proc (clock ticks of 10 ms). */
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** A bare Node process started and ended: the floor under spawn->initialize on this machine. */
function bareNode() {
  const started = performance.now();
  execFileSync(process.execPath, ['-e', '0']);
  return performance.now() - started;
}

/** GNU time, for the CPU a process used (user + system, 10 ms steps): on a shared machine the wall clock mostly measures the others. */
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/**
 * Runs node with `args` to its end: the wall-clock ms from spawn to exit, and its CPU ms (when GNU time is there).
 * Exit status 1 (`shipshape check` found something) is expected.
 */
function timedNode(args, options = {}) {
  const timeFile = join(tmpdir(), `shipshape-bench-time-${process.pid}`);
  const [command, argv] = TIME
    ? [TIME, ['-f', '%U %S', '-o', timeFile, process.execPath, ...args]]
    : [process.execPath, args];
  const started = performance.now();
  try {
    execFileSync(command, argv, { stdio: ['ignore', 'ignore', 'pipe'], ...options });
  } catch (error) {
    // 1 is `shipshape check` finding errors; a crash (also status 1, from Node) says so on stderr.
    if (error.status !== 1 || /Error|node:internal/.test(String(error.stderr))) throw error;
  }
  const wallMs = performance.now() - started;
  if (!TIME) return { wallMs };
  const [user, system] = readFileSync(timeFile, 'utf8').trim().split(/\s+/).slice(-2).map(Number);
  rmSync(timeFile, { force: true });
  return { wallMs, cpuMs: Math.round((user + system) * 1000) };
}

/**
 * `shipshape check FILE` as a user runs it, in a folder of its own (no config file above it); `cache` is the
 * code-cache folder (or `off`).
 */
function cliRun(folder, file, cache) {
  return timedNode([CLI, 'check', file], { cwd: folder, env: { ...process.env, SHIPSHAPE_CODE_CACHE: cache } });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const bareNodeMs = median([0, 1, 2, 3, 4].map(bareNode));
const rounds = [];
for (let index = 0; index < ROUNDS; index++) rounds.push(await round());

const folder = mkdtempSync(join(tmpdir(), 'shipshape-bench-cli-'));
const cache = join(folder, 'code-cache');
writeFileSync(join(folder, 'web.yaml'), DEPLOYMENT);
writeFileSync(join(folder, 'Dockerfile'), SMALL_DOCKERFILE);
const cli = { yaml: [], dockerfile: [], yamlNoCache: [], dockerfileNoCache: [] };
// The first run of each makes the code cache (and is not counted); the others, in turns, use it or not.
cliRun(folder, 'web.yaml', cache);
cliRun(folder, 'Dockerfile', cache);
const bareNodeRuns = [];
for (let index = 0; index < ROUNDS; index++) {
  bareNodeRuns.push(timedNode(['-e', '0']));
  cli.yaml.push(cliRun(folder, 'web.yaml', cache));
  cli.dockerfile.push(cliRun(folder, 'Dockerfile', cache));
  cli.yamlNoCache.push(cliRun(folder, 'web.yaml', 'off'));
  cli.dockerfileNoCache.push(cliRun(folder, 'Dockerfile', 'off'));
}
rmSync(folder, { recursive: true, force: true });

const figures = {
  initializeMs: median(rounds.map((r) => r.initializeMs)),
  initializeCpuMs: median(rounds.map((r) => r.initializeCpuMs)),
  yamlFirstDiagnosticsMs: median(rounds.map((r) => r.yamlMs)),
  dockerfileFirstDiagnosticsMs: median(rounds.map((r) => r.dockerfileMs)),
  cliYamlMs: median(cli.yaml.map((r) => r.wallMs)),
  cliDockerfileMs: median(cli.dockerfile.map((r) => r.wallMs)),
  cliYamlNoCacheMs: median(cli.yamlNoCache.map((r) => r.wallMs)),
  cliDockerfileNoCacheMs: median(cli.dockerfileNoCache.map((r) => r.wallMs)),
  cliYamlCpuMs: median(cli.yaml.map((r) => r.cpuMs ?? NaN)),
  cliDockerfileCpuMs: median(cli.dockerfile.map((r) => r.cpuMs ?? NaN)),
  bareNodeCpuMs: median(bareNodeRuns.map((r) => r.cpuMs ?? NaN)),
};
const all = (key) => rounds.map((r) => Math.round(r[key])).join(', ');
console.log(`\nStart-up (median of ${ROUNDS} fresh servers):`);
console.log(
  `  ${figures.initializeMs < 150 ? 'met ' : 'MISS'}  spawn->initialize ${figures.initializeMs.toFixed(0)} ms (target < 150 ms) [${all('initializeMs')}]`,
);
console.log(
  `        server CPU until initialize answered ${figures.initializeCpuMs} ms [${all('initializeCpuMs')}]; a bare \`node -e 0\` here takes ${bareNodeMs.toFixed(0)} ms`,
);
console.log(
  `  ${figures.yamlFirstDiagnosticsMs < 300 ? 'met ' : 'MISS'}  small Deployment open->first diagnostics ${figures.yamlFirstDiagnosticsMs.toFixed(0)} ms (target < 300 ms) [${all('yamlMs')}]`,
);
console.log(
  `  ${figures.dockerfileFirstDiagnosticsMs < 300 ? 'met ' : 'MISS'}  small Dockerfile open->first diagnostics ${figures.dockerfileFirstDiagnosticsMs.toFixed(0)} ms (target < 300 ms) [${all('dockerfileMs')}]`,
);
const walls = (runs) => runs.map((run) => Math.round(run.wallMs)).join(', ');
console.log(`\n\`shipshape check\` of one small file, whole process, spawn to exit (median of ${ROUNDS}):`);
for (const { label, runs, noCache } of [
  { label: '17-line Deployment', runs: cli.yaml, noCache: cli.yamlNoCache },
  { label: '2-line Dockerfile', runs: cli.dockerfile, noCache: cli.dockerfileNoCache },
]) {
  const wallMs = median(runs.map((run) => run.wallMs));
  const cpu = TIME ? `, CPU ${median(runs.map((run) => run.cpuMs))} ms` : '';
  console.log(
    `  ${wallMs < 100 ? 'met ' : 'MISS'}  ${label} ${wallMs.toFixed(0)} ms${cpu} (target < 100 ms) [${walls(runs)}]; without the code cache ${median(noCache.map((run) => run.wallMs)).toFixed(0)} ms [${walls(noCache)}]`,
  );
}
console.log(
  `        a bare \`node -e 0\` here takes ${median(bareNodeRuns.map((run) => run.wallMs)).toFixed(0)} ms${TIME ? `, CPU ${figures.bareNodeCpuMs} ms` : ''}`,
);
if (options.json) writeFileSync(options.json, JSON.stringify({ rounds, cli, figures }, null, 2));
