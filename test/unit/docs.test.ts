import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { docsUrl, FAMILY_TITLES, ruleCatalogue, ruleDescriptions, ruleTable } from '../../server/src/service/catalogue';

const ROOT = join(__dirname, '..', '..', '..');

describe('documentation', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const documented = new Set([...readme.matchAll(/^\| `([^`]+)` \|/gm)].map((match) => match[1]));

  it("every rule id has a row in the README's rule tables", () => {
    const missing = [...ruleDescriptions().keys()].filter(
      (id) => id !== 'shipshape/rule-failed' && !documented.has(id),
    );
    assert.deepEqual(missing, []);
  });

  it("the README's rule tables are the ones the rule catalogue generates (npm run docs:rules)", () => {
    for (const family of Object.keys(FAMILY_TITLES) as Array<keyof typeof FAMILY_TITLES>) {
      const start = readme.indexOf(`<!-- rules:${family} -->\n`);
      const end = readme.indexOf(`<!-- /rules:${family} -->`);
      assert.ok(start !== -1 && end > start, `README.md has a generated ${family} table`);
      assert.equal(
        readme.slice(start + `<!-- rules:${family} -->\n`.length, end),
        ruleTable(family) + '\n',
        `${family}: run npm run docs:rules`,
      );
    }
  });

  it('every catalogued rule id is unique and documented with a description and a link', () => {
    const catalogue = ruleCatalogue();
    assert.equal(new Set(catalogue.map((entry) => entry.id)).size, catalogue.length);
    for (const entry of catalogue) {
      assert.ok(entry.description.length > 10, entry.id);
      assert.match(docsUrl(entry), /^https:\/\//);
    }
  });

  it("every setting the extension contributes is in the README's settings table", () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const missing = Object.keys(manifest.contributes.configuration.properties).filter((key) => !documented.has(key));
    assert.deepEqual(missing, []);
  });
});
