// `npm run bench` (issue 16 item 4): how soon a small file opened in the real VS Code shows Shipshape's diagnostics.
// The e2e harness's VS Code (code-server 4.100.3 driven by Debian's Chromium, test/e2e/lib/*) opens fresh windows on
// empty folders; inside their extension host, test/e2e/suite/firstDiagnostics.bench.js opens small files in editors,
// each timed from the open to its first diagnostics with performance.now(). Two kinds of window per round:
//   after start-up (the user's usual path): the window has started and Shipshape has activated by itself
//     (onStartupFinished) with its server ready; a moment later the user opens the first small Deployment, then a
//     Dockerfile and another Deployment. Also the idle server's memory and CPU in that window before any file opens.
//   cold: the first Deployment is opened the moment the window starts, so its diagnostics include Shipshape's
//     activation and its server's start (with the steps); then a second one half a second later, a third one and a small
//     Dockerfile after a pause (the server runs).
// Each open is timed to when its diagnostics are on screen: the window's page notes (wall clock) when the editor shows
// the file's text and when squiggles appear in it (a MutationObserver; firstDiagnostics.bench.js's own wait, VS Code's
// onDidChangeDiagnostics in the extension host, fires 50 ms after the diagnostics arrive, and the editor may paint them
// later still: both are printed beside, and so is when the editor showed the text, VS Code's own part).
// Medians of ROUNDS rounds. Skips, saying why, when the e2e set-up (code-server, Chromium) is missing.
//
//   node bench/vscode.mjs [--rounds 5] [--root <tree>] [--compare <tree>] [--json out.json] [--trace] [--profile]
//
// --root measures another build of the extension (a tree with client/out and server/out built, e.g. main's in a
// `git worktree` under /tmp) with this harness; --compare measures a second one in the same run, window for window.
// A build that does not activate at start-up (no onStartupFinished in its package.json) has only cold windows. Each
// build's first window is a new install's (it writes the code caches) and is reported on its own.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
    // Diagnosis: a CPU profile of the extension host during each window's first open (scratch dir, kept; the last
    // window of each kind).
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
/** Whether the build's extension activates when the window has started (package.json activationEvents). */
const activatesAtStartup = (root) =>
  (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).activationEvents ?? []).includes('onStartupFinished');
/** The builds measured, their windows interleaved so that both see the same load. */
const builds = [EXTENSION_ROOT, ...(options.compare ? [resolve(options.compare)] : [])].map((root) => ({
  root,
  atStartup: activatesAtStartup(root),
  /** A new install's first window (cold): the code caches are written then, for the windows after it. */
  first: undefined,
  /** Cold windows. */
  rounds: [],
  /** After start-up windows (none for a build that does not activate at start-up). */
  usual: [],
}));
const load = [loadavg()[0]];
let server;
let browser;
let windows = 0;
/** Opens one fresh window of `build` on a new, empty folder; returns its figures. */
async function window(build, kind = 'cold') {
  // A new folder per window: nothing of the previous window's workspace state is reused.
  const workspace = join(scratchRoot, `ws-${windows++}`);
  mkdirSync(workspace);
  if (options.trace) {
    mkdirSync(join(workspace, '.vscode'));
    writeFileSync(join(workspace, '.vscode', 'settings.json'), '{ "shipshape.trace.server": "verbose" }\n');
  }
  /** @type {any} */
  let record = undefined;
  /** When squiggles appeared in, or went from, the window's editors (its wall clock): [ms, shown]. */
  const squiggles = [];
  /** What the window's editor showed, each time it changed: [ms, its text]. */
  const texts = [];
  const outcome = await runHostSuite({
    browser,
    server,
    workspace,
    developmentPath: build.root,
    testsPath: join(E2E, 'suite', kind === 'cold' ? 'firstDiagnostics.bench.js' : 'afterStartup.bench.js'),
    resultsFile,
    logFile: join(scratchRoot, `window-${windows}.log`),
    onResult: (result) => {
      if (result.event === 'bench') record = result;
    },
    timeoutMs: 120_000,
    onPage: async (page) => {
      await page.exposeFunction('shipshapeBenchSquiggles', (at, shown) => squiggles.push([at, shown]));
      await page.exposeFunction('shipshapeBenchText', (at, lines) => texts.push([at, lines]));
      await page.addInitScript(watchSquiggles);
    },
  });
  if (!record || record.error)
    throw new Error(
      `window ${windows} (${kind}, ${build.root}): ${record?.error ?? `no result (exit ${outcome.exitCode}${outcome.timedOut ? ', timed out' : ''})`}; see ${scratchRoot}`,
    );
  load.push(loadavg()[0]);
  onScreen(record, squiggles, texts);
  return { ...(kind === 'cold' ? figuresOf(record) : usualFiguresOf(record)), record };
}

