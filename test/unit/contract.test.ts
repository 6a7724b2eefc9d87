import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS, SETTINGS_SECTION } from '../../common/src/contract';

const ROOT = join(__dirname, '..', '..', '..');
const contributed: Record<string, { default?: unknown; scope?: string }> = JSON.parse(
  readFileSync(join(ROOT, 'package.json'), 'utf8'),
).contributes.configuration.properties;

/** The typed settings as `section.key` paths with their defaults. */
function flatten(value: Record<string, unknown>, prefix: string): Array<[string, unknown]> {
  return Object.entries(value).flatMap(([key, item]): Array<[string, unknown]> =>
    item !== null && typeof item === 'object' && !Array.isArray(item) && Object.keys(item).length > 0
      ? flatten(item as Record<string, unknown>, `${prefix}.${key}`)
      : [[`${prefix}.${key}`, item]],
  );
}

describe('the settings contract (common/src/contract.ts) and package.json agree', () => {
  it('every typed server setting is contributed with the same default', () => {
    for (const [key, value] of flatten(DEFAULT_SETTINGS as unknown as Record<string, unknown>, SETTINGS_SECTION)) {
      assert.ok(contributed[key], `${key} is contributed in package.json`);
      assert.deepEqual(contributed[key].default, value, `${key}: default`);
    }
  });
  it('settings that name an executable are machine-scoped: a repository cannot point them at a binary of its own', () => {
    // build.extraArgs too: `--output type=local,dest=...` from a repository's settings would write where it likes.
    for (const key of [
      'shipshape.helm.path',
      'shipshape.kubectl.path',
      'shipshape.build.containerCli',
      'shipshape.build.extraArgs',
    ]) {
      // `machine-overridable` would let a workspace's settings override it: exactly `machine`.
      assert.equal(contributed[key]?.scope, 'machine', key);
    }
  });
});
