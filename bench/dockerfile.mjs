// Dockerfile diagnostics: dockerfile-utils' `validate` alone (the anchor) vs Shipshape's full diagnostics (every
// syntax check, hadolint rule and BuildKit check on), side by side in one process, on the generated inputs of
// /work/shared/perf/gen-inputs.mjs (Dockerfile-500/-1000/-2000: 522/1042/2082 instructions). Median of N runs after
// warm-up; the ratio is Shipshape / dockerfile-utils (below 1 is faster).
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

const dir = mkdtempSync(join(tmpdir(), 'shipshape-dockerfile-bench-'));
try {
  execFileSync(process.execPath, [options.gen, dir], { stdio: 'ignore' });
  const service = createLanguageService();
  // All rules on: the off-by-default pinning rules too.
  service.configure(resolveSettings({ rules: { DL3008: 'warning', DL3013: 'warning', DL3018: 'warning' } }));
  const median = (samples) => samples.sort((a, b) => a - b)[samples.length >> 1];
  const rows = [];
  for (const [name, instructions] of [['Dockerfile-500', 522], ['Dockerfile-1000', 1042], ['Dockerfile-2000', 2082]]) {
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
    rows.push({ file: name, instructions, findings: shipshape().length, utilsMs, shipshapeMs, ratio: shipshapeMs / utilsMs });
  }
  console.log(`Dockerfile diagnostics, median of ${RUNS} runs after ${WARMUP} warm-up runs (Node ${process.version})\n`);
  console.log('| file | instructions | dockerfile-utils validate (ms) | Shipshape full diagnostics (ms) | ratio | Shipshape findings |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const row of rows) {
    console.log(`| ${row.file} | ${row.instructions} | ${row.utilsMs.toFixed(1)} | ${row.shipshapeMs.toFixed(1)} | ${row.ratio.toFixed(2)} | ${row.findings} |`);
  }
  if (rows[0].ratio > 1) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
