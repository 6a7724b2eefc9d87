// Removes compiled files in out/ whose TypeScript source is gone (moved or deleted): `tsc -b` never deletes them, and
// `node --test out/test/unit/` would otherwise still run a test that now lives in another tier.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const out = join(root, 'out');
const compiled = /\.(js|js\.map|d\.ts|d\.ts\.map)$/;
let removed = 0;
for (const project of ['common', 'server', 'client', 'test']) {
  const base = join(out, project);
  if (!existsSync(base)) continue;
  for (const entry of readdirSync(base, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !compiled.test(entry.name)) continue;
    const file = join(entry.parentPath, entry.name);
    const stem = relative(base, file).replace(compiled, '');
    const sources = ['.ts', '.mts', '.tsx', '.json'].map((ext) => join(root, project, stem + ext));
    if (sources.some((source) => existsSync(source))) continue;
    rmSync(file);
    removed++;
  }
}
if (removed > 0) console.log(`prune-out: removed ${removed} compiled files whose source is gone`);
