// Runs mocha inside VS Code's extension host, like @vscode/test-electron's usual index.js. The runner (run.mjs)
// learns each result from a JSON-lines file named by SHIPSHAPE_E2E_RESULTS (the extension host inherits
// code-server's environment), and takes a screenshot when a test fails, before the next test changes the screen.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Mocha = require('mocha');

const resultsFile = process.env.SHIPSHAPE_E2E_RESULTS;

function emit(record) {
  const line = JSON.stringify(record);
  console.log(`[e2e] ${line}`);
  if (resultsFile) fs.appendFileSync(resultsFile, `${line}\n`);
}

/** Mocha reporter that streams one JSON record per test to the runner. */
class StreamReporter extends Mocha.reporters.Base {
  constructor(runner, options) {
    super(runner, options);
    runner.on('pass', (test) => emit({ event: 'pass', title: test.fullTitle(), duration: test.duration }));
    runner.on('fail', (test, error) =>
      emit({ event: 'fail', title: test.fullTitle(), error: String((error && error.stack) || error) }),
    );
    runner.on('pending', (test) => emit({ event: 'skip', title: test.fullTitle(), reason: test.skipReason }));
    runner.on('end', () => emit({ event: 'end', stats: /** @type {any} */ (this).stats }));
  }
}

/**
 * Asks the runner for a screenshot and resolves once it is written (or after 15 s: a missing screenshot must not
 * hide the failure itself). The runner writes `<name>.png` beside the results file.
 */
function requestScreenshot(name) {
  if (!resultsFile) return Promise.resolve();
  const dir = path.dirname(resultsFile);
  const file = `${name}.png`;
  return new Promise((resolve) => {
    const watcher = fs.watch(dir, (_event, changed) => {
      if (changed === file && fs.existsSync(path.join(dir, file))) done();
    });
    const timer = setTimeout(done, 15_000);
    function done() {
      clearTimeout(timer);
      watcher.close();
      resolve();
    }
    emit({ event: 'screenshot', name });
  });
}

/** @param {string[]} files test files in this folder, run in this order */
function runFiles(files) {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: StreamReporter });
  mocha.rootHooks({
    async afterEach() {
      const test = this.currentTest;
      if (test && test.state === 'failed') {
        const name = test
          .fullTitle()
          .replace(/[^A-Za-z0-9]+/g, '-')
          .replace(/^-|-$/g, '')
          .slice(0, 100);
        await requestScreenshot(name);
      }
    },
  });
  for (const file of files) mocha.addFile(path.join(__dirname, file));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} e2e test(s) failed`)) : resolve()));
  });
}

module.exports = { runFiles };
