import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ruleDescriptions } from '../../server/src/service';

const ROOT = join(__dirname, '..', '..', '..');

describe('documentation', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const documented = new Set([...readme.matchAll(/^\| `([^`]+)` \|/gm)].map((match) => match[1]));

  it('every rule id has a row in the README\'s rule tables', () => {
    const missing = [...ruleDescriptions().keys()].filter((id) => id !== 'dockerfile/rule-failed' && !documented.has(id));
    assert.deepEqual(missing, []);
  });

  it('every setting the extension contributes is in the README\'s settings table', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const missing = Object.keys(manifest.contributes.configuration.properties).filter((key) => !documented.has(key));
    assert.deepEqual(missing, []);
  });
});
