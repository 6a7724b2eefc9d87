// extensionTestsPath of bench/vscode.mjs (not a test: it asserts nothing about speed). Inside the extension host of a
// fresh window whose folder holds no YAML and no Dockerfile (so Shipshape is not active yet), it writes three small
// Deployments and a small Dockerfile, opens them one after the other in editors (the third and the Dockerfile after
// a pause), and records
// with performance.now() when each open began, when the editor showed, and when Shipshape's first diagnostics for it
// arrived. The first open pays for the extension's activation and the server's start; Shipshape's exports say when
// each of those steps happened. One JSON record goes to the results file the runner tails.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

const EXTENSION_ID = 'shipshape.shipshape';
const SOURCE = 'shipshape';
const TIMEOUT_MS = 60_000;
/** A pause before the later opens: the server's start-up work in the background is over by then. */
const SETTLE_MS = 2_000;

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

/**
 * CPU time (ms) the Shipshape language server (a child of this extension host) has
 * used so far, from /proc; undefined where there is no /proc or no such child. On a shared, loaded machine the wall
 * clock mostly measures the others: CPU time says what this work costs.
 */
function serverCpuMs() {
  try {
    const children = fs.readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8').trim().split(/\s+/);
    for (const pid of children) {
      const command = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!command.includes(path.join('server', 'out', 'server.js'))) continue;
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10; // clock ticks of 10 ms
    }
  } catch {
    // Not Linux, or the process just ended: no figure.
  }
  return undefined;
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

exports.run = async () => {
  const results = process.env.SHIPSHAPE_E2E_RESULTS;
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the bench window has no workspace folder');
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded`);
  const activeBefore = extension.isActive;
  const hostUptimeMs = process.uptime() * 1000;
  const files = {
    deployment: path.join(folder.uri.fsPath, 'web.yaml'),
    second: path.join(folder.uri.fsPath, 'api.yaml'),
    settled: path.join(folder.uri.fsPath, 'db.yaml'),
    dockerfile: path.join(folder.uri.fsPath, 'Dockerfile'),
  };
  fs.writeFileSync(files.deployment, DEPLOYMENT);
  fs.writeFileSync(files.second, DEPLOYMENT.replace(/web/g, 'api'));
  fs.writeFileSync(files.settled, DEPLOYMENT.replace(/web/g, 'db'));
  fs.writeFileSync(files.dockerfile, DOCKERFILE);
  const record = { event: 'bench', activeBefore, hostUptimeMs };
  const profiler = process.env.SHIPSHAPE_BENCH_PROFILE ? await startProfiler() : undefined;
  try {
    record.deployment = await openAndWait(vscode.Uri.file(files.deployment));
    if (profiler) await profiler.stop(process.env.SHIPSHAPE_BENCH_PROFILE);
    record.startup = /** @type {any} */ (extension.exports)?.startup;
    // At once: the server may still be busy with its start's background work (worker threads, warm-up, index).
    record.second = await openAndWait(vscode.Uri.file(files.second));
    // Once that is over, as when a user opens the next file.
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    record.settled = await openAndWait(vscode.Uri.file(files.settled));
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    record.dockerfile = await openAndWait(vscode.Uri.file(files.dockerfile));
  } catch (error) {
    record.error = String((error && error.stack) || error);
  }
  if (results) fs.appendFileSync(results, `${JSON.stringify(record)}\n${JSON.stringify({ event: 'end' })}\n`);
  if (record.error) throw new Error(record.error);
};
