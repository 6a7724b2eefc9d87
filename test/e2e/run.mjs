#!/usr/bin/env node
// End-to-end tests of Shipshape in a real VS Code: code-server 4.100.3 (VS Code 1.100.3) on 127.0.0.1, driven by
// Debian's Chromium through playwright-core. Two runs:
//   source    the extension from this source tree (extensionDevelopmentPath): the extension-host suite
//             (suite/index.js), then UI checks (squiggles, Problems panel);
//   packaged  shipshape.vsix installed with code-server --install-extension: a driver extension runs
//             suite/packaged.js against it, then the same UI checks.
// Prints `N passed, M failed` last; exits 1 on any failure. Screenshots and logs of failures go to
// test-results/e2e/. Install first with test/e2e/setup.sh.
//
//   others    the extension from this source tree beside the REAL yaml-language-server and
//             dockerfile-language-server-nodejs, run by stand-ins of Red Hat YAML, the Kubernetes extension and
//             Container Tools (others/: those extensions are not on npm): suite/others.js.
//   startup   the extension from this source tree in a window on an empty folder: it activates by itself once the
//             window has started (onStartupFinished), with no YAML open: suite/startup.js.
// Usage: node test/e2e/run.mjs [--only source|packaged|untrusted|commands|others|startup] [--keep] [--headed]
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  copyFileSync,
} from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  E2E_DIR,
  REPO_ROOT,
  CODE_SERVER_ENTRY,
  installExtension,
  startCodeServer,
  workbenchUrl,
  remoteUri,
} from './lib/codeServer.mjs';
import { launchBrowser, waitForWorkbench, CHROMIUM } from './lib/browser.mjs';
import { runHostSuite } from './lib/hostSuite.mjs';
import { declineTrust, problemsChecks, untrustedChecks } from './ui/checks.mjs';
import { commandChecks } from './ui/commands.mjs';

const { values: options } = parseArgs({
  options: {
    only: { type: 'string' },
    keep: { type: 'boolean', default: false },
    headed: { type: 'boolean', default: false },
  },
});

const ARTEFACTS = path.join(REPO_ROOT, 'test-results', 'e2e');
const EXAMPLES = path.join(REPO_ROOT, 'examples');
const VSIX = process.env.SHIPSHAPE_E2E_VSIX ?? path.join(REPO_ROOT, 'shipshape.vsix');
const counts = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
const started = Date.now();

function record(run, title, state, detail) {
  const name = `[${run}] ${title}`;
  if (state === 'pass') {
    counts.passed += 1;
    console.log(`  ok    ${name}`);
  } else if (state === 'skip') {
    counts.skipped += 1;
    console.log(`  skip  ${name}${detail ? ` (${detail})` : ''}`);
  } else {
    counts.failed += 1;
    failures.push({ name, detail });
    console.log(`  FAIL  ${name}\n${indent(detail)}`);
  }
}

const indent = (text) =>
  String(text ?? '')
    .split('\n')
    .slice(0, 25)
    .map((line) => `        ${line}`)
    .join('\n');
const slug = (text) =>
  text
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 100);
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

