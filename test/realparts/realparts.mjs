// Start and stop REAL external parts for tests: a private Docker engine and a
// Kubernetes API server (+ etcd), both reachable on loopback only.
// Node built-ins only. Every script is run with an argument array (never a shell string).
//
//   import { startDockerEngine, startKubeApiServer, whyUnavailable } from './realparts.mjs';
//
//   const reason = await whyUnavailable('docker');           // null when it can run
//   test('builds', { skip: reason ?? false }, async () => {
//     const docker = await startDockerEngine();               // or startDockerEngine(dir)
//     try { /* spawn docker with { env: { ...process.env, ...docker.env } } */ }
//     finally { await docker.stop(); }
//   });
//
// See README.md in this folder for what the scripts do and their timings.

import { execFile, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

export const SCRIPTS = Object.freeze({
  installDeps: path.join(HERE, 'install-deps.sh'),
  buildKubeApiServer: path.join(HERE, 'build-kube-apiserver.sh'),
  dockerEngine: path.join(HERE, 'docker-engine.sh'),
  kubeApiServer: path.join(HERE, 'kube-apiserver.sh'),
});

export const KUBE_CONTEXT = 'shipshape-test';
export const BUSYBOX_IMAGE = 'shipshape-busybox:local';

const MIN = 60_000;

/** Cache dir used by build-kube-apiserver.sh. */
export function cacheDir() {
  return process.env.SHIPSHAPE_CACHE || path.join(process.env.HOME || homedir(), '.cache', 'shipshape');
}

class ScriptError extends Error {
  constructor(script, args, err, stdout, stderr) {
    const tail = String(stderr || '')
      .trim()
      .split('\n')
      .slice(-30)
      .join('\n');
    const why = err.killed ? `timed out (${err.signal})` : `exit ${err.code ?? err.signal}`;
    super(`${path.basename(script)} ${args.join(' ')}: ${why}${tail ? `\n${tail}` : ''}`);
    this.name = 'RealPartsScriptError';
    this.stdout = stdout;
    this.stderr = stderr;
    this.exitCode = err.code;
  }
}

/** Runs one of the scripts with bash (argument array, no shell string). */
function runScript(script, args, { timeoutMs = 5 * MIN, env = process.env } = {}) {
  return new Promise((resolve, reject) => {
    execFile(
      'bash',
      [script, ...args],
      {
        env,
        timeout: timeoutMs,
        killSignal: 'SIGTERM',
        maxBuffer: 16 * 1024 * 1024,
        encoding: 'utf8',
      },
      (err, stdout, stderr) => {
        if (err) reject(new ScriptError(script, args, err, stdout, stderr));
        else resolve({ stdout, stderr });
      },
    );
  });
}

/** Parses `export NAME=VALUE` lines printed by the scripts. */
function parseExports(stdout) {
  const env = {};
  for (const line of stdout.split('\n')) {
    const m = /^export ([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) env[m[1]] = m[2];
  }
  return env;
}

// ---------------------------------------------------------------------------
// availability

function onPath(cmd, extraDirs = []) {
  const dirs = [...(process.env.PATH || '').split(path.delimiter), ...extraDirs];
  for (const d of dirs) {
    if (!d) continue;
    try {
      accessSync(path.join(d, cmd), constants.X_OK);
      return path.join(d, cmd);
    } catch {
      /* next */
    }
  }
  return null;
}
const SBIN = ['/usr/local/sbin', '/usr/sbin', '/sbin'];

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function baseReason({ needRoot }) {
  if (process.platform !== 'linux') return `needs Linux (this is ${process.platform})`;
  if (needRoot && !isRoot()) return 'needs root (dockerd runs as root) and this process is not root';
  if (!onPath('bash')) return 'bash not found';
  return null;
}

const DOCKER_TOOLS = ['dockerd', 'docker', 'containerd', 'runc', 'busybox'];
const KUBE_TOOLS = ['etcd', 'openssl', 'curl', 'flock'];
const BUILD_TOOLS = ['go', 'make', 'rsync', 'jq', 'patch'];

function missingTools(tools) {
  return tools.filter((t) => !onPath(t, SBIN));
}

let installPromise = null;
/** Runs install-deps.sh once per process (apt-get; ~20 s when packages are missing). */
export function installDeps({ timeoutMs = 15 * MIN } = {}) {
  installPromise ??= runScript(SCRIPTS.installDeps, [], { timeoutMs }).then(
    () => null,
    (e) => e.message,
  );
  return installPromise;
}

async function ensureTools(tools, { install }) {
  let missing = missingTools(tools);
  if (missing.length === 0) return null;
  if (!install) return `missing ${missing.join(', ')} (run test/realparts/install-deps.sh)`;
  process.stderr.write(`realparts: installing missing ${missing.join(', ')} via install-deps.sh\n`);
  if (!isRoot()) return `missing ${missing.join(', ')} and not root, so apt-get cannot install them`;
  const err = await installDeps();
  missing = missingTools(tools);
  if (missing.length === 0) return null;
  return (
    `missing ${missing.join(', ')} and install-deps.sh could not install them` +
    (err ? `: ${err.split('\n').slice(-5).join(' | ')}` : '')
  );
}

/** Path of a built kube-apiserver (env KUBE_APISERVER_BIN or the cache), or null. */
export function cachedKubeApiServer() {
  const env = process.env.KUBE_APISERVER_BIN;
  if (env) return existsSync(env) ? env : null;
  let names = [];
  try {
    names = readdirSync(cacheDir());
  } catch {
    return null;
  }
  const bins = names
    .filter((n) => /^kube-apiserver-[^/]+$/.test(n) && !n.includes('.tmp.') && !n.endsWith('.log'))
    .map((n) => path.join(cacheDir(), n))
    .filter((p) => {
      try {
        accessSync(p, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
  return bins.sort().at(-1) ?? null;
}

/**
 * Why the Docker engine part cannot run here, or null if it can.
 * With install (default true) and root, missing packages are installed via install-deps.sh.
 */
const envFlag = (name, dflt) => {
  const v = process.env[name];
  return v === undefined || v === '' ? dflt : !/^(0|false|no)$/i.test(v);
};

export async function whyDockerEngineUnavailable({ install = envFlag('SHIPSHAPE_REALPARTS_INSTALL', true) } = {}) {
  const base = baseReason({ needRoot: true });
  if (base) return base;
  if (!existsSync('/sys/fs/cgroup')) return 'no /sys/fs/cgroup: dockerd cannot run containers here';
  const t = await ensureTools(DOCKER_TOOLS, { install });
  return t ? `docker engine unavailable: ${t}` : null;
}

/**
 * Why the Kubernetes API server part cannot run here, or null if it can.
 * build (default true): when no binary is cached, build it now (~5-7 min cold on 2 cores);
 * with build=false a missing binary is a reason.
 */
export async function whyKubeApiServerUnavailable({
  install = envFlag('SHIPSHAPE_REALPARTS_INSTALL', true),
  build = envFlag('SHIPSHAPE_REALPARTS_BUILD', true),
  buildTimeoutMs = 25 * MIN,
} = {}) {
  // etcd and kube-apiserver run fine unprivileged; root is only needed to install/build.
  const base = baseReason({ needRoot: false });
  if (base) return base;
  let t = await ensureTools(KUBE_TOOLS, { install });
  if (t) return `kube-apiserver unavailable: ${t}`;
  if (cachedKubeApiServer()) return null;
  if (!build)
    return `kube-apiserver not built yet (run test/realparts/build-kube-apiserver.sh, ~5-7 min cold; cache ${cacheDir()})`;
  t = await ensureTools(BUILD_TOOLS, { install });
  if (t) return `kube-apiserver cannot be built: ${t}`;
  try {
    process.stderr.write(`realparts: building kube-apiserver into ${cacheDir()} (cold: ~5-7 min on 2 cores)\n`);
    await buildKubeApiServer({ timeoutMs: buildTimeoutMs });
    return null;
  } catch (e) {
    return `kube-apiserver build failed: ${e.message.split('\n').slice(-8).join(' | ')}`;
  }
}

/** Why kubectl cannot be used, or null. */
export async function whyKubectlUnavailable({ install = envFlag('SHIPSHAPE_REALPARTS_INSTALL', true) } = {}) {
  if (onPath('kubectl')) return null;
  const base = baseReason({ needRoot: false });
  if (base) return `kubectl not on PATH (${base})`;
  const t = await ensureTools(['kubectl'], { install });
  return t ? `kubectl unavailable: ${t}` : null;
}

/** whyUnavailable('docker' | 'kube-apiserver' | 'kubectl', opts) -> reason string or null. */
export async function whyUnavailable(part, opts = {}) {
  switch (part) {
    case 'docker':
      return whyDockerEngineUnavailable(opts);
    case 'kube-apiserver':
    case 'kubernetes':
      return whyKubeApiServerUnavailable(opts);
    case 'kubectl':
      return whyKubectlUnavailable(opts);
    default:
      throw new Error(`unknown part ${part}`);
  }
}

/** Builds (or finds the cached) kube-apiserver; resolves to its path. */
export async function buildKubeApiServer({ timeoutMs = 25 * MIN } = {}) {
  const { stdout } = await runScript(SCRIPTS.buildKubeApiServer, [], { timeoutMs });
  return stdout.trim().split('\n').at(-1);
}

// ---------------------------------------------------------------------------
// start / stop

const running = new Set(); // { script, dir } still to stop at process exit

process.once('exit', () => {
  // Last resort if a test forgot stop() or crashed: stop synchronously.
  for (const r of running) {
    spawnSync('bash', [r.script, 'stop', r.dir], { stdio: 'ignore', timeout: 60_000 });
    if (r.removeDir) rmSync(r.dir, { recursive: true, force: true });
  }
});

function makeDir(dir, prefix) {
  if (dir) return { dir: path.resolve(dir), created: false };
  // Short path on purpose: unix socket paths under it are limited to 107 bytes.
  return { dir: mkdtempSync(path.join(tmpdir(), prefix)), created: true };
}

function makeStop(script, dir, created, { removeDir }) {
  const entry = { script, dir, removeDir: removeDir ?? created };
  running.add(entry);
  let stopping = null;
  return () => {
    stopping ??= (async () => {
      try {
        await runScript(script, ['stop', dir], { timeoutMs: 2 * MIN });
      } finally {
        running.delete(entry);
      }
      if (entry.removeDir) rmSync(dir, { recursive: true, force: true });
    })();
    return stopping;
  };
}

/**
 * Starts a private dockerd (no networking, unix socket under dir).
 * dir: optional; a fresh temp dir is made (and removed on stop) when omitted.
 * Resolves to { env: { DOCKER_HOST }, dir, image: 'shipshape-busybox:local', stop() }.
 * @param {string} [dir]
 * @param {{ timeoutMs?: number, removeDir?: boolean }} [options]
 */
export async function startDockerEngine(dir, { timeoutMs = 3 * MIN, removeDir } = {}) {
  const d = makeDir(dir, 'ssdk-');
  let stdout;
  try {
    ({ stdout } = await runScript(SCRIPTS.dockerEngine, ['start', d.dir], { timeoutMs }));
  } catch (e) {
    await runScript(SCRIPTS.dockerEngine, ['stop', d.dir], { timeoutMs: MIN }).catch(() => {});
    if (d.created) rmSync(d.dir, { recursive: true, force: true });
    throw e;
  }
  const { DOCKER_HOST } = parseExports(stdout);
  if (!DOCKER_HOST) throw new Error(`docker-engine.sh printed no DOCKER_HOST:\n${stdout}`);
  return {
    env: { DOCKER_HOST },
    dir: d.dir,
    image: BUSYBOX_IMAGE,
    stop: makeStop(SCRIPTS.dockerEngine, d.dir, d.created, { removeDir }),
  };
}

/**
 * Starts etcd + kube-apiserver on 127.0.0.1 (building kube-apiserver first if it is not cached).
 * Resolves to { env: { KUBECONFIG }, kubeconfigPath, context: 'shipshape-test', server, token, dir, stop() }.
 * @param {string} [dir]
 * @param {{ timeoutMs?: number, removeDir?: boolean }} [options]
 */
export async function startKubeApiServer(dir, { timeoutMs = 25 * MIN, removeDir } = {}) {
  const d = makeDir(dir, 'sskube-');
  let stdout;
  try {
    ({ stdout } = await runScript(SCRIPTS.kubeApiServer, ['start', d.dir], { timeoutMs }));
  } catch (e) {
    await runScript(SCRIPTS.kubeApiServer, ['stop', d.dir], { timeoutMs: MIN }).catch(() => {});
    if (d.created) rmSync(d.dir, { recursive: true, force: true });
    throw e;
  }
  const { KUBECONFIG } = parseExports(stdout);
  if (!KUBECONFIG) throw new Error(`kube-apiserver.sh printed no KUBECONFIG:\n${stdout}`);
  const ports = Object.fromEntries(
    readFileSync(path.join(d.dir, 'ports.env'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('=')),
  );
  return {
    env: { KUBECONFIG },
    kubeconfigPath: KUBECONFIG,
    context: KUBE_CONTEXT,
    server: `https://127.0.0.1:${ports.SECURE_PORT}`,
    token: readFileSync(path.join(d.dir, 'token'), 'utf8').trim(),
    caFile: path.join(d.dir, 'certs', 'apiserver.crt'),
    dir: d.dir,
    stop: makeStop(SCRIPTS.kubeApiServer, d.dir, d.created, { removeDir }),
  };
}
