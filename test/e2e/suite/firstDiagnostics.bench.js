// extensionTestsPath of bench/vscode.mjs (not a test: it asserts nothing about speed), in two kinds of fresh window on
// a folder that holds no YAML and no Dockerfile. It writes three small Deployments and a small Dockerfile and opens
// them in editors, recording with performance.now() when each open began, when the editor showed, and when
// Shipshape's first diagnostics for it arrived; Shipshape's exports say when its own start-up steps happened. One
// JSON record goes to the results file the runner tails.
//   cold (this file): the first Deployment is opened as soon as the extension host runs the bench, the moment the
//     window starts: its diagnostics wait for Shipshape's activation and its server's start (a second one
//     half a second later, the third and the Dockerfile after a pause, when the server runs);
//   afterStartup (afterStartup.bench.js): the user's usual path. The window has started, Shipshape has activated by
//     itself (onStartupFinished) and its client is ready (waited for, with a deadline); a pause later, as a user
//     opens a file, the first Deployment, then the Dockerfile and another Deployment after pauses.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

const EXTENSION_ID = 'shipshape.shipshape';
const SOURCE = 'shipshape';
const TIMEOUT_MS = 60_000;
/** A pause before the later opens: the server's start-up work in the background is over by then. */
const SETTLE_MS = 2_000;
/** cold: the second Deployment is opened this long after the first one's diagnostics. */
const SECOND_AFTER_MS = 500;
/** afterStartup: how long Shipshape may take to activate by itself and have its server ready, after the bench starts. */
const ACTIVATION_TIMEOUT_MS = 30_000;

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

/** Resolves with performance.now() when Shipshape's diagnostics for `uri` first hold something. */
function firstDiagnostics(uri) {
  const key = uri.toString();
  const ours = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
  return new Promise((resolve, reject) => {
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (!event.uris.some((changed) => changed.toString() === key)) return;
      if (ours().length === 0) return;
      const at = performance.now();
      done();
      resolve(at);
    });
    const timer = setTimeout(() => {
      done();
      reject(new Error(`no Shipshape diagnostics for ${uri.path} within ${TIMEOUT_MS} ms`));
    }, TIMEOUT_MS);
    function done() {
      clearTimeout(timer);
      subscription.dispose();
    }
  });
}

/** CPU time (user + system, ms) this extension host has used so far. */
function hostCpuMs() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** The process id of the Shipshape language server (a child of this extension host), from /proc; or undefined. */
function serverPid() {
  try {
    const children = fs.readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8').trim().split(/\s+/);
    for (const pid of children) {
      const command = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (command.includes(path.join('server', 'out', 'server.js'))) return pid;
    }
  } catch {
    // Not Linux, or the process just ended: no figure.
  }
  return undefined;
}

/**
 * CPU time (ms) the Shipshape language server has used so far, from /proc; undefined where there is no /proc or no
 * server. On a shared, loaded machine the wall clock mostly measures the others: CPU time says what this work costs.
 */
function serverCpuMs() {
  const pid = serverPid();
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // clock ticks of 10 ms
  } catch {
    return undefined;
  }
}

/** The language server's resident memory (MB), from /proc; undefined where there is none. */
function serverRssMb() {
  const pid = serverPid();
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)[1]) / 1024;
  } catch {
    return undefined;
  }
}

/**
 * afterStartup: waits until Shipshape has activated by itself and its language client is ready (its exports say when);
 * never activates it (that would be the open's work). Rejects, saying what it saw, after ACTIVATION_TIMEOUT_MS.
 */