/**
 * In the window's page, before the workbench loads: notes (wall clock) each time squiggles appear in an editor, and
 * each time they are all gone. The user sees the diagnostics then; the extension host's onDidChangeDiagnostics, which
 * firstDiagnostics.bench.js waits on, fires 50 ms after the diagnostics arrive (VS Code debounces it).
 */
function watchSquiggles() {
  // Runs in the window's page, not in Node: its globals are the page's.
  const { document, MutationObserver } = /** @type {any} */ (globalThis);
  let shown = false;
  let text = '';
  new MutationObserver(() => {
    const now = document.querySelector('.monaco-editor [class*="squiggly-"]') !== null;
    if (now !== shown)
      /** @type {any} */ (window).shipshapeBenchSquiggles(performance.timeOrigin + performance.now(), now);
    shown = now;
    // And what the editor shows (its text), to tell the editor's own first paint from the diagnostics'.
    const lines = document.querySelector('.monaco-editor .view-lines')?.textContent ?? '';
    if (lines !== text)
      /** @type {any} */ (window).shipshapeBenchText(performance.timeOrigin + performance.now(), lines.slice(0, 200));
    text = lines;
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
}

/**
 * Sets each opened file's `textOnScreen` and `onScreen` (extension host ms, like its other times): the first moment
 * after its open began when the editor showed its text, and showed it with squiggles. The editor's text tells which
 * file the squiggles are of.
 */
function onScreen(record, squiggles, texts) {
  const timeline = [
    ...squiggles.map(([at, shown]) => ({ at, shown })),
    ...texts.map(([at, lines]) => ({ at, lines: lines.replace(/\s/g, '') })),
  ].sort((a, b) => a.at - b.at);
  for (const key of ['deployment', 'second', 'settled', 'dockerfile']) {
    if (!record[key]) continue;
    const began = record.wallOrigin + record[key].began;
    const marker = FILE_MARKERS[key];
    let shown = false;
    let lines = '';
    record[key].textOnScreen = NaN;
    record[key].onScreen = NaN;
    for (const event of timeline) {
      if ('shown' in event) shown = event.shown;
      else lines = event.lines;
      if (event.at < began || !lines.includes(marker)) continue;
      if (Number.isNaN(record[key].textOnScreen)) record[key].textOnScreen = event.at - record.wallOrigin;
      if (shown) {
        record[key].onScreen = event.at - record.wallOrigin;
        break;
      }
    }
  }
}

/** A line only that file has (firstDiagnostics.bench.js writes them), without spaces (the editor shows &nbsp;). */
const FILE_MARKERS = { deployment: 'name:web', second: 'name:api', settled: 'name:db', dockerfile: 'FROMnode' };

try {
  server = await startCodeServer({
    scratch: join(scratchRoot, 'server'),
    env: {
      SHIPSHAPE_E2E_RESULTS: resultsFile,
      ...(options.profile ? { SHIPSHAPE_BENCH_PROFILE: join(scratchRoot, 'extension-host') } : {}),
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
  for (let index = 0; index < ROUNDS; index++)
    for (const build of builds) {
      if (build.atStartup) build.usual.push(await window(build, 'afterStartup'));
      build.rounds.push(await window(build));
    }
} catch (error) {
  console.error(String(error?.stack ?? error));
  process.exitCode = 1;
} finally {
  await browser?.close().catch(() => undefined);
  await server?.stop();
  if (process.exitCode !== 1 && !options.trace && !options.profile)
    rmSync(scratchRoot, { recursive: true, force: true });
}

/** An after start-up window's figures (ms, MB) from the extension host's timestamps. */
function usualFiguresOf(record) {
  const { deployment: first, settled, dockerfile, startup, idle } = record;
  return {
    firstYamlMs: first.onScreen - first.began,
    firstYamlEventMs: first.diagnostics - first.began,
    firstTextMs: first.textOnScreen - first.began,
    firstHostCpuMs: first.hostCpuMs,
    firstServerCpuMs: first.serverCpuMs ?? NaN,
    dockerfileMs: dockerfile.onScreen - dockerfile.began,
    dockerfileEventMs: dockerfile.diagnostics - dockerfile.began,
    dockerfileTextMs: dockerfile.textOnScreen - dockerfile.began,
    dockerfileServerCpuMs: dockerfile.serverCpuMs ?? NaN,
    settledYamlMs: settled.onScreen - settled.began,
    settledYamlEventMs: settled.diagnostics - settled.began,
    settledTextMs: settled.textOnScreen - settled.began,
    // performance.now() of the extension host counts from its start.
    activatedAtMs: startup.activated,
    clientReadyAtMs: startup.clientReady,
    idleServerRssMb: idle.serverRssMb ?? NaN,
    idleServerCpuMs: idle.serverCpuMs ?? NaN,
  };
}

/** A cold window's figures (ms) from the extension host's timestamps. */
function figuresOf(record) {
  const { deployment: first, second, settled, dockerfile, startup } = record;
  return {
    activeBefore: record.activeBefore,
    firstYamlMs: first.onScreen - first.began,
    firstYamlEventMs: first.diagnostics - first.began,
    firstTextMs: first.textOnScreen - first.began,
    secondYamlMs: second.onScreen - second.began,
    secondYamlEventMs: second.diagnostics - second.began,
    settledYamlMs: settled.onScreen - settled.began,
    settledYamlEventMs: settled.diagnostics - settled.began,
    settledTextMs: settled.textOnScreen - settled.began,
    dockerfileMs: dockerfile.onScreen - dockerfile.began,
    dockerfileEventMs: dockerfile.diagnostics - dockerfile.began,
    dockerfileTextMs: dockerfile.textOnScreen - dockerfile.began,
    // On screen, from the server's answer to initialize.
    readyToScreenMs: startup ? first.onScreen - startup.clientReady : NaN,
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

/** The median of the figures measured (NaN: not seen, e.g. squiggles the next open replaced before they were painted). */
const median = (values) => {
  const seen = values.filter((value) => !Number.isNaN(value)).sort((a, b) => a - b);
  return seen.length === 0 ? NaN : seen[Math.floor(seen.length / 2)];
};
/** Prints one build's figures: the medians of its windows after the first, with every window's figure. */
function report(build) {
  const lines = (rounds) => {
    const all = (key) =>
      rounds.map((round) => (Number.isNaN(round[key]) ? 'not seen' : Math.round(round[key]))).join(', ');
    const figure = (key) => median(rounds.map((round) => round[key]));
    const verdict = (key) => (Number.isNaN(figure(key)) ? 'n/a ' : figure(key) < TARGET_MS ? 'met ' : 'MISS');
    return {
      line: (key, what) =>
        console.log(`  ${verdict(key)}  ${what} ${figure(key).toFixed(0)} ms (target < ${TARGET_MS} ms) [${all(key)}]`),
      step: (key, what, unit = 'ms') =>
        console.log(
          Number.isNaN(figure(key))
            ? `          ${what}: n/a (not measured: this build exports no start-up timings, or no /proc)`
            : `          ${what} ${figure(key).toFixed(0)} ${unit} [${all(key)}]`,
        ),
    };
  };
  console.log(`\n${build.root}:`);
  if (build.usual.length === 0)
    console.log(
      `  the user's usual path (a file opened once the window has started): n/a, this build does not activate at start-up (no onStartupFinished)`,
    );
  else {
    const { line, step } = lines(build.usual);
    console.log(
      `  the user's usual path: a fresh window on an empty folder, Shipshape activated by itself at start-up, the files opened a moment later (median of ${build.usual.length} windows):`,
    );
    line('firstYamlMs', 'first file of the window (small Deployment) open->its diagnostics on screen');
    step('firstYamlEventMs', "open->VS Code's onDidChangeDiagnostics in the extension host (50 ms debounce)");
    step('firstTextMs', "open->the file's text on screen (VS Code's own editor, whatever the extensions)");
    step('firstHostCpuMs', 'CPU of the extension host meanwhile');
    step('firstServerCpuMs', 'CPU of the language server meanwhile');
    step('activatedAtMs', 'activate() called, after the extension host started');
    step('clientReadyAtMs', 'language client ready (server answered initialize), after the extension host started');
    step('idleServerRssMb', 'the idle server before any file opened: resident memory', 'MB');
    step('idleServerCpuMs', 'the idle server before any file opened: CPU since it started');
    line('dockerfileMs', "the window's first small Dockerfile open->its diagnostics on screen");
    step('dockerfileEventMs', 'open->onDidChangeDiagnostics');
    step('dockerfileTextMs', "open->the file's text on screen");
    step('dockerfileServerCpuMs', 'CPU of the language server meanwhile');
    line('settledYamlMs', 'next small Deployment open->its diagnostics on screen');
    step('settledYamlEventMs', 'open->onDidChangeDiagnostics');
    step('settledTextMs', "open->the file's text on screen");
  }
  const { rounds } = build;
  const { line, step } = lines(rounds);
  console.log(
    `  the cold path: a fresh window on an empty folder, the first file opened the moment the window starts (median of ${rounds.length} windows after the first):`,
  );
  if (rounds.some((round) => round.activeBefore))
    console.log('  note: Shipshape was already active when a window opened its first file');
  line(
    'firstYamlMs',
    'first file (small Deployment) open->its diagnostics on screen, activation and server start included',
  );
  step('firstYamlEventMs', "open->VS Code's onDidChangeDiagnostics in the extension host (50 ms debounce)");
  step('firstTextMs', "open->the file's text on screen (VS Code's own editor, whatever the extensions)");
  step('openToActivateMs', 'open -> activate() called (VS Code loads the extension; < 0: activated at start-up first)');
  step('activateToClientStartMs', 'activate() -> language client starting');
  step('serverStartMs', 'client starting -> server answered initialize');
  step('readyToDiagnosticsMs', 'server ready -> onDidChangeDiagnostics');
  step('readyToScreenMs', 'server ready -> on screen');
  step('firstHostCpuMs', 'CPU of the extension host meanwhile');
  step('firstServerCpuMs', 'CPU of the language server meanwhile (its whole start)');
  console.log(
    `          a new install's first window (no code cache yet): ${Math.round(build.first.firstYamlMs)} ms, extension host CPU ${Math.round(build.first.firstHostCpuMs)} ms, server CPU ${Math.round(build.first.firstServerCpuMs)} ms`,
  );
  line('settledYamlMs', 'next small Deployment open->its diagnostics on screen, server running');
  step('settledYamlEventMs', 'open->onDidChangeDiagnostics');
  step('settledTextMs', "open->the file's text on screen");
  step('settledHostCpuMs', 'CPU of the extension host meanwhile');
  step('settledServerCpuMs', 'CPU of the language server meanwhile');
  line('dockerfileMs', 'small Dockerfile open->its diagnostics on screen, server running');
  step('dockerfileEventMs', 'open->onDidChangeDiagnostics');
  step('dockerfileTextMs', "open->the file's text on screen");
  step('dockerfileHostCpuMs', 'CPU of the extension host meanwhile');
  step('dockerfileServerCpuMs', 'CPU of the language server meanwhile');
  step(
    'secondYamlMs',
    "a Deployment opened half a second after the first one's diagnostics (the server's start-up work under way), on screen",
  );
  step('secondServerCpuMs', 'CPU of the language server meanwhile (its worker threads included)');
}

if (builds.every((build) => build.rounds.length === ROUNDS)) {
  console.log(
    `\nVS Code first diagnostics (code-server 4.100.3, fresh windows on empty folders${builds.length > 1 ? ", the builds' windows interleaved" : ''}; load ${load.map((value) => value.toFixed(1)).join(' ')}; one window not counted first, to warm code-server and Chromium up):`,
  );
  for (const build of builds) report(build);
  if (options.trace) console.log(`  traces: ${scratchRoot}/server/user-data/logs`);
  if (options.profile) console.log(`  extension host profiles (last window of each kind): ${scratchRoot}/*.cpuprofile`);
  if (options.json) writeFileSync(options.json, JSON.stringify({ builds, load }, null, 2));
}
