// Writes the README's rule tables from the rule catalogue (server/src/service/catalogue), between the markers
// `<!-- rules:FAMILY -->` and `<!-- /rules:FAMILY -->`. `--check` only says whether they are up to date (exit 1 if
// not). Reads the compiled catalogue: run after `tsc -b` (npm run docs:rules does both).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
/** @type {{ ruleTable(family: string): string, FAMILY_TITLES: Record<string, string> }} */
const catalogue = require(join(root, 'out', 'server', 'src', 'service', 'catalogue', 'index.js'));

const readmePath = join(root, 'README.md');
const readme = readFileSync(readmePath, 'utf8');
let next = readme;
for (const family of Object.keys(catalogue.FAMILY_TITLES)) {
  const start = `<!-- rules:${family} -->`;
  const end = `<!-- /rules:${family} -->`;
  const from = next.indexOf(start);
  const to = next.indexOf(end);
  if (from === -1 || to < from) throw new Error(`README.md has no ${start} ... ${end} section`);
  next = next.slice(0, from + start.length) + '\n' + catalogue.ruleTable(family) + '\n' + next.slice(to);
}
if (process.argv.includes('--check')) {
  if (next !== readme) {
    console.error('README.md rule tables are out of date: run npm run docs:rules');
    process.exit(1);
  }
} else if (next !== readme) {
  writeFileSync(readmePath, next);
  console.log('README.md rule tables written');
}
