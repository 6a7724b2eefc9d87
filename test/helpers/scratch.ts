import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];
// node --test runs each test file in its own process: removing at exit leaves no folder behind, even when a test fails.
process.once('exit', () => {
  for (const folder of made) rmSync(folder, { recursive: true, force: true });
});

/** A new temporary folder (`<tmp>/<prefix>XXXXXX`), removed when the test process exits. */
export function scratchDir(prefix: string): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  made.push(folder);
  return folder;
}
