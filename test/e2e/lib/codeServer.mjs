// Starts and stops code-server (VS Code 1.100.3 in the browser) the way test/e2e/README.md describes ("Why this way, and the pitfalls"):
// loopback only, no password, fresh user-data and extensions dirs, XDG/TMPDIR pointed at a scratch dir so nothing
// is written to $HOME, no gallery, and a detached process group that is killed whole at the end.
import { spawn, execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
export const E2E_DIR = path.dirname(here);
export const REPO_ROOT = path.resolve(E2E_DIR, '..', '..');
export const CODE_SERVER_ENTRY = path.join(E2E_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

/** A free TCP port on 127.0.0.1 (the OS picks it; code-server binds it a moment later). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/** A quiet, predictable window: no welcome page, tips, telemetry or update checks. */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'files.autoSave': 'off',
};

/** The directories one code-server instance writes to, all under `scratch`. */
export function serverDirs(scratch) {
  const dirs = {
    scratch,
    userData: path.join(scratch, 'user-data'),
    extensions: path.join(scratch, 'extensions'),
    xdgConfig: path.join(scratch, 'xdg-config'),
    xdgData: path.join(scratch, 'xdg-data'),
    tmp: path.join(scratch, 'tmp'),
    config: path.join(scratch, 'code-server.yaml'),
    log: path.join(scratch, 'code-server.log'),
  };
  for (const dir of [dirs.userData, dirs.extensions, dirs.xdgConfig, dirs.xdgData, dirs.tmp])
    mkdirSync(dir, { recursive: true });
  mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  writeFileSync(path.join(dirs.userData, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  // An empty config file: otherwise code-server writes ~/.config/code-server/config.yaml with a password.
  writeFileSync(dirs.config, '');
  return dirs;
}

function serverEnv(dirs, extraEnv) {
  return {
    ...process.env,
    XDG_CONFIG_HOME: dirs.xdgConfig,
    XDG_DATA_HOME: dirs.xdgData,
    TMPDIR: dirs.tmp,
    // No marketplace: nothing is fetched, and the gallery is not polled.
    EXTENSIONS_GALLERY: '{}',
    ...extraEnv,
  };
}

function commonArgs(dirs) {
  return ['--config', dirs.config, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
}

/** Installs a .vsix into the instance's extensions dir with code-server's own `--install-extension`. */
export function installExtension(dirs, vsix, extraEnv = {}) {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [CODE_SERVER_ENTRY, ...commonArgs(dirs), '--install-extension', vsix],
      { env: serverEnv(dirs, extraEnv), timeout: 120_000 },
      (error, stdout, stderr) => {
        if (error)
          reject(new Error(`code-server --install-extension ${vsix} failed: ${stderr || stdout}`, { cause: error }));
        else resolve(stdout.trim());
      },
    );
  });
}

/**
 * Starts code-server and resolves once /healthz answers.
 * @param {object} opts
 * @param {string} opts.scratch a fresh directory for this instance's state
 * @param {boolean} [opts.trust=false] keep workspace trust on (the default disables it: tests need no dialog)
 * @param {number} [opts.port] default: a free port
 * @param {Record<string,string>} [opts.env] extra environment for the server and its extension host
 * @param {boolean} [opts.inheritOutput=false] print code-server's output instead of logging it to a file
 * @param {string} [opts.folder] folder argument (what a plain URL opens)
 * @param {number} [opts.timeoutMs=30000] how long to wait for the server to answer
 */
export async function startCodeServer({
  scratch,
  trust = false,
  port,
  env = {},
  inheritOutput = false,
  folder,
  timeoutMs = 30_000,
}) {
  const dirs = serverDirs(scratch);
  port ??= await freePort();
  const args = [
    CODE_SERVER_ENTRY,
    ...commonArgs(dirs),
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    ...(trust ? [] : ['--disable-workspace-trust']),
    ...(folder ? [folder] : []),
  ];
  const log = inheritOutput ? 'inherit' : openSync(dirs.log, 'a');
  const child = spawn(process.execPath, args, {
    env: serverEnv(dirs, env),
    detached: true, // its own process group, killed whole in stop()
    stdio: ['ignore', log, log],
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    killGroup(child.pid, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
    // The group may outlive its leader (extension host, language server, file watcher).
    killGroup(child.pid, 'SIGKILL');
  };
  process.once('exit', () => killGroup(child.pid, 'SIGKILL'));
  // Poll /healthz: the only readiness signal code-server gives, about 1.5 s after start.
  for (;;) {
    const early = await Promise.race([exited, healthy(origin)]);
    if (early === true) break;
    if (early && typeof early === 'object')
      throw new Error(`code-server exited before it was ready (${JSON.stringify(early)}); see ${dirs.log}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer ${origin}/healthz within ${timeoutMs} ms; see ${dirs.log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { origin, port, dirs, pid: child.pid, exited, stop };
}

async function healthy(origin) {
  try {
    const response = await fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(1_000) });
    return response.ok;
  } catch {
    return false; // not listening yet
  }
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone, which is what we want.
  }
}

/** The URL that opens `folder` with `payload` ([key, value] pairs VS Code reads, e.g. extensionDevelopmentPath). */
export function workbenchUrl(origin, folder, payload = []) {
  const url = new URL(origin);
  url.searchParams.set('folder', folder);
  if (payload.length > 0) url.searchParams.set('payload', JSON.stringify(payload));
  return url.toString();
}

/** A vscode-remote URI for a path on the code-server machine, as the payload wants it. */
export function remoteUri(origin, absolutePath) {
  return `vscode-remote://${new URL(origin).host}${absolutePath}`;
}
