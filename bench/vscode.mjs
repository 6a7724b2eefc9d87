// `npm run bench` (issue 16 item 4): how soon a small file opened in the real VS Code shows Shipshape's diagnostics.
// The e2e harness's VS Code (code-server 4.100.3 driven by Debian's Chromium, test/e2e/lib/*) opens a fresh window
// per round on an empty folder; inside its extension host, test/e2e/suite/firstDiagnostics.bench.js opens a small
// Deployment (the first file: Shipshape activates, starts its server, then validates), a second one at once, a third
// one and a small Dockerfile after a pause (the server runs), each timed from the open to its first diagnostics with
// performance.now().
// Median of ROUNDS windows. Skips, saying why, when the e2e set-up (code-server, Chromium) is missing.
//
//   node bench/vscode.mjs [--rounds 5] [--root <tree>] [--compare <tree>] [--json out.json] [--trace] [--profile]
//
// --root measures another build of the extension (a tree with client/out and server/out built, e.g. main's in a
// `git worktree` under /tmp) with this harness; --compare measures a second one in the same run, window for window.
// Each build's first window is a new install's (it writes the code caches) and is reported on its own.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const E2E = join(ROOT, 'test', 'e2e');
const TARGET_MS = 300;

const { values: options } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    root: { type: 'string' },
    // Another build, measured in the same run, its windows alternating with --root's (e.g. main's, for an A/B).
    compare: { type: 'string' },
    json: { type: 'string' },
    // Diagnosis: the LSP messages, timestamped, in each window's Shipshape log (user-data/logs); keeps the scratch dir.
    trace: { type: 'boolean', default: false },
    // Diagnosis: a CPU profile of the extension host during each window's first open (scratch dir, kept).
    profile: { type: 'boolean', default: false },
  },
});
const ROUNDS = Number(options.rounds);
const EXTENSION_ROOT = resolve(options.root ?? ROOT);

