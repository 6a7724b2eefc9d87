import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFuzz } from './fuzzer';

/**
 * `npm run fuzz -- --seed 7 --edits 100000`: a long random run against the bundled server; prints the report as
 * JSON and exits 1 if anything failed. Under `node --test out/test/` this file is loaded as a test file too: it
 * then does nothing (the short fixed-seed run is reliability-fuzz.test.ts).
 */
function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? undefined : process.argv[index + 1];
}

if (require.main === module && process.env.NODE_TEST_CONTEXT === undefined) {
  const seed = Number(argument('seed') ?? Math.floor(Math.random() * 2 ** 31));
  const edits = Number(argument('edits') ?? 100_000);
  console.log(`fuzzing the bundled server: seed ${seed}, ${edits} edits`);
  void runFuzz({ seed, edits, log: (line) => console.log(line) }).then((report) => {
    // Each failure's whole text goes to a file (the minimal input for its regression test starts there).
    const folder = report.failures.length > 0 ? mkdtempSync(join(tmpdir(), `shipshape-fuzz-${seed}-`)) : '';
    const failures = report.failures.map((failure, index) => {
      if (failure.text === undefined) return failure;
      const file = join(folder, `${index}-${failure.kind}.${failure.languageId === 'yaml' ? 'yaml' : 'Dockerfile'}`);
      writeFileSync(file, failure.text);
      return { ...failure, text: `${failure.text.length} characters, in ${file}` };
    });
    console.log(JSON.stringify({ ...report, failures }, null, 2));
    const failed =
      report.crashes +
      report.hangs +
      report.badRanges +
      report.badEdits +
      report.errorResponses +
      report.failures.length;
    process.exitCode = failed > 0 ? 1 : 0;
  });
}
