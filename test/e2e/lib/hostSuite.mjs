// Runs the mocha suite inside the extension host of a code-server window, as @vscode/test-electron does for a
// desktop VS Code: the payload names extensionDevelopmentPath and extensionTestsPath, VS Code reports the exit code
// through window.codeAutomationExit, and the suite streams one JSON record per test to a results file.
import { closeSync, openSync, readSync, renameSync, watch, writeFileSync, appendFileSync } from 'node:fs';
import * as path from 'node:path';
import { remoteUri, workbenchUrl } from './codeServer.mjs';

/**
 * @param {object} opts
 * @param {import('playwright-core').BrowserContext} opts.browser
 * @param {{origin: string}} opts.server
 * @param {string} opts.workspace folder to open
 * @param {string} opts.developmentPath extension under development (the source tree, or a driver)
 * @param {string} opts.testsPath compiled tests index (exports run())
 * @param {string} opts.resultsFile the JSON-lines file the suite appends to (must be the one in the server's env)
 * @param {string} opts.logFile where the window's console goes
 * @param {(record: object) => void} opts.onResult called for each pass/fail/skip record
 * @param {number} [opts.timeoutMs]
 * @param {(page: import('playwright-core').Page) => Promise<void>} [opts.onPage] called with the window's page before
 *   it loads the workbench (bench/vscode.mjs watches the editor's squiggles from there)
 * @returns {Promise<{exitCode: number | undefined, timedOut: boolean, ended: boolean}>}
 */
export async function runHostSuite({
  browser,
  server,
  workspace,
  developmentPath,
  testsPath,
  resultsFile,
  logFile,
  onResult,
  timeoutMs = 15 * 60_000,
  onPage = undefined,
}) {
  writeFileSync(resultsFile, '');
  writeFileSync(logFile, '');
  const page = await browser.newPage();
  const log = (line) => appendFileSync(logFile, `${line}\n`);
  page.on('console', (message) => log(`[console.${message.type()}] ${message.text()}`));
  page.on('pageerror', (error) => log(`[pageerror] ${error.stack ?? error}`));

  let resolveExit;
  const exited = new Promise((resolve) => (resolveExit = resolve));
  await page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
  await page.exposeFunction('codeAutomationLog', (type, args) =>
    log(`[${type}] ${Array.isArray(args) ? args.join(' ') : args}`),
  );

  if (onPage) await onPage(page);

  let ended = false;
  const screenshots = [];
  const tail = tailJsonLines(resultsFile, (record) => {
    if (record.event === 'screenshot') {
      // The failing test waits for this file before the next test changes the screen.
      const file = path.join(path.dirname(resultsFile), `${record.name}.png`);
      screenshots.push(
        page
          .screenshot({ path: `${file}.partial.png` })
          .then(() => renameSync(`${file}.partial.png`, file))
          .catch((error) => log(`[runner] screenshot ${file} failed: ${error.message}`)),
      );
    } else if (record.event === 'end') {
      ended = true;
    } else {
      onResult(record);
    }
  });

  const url = workbenchUrl(server.origin, workspace, [
    ['extensionDevelopmentPath', remoteUri(server.origin, developmentPath)],
    ['extensionTestsPath', remoteUri(server.origin, testsPath)],
  ]);
  let timer;
  const timedOut = new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
  try {
    await page.goto(url);
    const outcome = await Promise.race([exited, timedOut]);
    if (outcome === 'timeout') {
      await page.screenshot({ path: path.join(path.dirname(resultsFile), 'suite-timeout.png') }).catch(() => undefined);
      return { exitCode: undefined, timedOut: true, ended };
    }
    return { exitCode: outcome, timedOut: false, ended };
  } finally {
    clearTimeout(timer);
    await Promise.all(screenshots);
    tail.close();
    await page.close().catch(() => undefined);
  }
}

/** Calls onRecord for each complete JSON line appended to `file` (which must exist). */
function tailJsonLines(file, onRecord) {
  let offset = 0;
  let partial = '';
  const buffer = Buffer.alloc(64 * 1024);
  const drain = () => {
    const fd = openSync(file, 'r');
    try {
      for (;;) {
        const count = readSync(fd, buffer, 0, buffer.length, offset);
        if (count === 0) break;
        offset += count;
        partial += buffer.toString('utf8', 0, count);
      }
    } finally {
      closeSync(fd);
    }
    const lines = partial.split('\n');
    partial = lines.pop();
    for (const line of lines) {
      if (line.trim() === '') continue;
      try {
        onRecord(JSON.parse(line));
      } catch {
        // A line that is not JSON is not ours; the suite writes only JSON here.
      }
    }
  };
  const watcher = watch(file, drain);
  return {
    close() {
      watcher.close();
      drain(); // whatever arrived after the last event
    },
  };
}