/** Why this bench cannot run here, or undefined. */
async function unavailable() {
  if (!existsSync(join(E2E, 'node_modules', 'code-server', 'out', 'node', 'entry.js')))
    return 'code-server is not installed (npm run test:e2e:setup)';
  if (!existsSync(join(E2E, 'node_modules', 'playwright-core')))
    return 'playwright-core is not installed (npm run test:e2e:setup)';
  const { CHROMIUM } = await import('../test/e2e/lib/browser.mjs');
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} is missing (npm run test:e2e:setup)`;
  for (const root of [EXTENSION_ROOT, ...(options.compare ? [resolve(options.compare)] : [])])
    for (const bundle of ['client/out/extension.js', 'server/out/server.js'])
      if (!existsSync(join(root, bundle))) return `${join(root, bundle)} is missing (npm run build)`;
  return undefined;
}

const reason = await unavailable();
if (reason) {
  console.log(`\nVS Code first diagnostics: skipped (${reason})`);
  process.exit(0);
}

const { startCodeServer } = await import('../test/e2e/lib/codeServer.mjs');
const { launchBrowser } = await import('../test/e2e/lib/browser.mjs');
const { runHostSuite } = await import('../test/e2e/lib/hostSuite.mjs');

const scratchRoot = mkdtempSync(join(tmpdir(), 'shipshape-bench-vscode-'));
const resultsFile = join(scratchRoot, 'results.jsonl');
/** The builds measured, their windows interleaved so that both see the same load. */
const builds = [EXTENSION_ROOT, ...(options.compare ? [resolve(options.compare)] : [])].map((root) => ({
  root,
  /** A new install's first window: the code caches are written then, for the windows after it. */
  first: undefined,
  rounds: [],
}));
const load = [loadavg()[0]];
let server;
let browser;
let windows = 0;
/** Opens one fresh window of `build` on a new, empty folder; returns its figures. */
async function window(build) {
  // A new folder per window: nothing of the previous window's workspace state is reused.
  const workspace = join(scratchRoot, `ws-${windows++}`);
  mkdirSync(workspace);
  if (options.trace) {
    mkdirSync(join(workspace, '.vscode'));
    writeFileSync(join(workspace, '.vscode', 'settings.json'), '{ "shipshape.trace.server": "verbose" }\n');
  }
  /** @type {any} */
  let record = undefined;
  const outcome = await runHostSuite({
    browser,
    server,
    workspace,
    developmentPath: build.root,
    testsPath: join(E2E, 'suite', 'firstDiagnostics.bench.js'),
    resultsFile,
    logFile: join(scratchRoot, `window-${windows}.log`),
    onResult: (result) => {
      if (result.event === 'bench') record = result;
    },
    timeoutMs: 120_000,
  });
  if (!record || record.error)
    throw new Error(
      `window ${windows} (${build.root}): ${record?.error ?? `no result (exit ${outcome.exitCode}${outcome.timedOut ? ', timed out' : ''})`}; see ${scratchRoot}`,
    );
  load.push(loadavg()[0]);
  return { ...figuresOf(record), record };
}
try {
  server = await startCodeServer({
    scratch: join(scratchRoot, 'server'),
    env: {
      SHIPSHAPE_E2E_RESULTS: resultsFile,
      ...(options.profile ? { SHIPSHAPE_BENCH_PROFILE: join(scratchRoot, 'extension-host.cpuprofile') } : {}),
    },
  });
  browser = await launchBrowser(join(scratchRoot, 'chromium-profile'));
  // code-server and Chromium warm up on a window that is not counted; the code caches it wrote are then deleted, so
  // that each build's first window is a new install's.
  await window(builds[0]);
  // Its extension host and server save their caches as they exit.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  rmSync(join(server.dirs.userData, 'User', 'globalStorage', 'shipshape.shipshape', 'code-cache'), {
    recursive: true,
    force: true,
  });
  for (const build of builds) build.first = await window(build);
  for (let index = 0; index < ROUNDS; index++) for (const build of builds) build.rounds.push(await window(build));
} catch (error) {
  console.error(String(error?.stack ?? error));
  process.exitCode = 1;
} finally {
  await browser?.close().catch(() => undefined);
  await server?.stop();
  if (process.exitCode !== 1 && !options.trace && !options.profile)
    rmSync(scratchRoot, { recursive: true, force: true });
}

/** One window's figures (ms) from the extension host's timestamps. */
function figuresOf(record) {
  const { deployment: first, second, settled, dockerfile, startup } = record;
  return {
    activeBefore: record.activeBefore,
    firstYamlMs: first.diagnostics - first.began,
    secondYamlMs: second.diagnostics - second.began,
    settledYamlMs: settled.diagnostics - settled.began,
    dockerfileMs: dockerfile.diagnostics - dockerfile.began,
    // The first open's steps: VS Code loads and activates the extension, the client starts the server and has its
    // `initialize` answer, then the server validates the document the client sent it.
    openToDocumentMs: first.opened - first.began,
    openToLoadedMs: startup ? startup.loaded - first.began : NaN,
    openToActivateMs: startup ? startup.activated - first.began : NaN,
    activateToClientStartMs: startup ? startup.clientStarting - startup.activated : NaN,
    serverStartMs: startup ? startup.clientReady - startup.clientStarting : NaN,
    readyToDiagnosticsMs: startup ? first.diagnostics - startup.clientReady : NaN,
    editorShownMs: first.shown - first.began,
    firstHostCpuMs: first.hostCpuMs,
    firstServerCpuMs: first.serverCpuMs ?? NaN,
    secondHostCpuMs: second.hostCpuMs,
    secondServerCpuMs: second.serverCpuMs ?? NaN,
    settledHostCpuMs: settled.hostCpuMs,
    settledServerCpuMs: settled.serverCpuMs ?? NaN,
    dockerfileHostCpuMs: dockerfile.hostCpuMs,
    dockerfileServerCpuMs: dockerfile.serverCpuMs ?? NaN,
  };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
/** Prints one build's figures: the medians of its windows after the first, with every window's figure. */
function report(build) {
  const { rounds } = build;
  const all = (key) => rounds.map((round) => Math.round(round[key])).join(', ');
  const figure = (key) => median(rounds.map((round) => round[key]));
  const verdict = (key) => (figure(key) < TARGET_MS ? 'met ' : 'MISS');
  const line = (key, what) =>
    console.log(`  ${verdict(key)}  ${what} ${figure(key).toFixed(0)} ms (target < ${TARGET_MS} ms) [${all(key)}]`);
  const step = (key, what) =>
    console.log(
      Number.isNaN(figure(key))
        ? `          ${what}: n/a (not measured: this build exports no start-up timings, or no /proc)`
        : `          ${what} ${figure(key).toFixed(0)} ms [${all(key)}]`,
    );
  console.log(`\n${build.root} (median of ${rounds.length} windows after the first):`);
  if (rounds.some((round) => round.activeBefore))
    console.log('  note: Shipshape was already active when a window opened its first file');
  line('firstYamlMs', 'first file (small Deployment) open->first diagnostics, activation and server start included');
  step('openToActivateMs', 'open -> activate() called (VS Code loads the extension)');
  step('activateToClientStartMs', 'activate() -> language client starting');
  step('serverStartMs', 'client starting -> server answered initialize');
  step('readyToDiagnosticsMs', 'server ready -> first diagnostics');
  step('firstHostCpuMs', 'CPU of the extension host meanwhile');
  step('firstServerCpuMs', 'CPU of the language server meanwhile (its whole start)');
  console.log(
    `          a new install's first window (no code cache yet): ${Math.round(build.first.firstYamlMs)} ms, extension host CPU ${Math.round(build.first.firstHostCpuMs)} ms, server CPU ${Math.round(build.first.firstServerCpuMs)} ms`,
  );
  line('settledYamlMs', 'next small Deployment open->first diagnostics, server running');
  step('settledHostCpuMs', 'CPU of the extension host meanwhile');
  step('settledServerCpuMs', 'CPU of the language server meanwhile');
  line('dockerfileMs', 'small Dockerfile open->first diagnostics, server running');
  step('dockerfileHostCpuMs', 'CPU of the extension host meanwhile');
  step('dockerfileServerCpuMs', 'CPU of the language server meanwhile');
  step(
    'secondYamlMs',
    "a Deployment opened right after the first one's diagnostics (the server's start-up work still under way)",
  );
  step('secondServerCpuMs', 'CPU of the language server meanwhile (its worker threads included)');
}

if (builds.every((build) => build.rounds.length === ROUNDS)) {
  console.log(
    `\nVS Code first diagnostics (code-server 4.100.3, fresh windows on an empty folder${builds.length > 1 ? ", the builds' windows interleaved" : ''}; load ${load.map((value) => value.toFixed(1)).join(' ')}; one window not counted first, to warm code-server and Chromium up):`,
  );
  for (const build of builds) report(build);
  if (options.trace) console.log(`  traces: ${scratchRoot}/server/user-data/logs`);
  if (options.profile) console.log(`  extension host profile (last window): ${scratchRoot}/extension-host.cpuprofile`);
  if (options.json) writeFileSync(options.json, JSON.stringify({ builds, load }, null, 2));
}
