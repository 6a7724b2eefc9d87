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
    console.log(JSON.stringify({ ...report, failures: report.failures.map((failure) => ({ ...failure, text: failure.text?.slice(0, 4000) })) }, null, 2));
    const failed = report.crashes + report.hangs + report.badRanges + report.badEdits + report.errorResponses + report.failures.length;
    process.exitCode = failed > 0 ? 1 : 0;
  });
}