function preflight() {
  const missing = [];
  if (!existsSync(CODE_SERVER_ENTRY)) missing.push('code-server (run test/e2e/setup.sh)');
  if (!existsSync(CHROMIUM)) missing.push(`${CHROMIUM} (run test/e2e/setup.sh)`);
  if (missing.length > 0) {
    console.error(`e2e: missing ${missing.join(', ')}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

const newer = (a, b) => statSync(a).mtimeMs > statSync(b).mtimeMs;

/** The source run loads client/out and server/out: build them when they are missing. */
function ensureBundles() {
  const bundles = ['client/out/extension.js', 'client/out/shipshape.js', 'server/out/server.js'].map((file) =>
    path.join(REPO_ROOT, file),
  );
  if (bundles.every((file) => existsSync(file))) return;
  console.log('e2e: bundles missing, running npm run build');
  execFileSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
}

/** The packaged run installs shipshape.vsix: (re)package when it is missing or older than the bundles. */
function ensureVsix() {
  if (process.env.SHIPSHAPE_E2E_VSIX) return;
  const bundles = ['client/out/extension.js', 'client/out/shipshape.js', 'server/out/server.js', 'package.json'].map(
    (file) => path.join(REPO_ROOT, file),
  );
  if (existsSync(VSIX) && bundles.every((file) => !existsSync(file) || !newer(file, VSIX))) return;
  console.log('e2e: shipshape.vsix missing or older than the bundles, running npm run package');
  execFileSync('npm', ['run', 'package'], { cwd: REPO_ROOT, stdio: 'inherit' });
}

/** The stand-ins of the `others` run (folders of test/e2e/others/), each running the real server from npm. */
const OTHERS = ['redhat-yaml', 'kubernetes-tools', 'container-tools'];

/** Why the `others` run cannot run (its npm packages are not installed), or undefined. */
function othersUnavailable() {
  const server = path.join(E2E_DIR, 'others', 'node_modules', 'dockerfile-language-server-nodejs', 'lib', 'server.js');
  return existsSync(server) ? undefined : `${path.relative(REPO_ROOT, server)} missing (run test/e2e/setup.sh)`;
}

/** Runs a preparation step; a failure is a failed test (with the output above it), not a crash. */
function attempt(run, title, step) {
  try {
    step();
    return true;
  } catch (error) {
    record(run, title, 'fail', error.message);
    return false;
  }
}

/** A throwaway copy of examples/ (tests edit and save files). */
function workspaceCopy(scratch, name) {
  const target = path.join(scratch, name);
  cpSync(EXAMPLES, target, { recursive: true });
  return target;
}

async function uiChecks(
  run,
  browser,
  server,
  workspace,
  payload,
  artefacts,
  checks = problemsChecks,
  prepare = undefined,
) {
  const page = await browser.newPage();
  try {
    await page.goto(workbenchUrl(server.origin, workspace, payload));
    if (prepare) await prepare(page);
    await waitForWorkbench(page);
    for (const check of checks) {
      if (check.skip) {
        record(run, check.title, 'skip', check.skip);
        continue;
      }
      try {
        await check.run(page);
        record(run, check.title, 'pass');
      } catch (error) {
        const shot = path.join(artefacts, `${slug(check.title)}.png`);
        await page.screenshot({ path: shot }).catch(() => undefined);
        record(run, check.title, 'fail', `${error.stack ?? error}\n(screenshot: ${path.relative(REPO_ROOT, shot)})`);
        // A dialog or picker left open would fail the next check for the wrong reason.
        await page.keyboard.press('Escape').catch(() => undefined);
      }
    }
  } catch (error) {
    await page.screenshot({ path: path.join(artefacts, 'ui-workbench.png') }).catch(() => undefined);
    record(run, 'UI: the workbench opens', 'fail', error.stack ?? error);
  } finally {
    await page.close().catch(() => undefined);
  }
}

/** The real Docker engine and kube-apiserver of test/realparts, or the reason each cannot run here. */
async function startRealParts() {
  const realparts = await import('../realparts/realparts.mjs');
  const reasons = {
    docker: (await realparts.whyUnavailable('docker')) ?? undefined,
    kube:
      (await realparts.whyUnavailable('kube-apiserver')) ?? (await realparts.whyUnavailable('kubectl')) ?? undefined,
  };
  const [docker, kube] = await Promise.all([
    reasons.docker ? undefined : realparts.startDockerEngine(),
    reasons.kube ? undefined : realparts.startKubeApiServer(),
  ]);
  return {
    docker,
    kube,
    reasons,
    env: { ...docker?.env, ...kube?.env },
    stop: () => Promise.all([docker?.stop(), kube?.stop()]),
  };
}

async function hostSuite(run, browser, server, { workspace, developmentPath, testsPath, resultsFile, artefacts }) {
  const outcome = await runHostSuite({
    browser,
    server,
    workspace,
    developmentPath,
    testsPath,
    resultsFile,
    logFile: path.join(artefacts, 'window-console.log'),
    onResult: (result) =>
      record(run, result.title, result.event, result.event === 'fail' ? result.error : result.reason),
  });
  if (outcome.timedOut)
    record(run, 'extension-host suite finishes', 'fail', 'timed out (screenshot: suite-timeout.png)');
  else if (outcome.exitCode !== 0 && !outcome.ended)
    record(
      run,
      'extension-host suite runs',
      'fail',
      `the extension host exited with ${outcome.exitCode} before the suite ended; see window-console.log and code-server.log`,
    );
}

/** One code-server + Chromium, handed to `body`, torn down whatever happens. Keeps the logs of a failing run. */
/**
 * @param {string} run
 * @param {string} scratchRoot
 * @param {{ env?: Record<string, string>, trust?: boolean, install?: string, seed?: string[] }} options
 * @param {(server: any, page: any) => Promise<void>} body
 */
async function withServer(run, scratchRoot, { env, trust = false, install, seed = [] } = {}, body) {
  const scratch = path.join(scratchRoot, run);
  const artefacts = path.join(ARTEFACTS, run);
  mkdirSync(artefacts, { recursive: true });
  const resultsFile = path.join(artefacts, 'results.jsonl');
  const failedBefore = counts.failed;
  const since = Date.now();
  let server;
  let browser;
  try {
    mkdirSync(scratch, { recursive: true });
    if (seed.length > 0) {
      // Unpacked extensions, linked into the extensions folder as an install would unpack them (the workbench loads
      // only one extensionDevelopmentPath from its payload).
      const { serverDirs } = await import('./lib/codeServer.mjs');
      const { extensions } = serverDirs(scratch);
      for (const folder of seed) {
        const manifest = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8'));
        symlinkSync(folder, path.join(extensions, `${manifest.publisher}.${manifest.name}-${manifest.version}`));
      }
    }
    if (install) {
      const { serverDirs } = await import('./lib/codeServer.mjs');
      const output = await installExtension(serverDirs(scratch), install);
      console.log(`  (${run}) ${output.split('\n').pop()}`);
    }
    server = await startCodeServer({ scratch, trust, env: { SHIPSHAPE_E2E_RESULTS: resultsFile, ...env } });
    browser = await launchBrowser(path.join(scratch, 'chromium-profile'), { headless: !options.headed });
    await body({ server, browser, scratch, artefacts, resultsFile });
  } catch (error) {
    record(run, 'run set-up', 'fail', error.stack ?? error);
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    if (counts.failed > failedBefore && server) copyFileSync(server.dirs.log, path.join(artefacts, 'code-server.log'));
    if (counts.failed === failedBefore) rmSync(artefacts, { recursive: true, force: true });
    console.log(`  (${run} run: ${seconds(since)})`);
  }
}

async function main() {
  preflight();
  rmSync(ARTEFACTS, { recursive: true, force: true });
  const scratchRoot = mkdtempSync(path.join(tmpdir(), 'shipshape-e2e-'));
  const stopAll = () => {
    if (!options.keep) rmSync(scratchRoot, { recursive: true, force: true });
  };
  process.once('SIGINT', () => {
    stopAll();
    process.exit(130);
  });
  try {
    if (!options.only || options.only === 'source') {
      console.log('e2e: source run (extension from the source tree)');
      if (attempt('source', 'the bundles are built', ensureBundles))
        await withServer('source', scratchRoot, {}, async ({ server, browser, scratch, artefacts, resultsFile }) => {
          await hostSuite('source', browser, server, {
            workspace: workspaceCopy(scratch, 'ws-host'),
            developmentPath: REPO_ROOT,
            testsPath: path.join(E2E_DIR, 'suite', 'index.js'),
            resultsFile,
            artefacts,
          });
          await uiChecks(
            'source',
            browser,
            server,
            workspaceCopy(scratch, 'ws-ui'),
            [['extensionDevelopmentPath', remoteUri(server.origin, REPO_ROOT)]],
            artefacts,
          );
        });
    }
    if (!options.only || options.only === 'startup') {
      console.log('e2e: startup run (extension from the source tree, a window on an empty folder)');
      if (attempt('startup', 'the bundles are built', ensureBundles))
        await withServer('startup', scratchRoot, {}, async ({ server, browser, scratch, artefacts, resultsFile }) => {
          const workspace = path.join(scratch, 'ws-empty');
          mkdirSync(workspace);
          await hostSuite('startup', browser, server, {
            workspace,
            developmentPath: REPO_ROOT,
            testsPath: path.join(E2E_DIR, 'suite', 'startup.js'),
            resultsFile,
            artefacts,
          });
        });
    }
    if (!options.only || options.only === 'packaged') {
      console.log(`e2e: packaged run (${path.relative(REPO_ROOT, VSIX) || VSIX} installed with --install-extension)`);
      const packaged = attempt('packaged', 'npm run package makes shipshape.vsix', ensureVsix);
      const extensionsDir = path.join(scratchRoot, 'packaged', 'extensions');
      if (packaged)
        await withServer(
          'packaged',
          scratchRoot,
          { install: VSIX, env: { SHIPSHAPE_E2E_EXTENSIONS_DIR: extensionsDir } },
          async ({ server, browser, scratch, artefacts, resultsFile }) => {
            await hostSuite('packaged', browser, server, {
              workspace: workspaceCopy(scratch, 'ws-host'),
              developmentPath: path.join(E2E_DIR, 'driver'),
              testsPath: path.join(E2E_DIR, 'suite', 'packaged.js'),
              resultsFile,
              artefacts,
            });
            await uiChecks('packaged', browser, server, workspaceCopy(scratch, 'ws-ui'), [], artefacts);
          },
        );
    }
    if (!options.only || options.only === 'untrusted') {
      console.log('e2e: untrusted run (workspace trust on, the folder not trusted)');
      await withServer('untrusted', scratchRoot, { trust: true }, async ({ server, browser, scratch, artefacts }) => {
        const payload = [['extensionDevelopmentPath', remoteUri(server.origin, REPO_ROOT)]];
        await uiChecks(
          'untrusted',
          browser,
          server,
          workspaceCopy(scratch, 'ws-ui'),
          payload,
          artefacts,
          untrustedChecks,
          declineTrust,
        );
      });
    }
    if (!options.only || options.only === 'others') {
      console.log('e2e: others run (beside stand-ins of Red Hat YAML, Kubernetes and Container Tools, real servers)');
      const reason = othersUnavailable();
      if (reason) record('others', 'other extensions run', 'skip', reason);
      else if (attempt('others', 'the bundles are built', ensureBundles))
        await withServer(
          'others',
          scratchRoot,
          { seed: OTHERS.map((folder) => path.join(E2E_DIR, 'others', folder)) },
          async ({ server, browser, scratch, artefacts, resultsFile }) => {
            await hostSuite('others', browser, server, {
              workspace: workspaceCopy(scratch, 'ws-others'),
              developmentPath: REPO_ROOT,
              testsPath: path.join(E2E_DIR, 'suite', 'others.js'),
              resultsFile,
              artefacts,
            });
          },
        );
    }
    if (!options.only || options.only === 'commands') {
      console.log(
        'e2e: commands run (Build Image and Apply against the real Docker engine and kube-apiserver of test/realparts)',
      );
      const since = Date.now();
      const parts = await startRealParts();
      console.log(
        `  (real parts: ${seconds(since)}${parts.reasons.docker ? `; docker: ${parts.reasons.docker}` : ''}${parts.reasons.kube ? `; kube: ${parts.reasons.kube}` : ''})`,
      );
      try {
        await withServer(
          'commands',
          scratchRoot,
          { env: parts.env },
          async ({ server, browser, scratch, artefacts }) => {
            const workspace = path.join(scratch, 'ws-commands');
            cpSync(path.join(E2E_DIR, 'fixtures', 'commands'), workspace, { recursive: true });
            const payload = [['extensionDevelopmentPath', remoteUri(server.origin, REPO_ROOT)]];
            await uiChecks(
              'commands',
              browser,
              server,
              workspace,
              payload,
              artefacts,
              commandChecks(parts, parts.reasons, workspace),
            );
          },
        );
      } finally {
        await parts.stop();
      }
    }
  } finally {
    stopAll();
  }
  if (failures.length > 0) {
    console.log(`\nFailures (screenshots and logs in ${path.relative(REPO_ROOT, ARTEFACTS)}/):`);
    for (const failure of failures) console.log(`  - ${failure.name}`);
  }
  console.log(`\ne2e: ${seconds(started)} in all`);
  const skipped = counts.skipped > 0 ? `, ${counts.skipped} skipped` : '';
  console.log(`${counts.passed} passed, ${counts.failed} failed${skipped}`);
  process.exitCode = counts.failed > 0 || counts.passed === 0 ? 1 : 0;
}

await main();