async function activatedAtStartup(extension) {
  const deadline = performance.now() + ACTIVATION_TIMEOUT_MS;
  while (performance.now() < deadline) {
    const startup = extension.isActive ? /** @type {any} */ (extension.exports)?.startup : undefined;
    if (startup?.clientReady > 0) return startup;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(
    `Shipshape did not activate by itself (onStartupFinished) with its language client ready within ${ACTIVATION_TIMEOUT_MS} ms of the window's start (active: ${extension.isActive})`,
  );
}

/** Opens `uri` in an editor: when the open began, the document was there, the editor showed, diagnostics arrived. */
async function openAndWait(uri) {
  const diagnosed = firstDiagnostics(uri);
  const hostCpuBefore = hostCpuMs();
  const serverCpuBefore = serverCpuMs() ?? 0;
  const began = performance.now();
  const document = await vscode.workspace.openTextDocument(uri);
  const opened = performance.now();
  await vscode.window.showTextDocument(document, { preview: false });
  const shown = performance.now();
  const diagnostics = await diagnosed;
  const serverCpu = serverCpuMs();
  return {
    began,
    opened,
    shown,
    diagnostics,
    hostCpuMs: hostCpuMs() - hostCpuBefore,
    serverCpuMs: serverCpu === undefined ? undefined : serverCpu - serverCpuBefore,
  };
}

/** Diagnosis (bench/vscode.mjs --profile): a CPU profile of this extension host during the first open. */
async function startProfiler() {
  const inspector = require('node:inspector');
  const session = new inspector.Session();
  session.connect();
  const post = (method, params) =>
    new Promise((resolve, reject) =>
      session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
    );
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 250 });
  await post('Profiler.start');
  return {
    async stop(file) {
      const { profile } = /** @type {any} */ (await post('Profiler.stop'));
      fs.writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

/** @param {'cold' | 'afterStartup'} kind */
async function bench(kind) {
  const results = process.env.SHIPSHAPE_E2E_RESULTS;
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the bench window has no workspace folder');
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded`);
  const activeBefore = extension.isActive;
  const benchStarted = performance.now();
  const hostUptimeMs = process.uptime() * 1000;
  const files = {
    deployment: path.join(folder.uri.fsPath, 'web.yaml'),
    second: path.join(folder.uri.fsPath, 'api.yaml'),
    settled: path.join(folder.uri.fsPath, 'db.yaml'),
    dockerfile: path.join(folder.uri.fsPath, 'Dockerfile'),
  };
  // performance.now() + wallOrigin: the wall clock, which the window's page shares (bench/vscode.mjs: squiggles).
  const record = { event: 'bench', kind, activeBefore, benchStarted, hostUptimeMs, wallOrigin: performance.timeOrigin };
  const pause = () => new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  try {
    if (kind === 'afterStartup') {
      // The window as a user finds it: Shipshape active, its server idle, no file open yet.
      record.startup = await activatedAtStartup(extension);
      await pause();
      record.idle = { serverRssMb: serverRssMb(), serverCpuMs: serverCpuMs(), hostCpuMs: hostCpuMs() };
    }
    fs.writeFileSync(files.deployment, DEPLOYMENT);
    fs.writeFileSync(files.second, DEPLOYMENT.replace(/web/g, 'api'));
    fs.writeFileSync(files.settled, DEPLOYMENT.replace(/web/g, 'db'));
    fs.writeFileSync(files.dockerfile, DOCKERFILE);
    // afterStartup: the files' creation (file watcher, index) is over before the user opens one.
    if (kind === 'afterStartup') await pause();
    const profiler = process.env.SHIPSHAPE_BENCH_PROFILE ? await startProfiler() : undefined;
    record.deployment = await openAndWait(vscode.Uri.file(files.deployment));
    if (profiler) await profiler.stop(`${process.env.SHIPSHAPE_BENCH_PROFILE}.${kind}.cpuprofile`);
    record.startup ??= /** @type {any} */ (extension.exports)?.startup;
    if (kind === 'cold') {
      // Soon: the server may still be busy with its start's background work (worker threads, warm-up, index). Not at
      // once: the first file's squiggles need the editor a little longer to be painted (bench/vscode.mjs looks).
      await new Promise((resolve) => setTimeout(resolve, SECOND_AFTER_MS));
      record.second = await openAndWait(vscode.Uri.file(files.second));
      // Once that is over, as when a user opens the next file.
      await pause();
      record.settled = await openAndWait(vscode.Uri.file(files.settled));
      await pause();
      record.dockerfile = await openAndWait(vscode.Uri.file(files.dockerfile));
    } else {
      // The first Dockerfile of the window (its engine loads then), then a Deployment with everything warm.
      await pause();
      record.dockerfile = await openAndWait(vscode.Uri.file(files.dockerfile));
      await pause();
      record.settled = await openAndWait(vscode.Uri.file(files.settled));
    }
  } catch (error) {
    record.error = String((error && error.stack) || error);
  }
  if (results) fs.appendFileSync(results, `${JSON.stringify(record)}\n${JSON.stringify({ event: 'end' })}\n`);
  if (record.error) throw new Error(record.error);
}

exports.bench = bench;
exports.run = () => bench('cold');
