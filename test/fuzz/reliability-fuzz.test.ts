import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { runFuzz } from './fuzzer';

/**
 * The short, fixed-seed fuzz run of `npm test` (issue 15): a few thousand random edits over real LSP against the
 * bundled server. The same seed gives the same edits on every machine; `npm run fuzz -- --seed N --edits M` runs
 * long random ones. A failure's report carries the document text it happened on: its minimal input becomes a
 * regression test beside the others (reliability-*.test.ts).
 */
describe('fuzzing the bundled server over real LSP (fixed seed)', () => {
  it(
    '3,000 edits: no exit, every request answered within 5 s, every range inside the text, every edit clean',
    { timeout: 180_000 },
    async () => {
      const report = await runFuzz({ seed: 15, edits: 3000 });
      const summary = {
        ...report,
        failures: report.failures.map((failure) => `${failure.kind}: ${failure.detail}`),
        rssMB: report.rssMB.join(' '),
      };
      assert.equal(report.edits, 3000, JSON.stringify(summary));
      assert.ok(report.requests > 300, JSON.stringify(summary));
      assert.deepEqual(
        report.failures.map((failure) => `${failure.kind}: ${failure.detail}`),
        [],
      );
      assert.equal(
        report.crashes + report.hangs + report.badRanges + report.badEdits + report.errorResponses,
        0,
        JSON.stringify(summary),
      );
    },
  );
});
