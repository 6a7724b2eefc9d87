// Dockerfile diagnostics: dockerfile-utils' `validate` alone (the anchor) vs Shipshape's full diagnostics (every
// syntax check, hadolint rule and BuildKit check on), side by side in one process, on the generated inputs of
// /work/shared/perf/gen-inputs.mjs (Dockerfile-500/-1000/-2000: 522/1042/2082 instructions). Median of N runs after
// warm-up; the ratio is Shipshape / dockerfile-utils (below 1 is faster).
//
// With ShellCheck (a separate figure, when shellcheck is on PATH): on Dockerfile-500, the first run (one shellcheck
// process for every RUN script, as the server runs it in the background) and the cached run (every script's result
// already known: the validation that merges them), against the same validation without ShellCheck.
//
//   npx tsc -b && node bench/dockerfile.mjs [--runs 21] [--warmup 10] [--gen /work/shared/perf/gen-inputs.mjs]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: options } = parseArgs({
  options: {
    runs: { type: 'string', default: '21' },
    warmup: { type: 'string', default: '10' },
    gen: { type: 'string', default: '/work/shared/perf/gen-inputs.mjs' },
  },
});
const RUNS = Number(options.runs);
const WARMUP = Number(options.warmup);

const { validate: utilsValidate } = require('dockerfile-utils');
const { TextDocument } = require('vscode-languageserver-textdocument');
const { createLanguageService } = require(join(ROOT, 'out', 'server', 'src', 'service'));
const { resolveSettings } = require(join(ROOT, 'out', 'common', 'src', 'contract'));
const { ruleCatalogue } = require(join(ROOT, 'out', 'server', 'src', 'service', 'catalogue'));

const dir = mkdtempSync(join(tmpdir(), 'shipshape-dockerfile-bench-'));
try {
  execFileSync(process.execPath, [options.gen, dir], { stdio: 'ignore' });
  const service = createLanguageService();
  // All rules on: the off-by-default ones (pinning, DL1001, DL3057, DL3066) too.
  const offByDefault = ruleCatalogue().filter(
    (rule) => rule.family === 'dockerfile' && rule.enabledByDefault === false,
  );
  service.configure(resolveSettings({ rules: Object.fromEntries(offByDefault.map((rule) => [rule.id, 'warning'])) }));
  const median = (samples) => samples.sort((a, b) => a - b)[samples.length >> 1];
  const rows = [];
  for (const [name, instructions] of /** @type {Array<[string, number]>} */ ([
    ['Dockerfile-500', 522],
    ['Dockerfile-1000', 1042],
    ['Dockerfile-2000', 2082],
  ])) {
    const path = join(dir, name);
    const text = readFileSync(path, 'utf8');
    const uri = pathToFileURL(path).href;
    let version = 0;
    // A new version each run: Shipshape keeps nothing between validations of a changed document.
    const shipshape = () => service.validate(TextDocument.create(uri, 'dockerfile', ++version, text));
    const utils = () => utilsValidate(text);
    for (let index = 0; index < WARMUP; index++) {
      utils();
      shipshape();
    }
    const utilsTimes = [];
    const shipshapeTimes = [];
    // Interleaved, so that both see the same machine state.
    for (let index = 0; index < RUNS; index++) {
      let start = performance.now();
      utils();
      utilsTimes.push(performance.now() - start);
      start = performance.now();
      shipshape();
      shipshapeTimes.push(performance.now() - start);
    }
    const utilsMs = median(utilsTimes);
    const shipshapeMs = median(shipshapeTimes);
    rows.push({
      file: name,
      instructions,
      findings: shipshape().length,
      utilsMs,
      shipshapeMs,
      ratio: shipshapeMs / utilsMs,
    });
  }
  console.log(
    `Dockerfile diagnostics, median of ${RUNS} runs after ${WARMUP} warm-up runs (Node ${process.version})\n`,
  );
  console.log(
    '| file | instructions | dockerfile-utils validate (ms) | Shipshape full diagnostics (ms) | ratio | Shipshape findings |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const row of rows) {
    console.log(
      `| ${row.file} | ${row.instructions} | ${row.utilsMs.toFixed(1)} | ${row.shipshapeMs.toFixed(1)} | ${row.ratio.toFixed(2)} | ${row.findings} |`,
    );
  }
  if (rows[0].ratio > 1) process.exitCode = 1;
  await benchShellcheck(join(dir, 'Dockerfile-500'), median);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

async function benchShellcheck(path, median) {
  try {
    execFileSync('shellcheck', ['--version'], { stdio: 'ignore' });
  } catch {
    console.log('\nShellCheck: not on PATH, not measured');
    return;
  }
  const { runShellcheck } = require(join(ROOT, 'out', 'server', 'src', 'handlers', 'shellcheckRunner'));
  const text = readFileSync(path, 'utf8');
  const uri = pathToFileURL(path).href;
  const firstTimes = [];
  let scripts = 0;
  let findings = 0;
  const cachedTimes = [];
  const lookupTimes = [];
  const plainTimes = [];
  for (let index = 0; index < 5; index++) {
    // A fresh service each time: nothing cached, the whole file goes to one shellcheck process.
    const service = createLanguageService();
    service.configure(resolveSettings({ rules: { DL3008: 'warning', DL3013: 'warning', DL3018: 'warning' } }));
    const document = TextDocument.create(uri, 'dockerfile', 1, text);
    const start = performance.now();
    const unchecked = service.shellcheckResults.unchecked(service.shellScripts(document));
    const run = await runShellcheck('shellcheck', unchecked, service.shellcheckResults, { timeoutMs: 60_000 });
    const merged = service.validate(TextDocument.create(uri, 'dockerfile', 2, text));
    firstTimes.push(performance.now() - start);
    if (!run.ok) throw new Error(run.message);
    scripts = unchecked.length;
    findings = merged.filter((found) => found.code.startsWith('SC')).length;
    if (index === 0) {
      for (let sample = 0; sample < RUNS; sample++) {
        let begin = performance.now();
        const again = TextDocument.create(uri, 'dockerfile', 10 + sample, text);
        if (service.shellcheckResults.unchecked(service.shellScripts(again)).length !== 0)
          throw new Error('not cached');
        lookupTimes.push(performance.now() - begin);
        begin = performance.now();
        service.validate(again);
        cachedTimes.push(performance.now() - begin);
        const plain = createLanguageService();
        plain.configure(resolveSettings({ rules: { DL3008: 'warning', DL3013: 'warning', DL3018: 'warning' } }));
        begin = performance.now();
        plain.validate(TextDocument.create(uri, 'dockerfile', 1, text));
        plainTimes.push(performance.now() - begin);
      }
    }
  }
  console.log(
    `\nShellCheck (Dockerfile-500: ${scripts} RUN scripts, one shellcheck process, ${findings} SC findings)\n`,
  );
  console.log('| run | ms |');
  console.log('| --- | ---: |');
  console.log(`| without ShellCheck (full diagnostics) | ${median(plainTimes).toFixed(1)} |`);
  console.log(
    `| first run: scripts built + shellcheck + merged validation (median of 5) | ${median(firstTimes).toFixed(1)} |`,
  );
  console.log(
    `| cached: validation with the cached SC findings merged (median of ${RUNS}) | ${median(cachedTimes).toFixed(1)} |`,
  );
  console.log(
    `| cached: the runner's lookup after a pause in typing, no process started (median of ${RUNS}) | ${median(lookupTimes).toFixed(1)} |`,
  );
}
