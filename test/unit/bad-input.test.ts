import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { codesAndRanges, validate } from '../helpers/service';

const HEADER = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n';

describe('bad input: a diagnostic or nothing, never a crash or a hang', () => {
  it('an empty file', () => {
    assert.deepEqual(validate(''), []);
  });

  it('only document markers and comments', () => {
    assert.deepEqual(validate('---\n# nothing\n---\n...\n'), []);
  });

  it('tabs used for indentation in a manifest', () => {
    const findings = validate(HEADER + 'spec:\n\treplicas: 2\n');
    assert.ok(findings.length > 0);
    assert.ok(
      findings.every((found) => found.code === 'yaml/syntax'),
      codesAndRanges(findings).join(),
    );
  });

  it('a key set twice: the key is named, on the second one', () => {
    const text = HEADER + 'spec:\n  replicas: 2\n  selector: {}\n  replicas: 3\n';
    const duplicate = validate(text).filter((found) => found.code === 'yaml/syntax');
    assert.deepEqual(codesAndRanges(duplicate), ['yaml/syntax@7:2-7:10']);
    assert.equal(
      duplicate[0].message,
      'mapping key "replicas" is already set above in the same map: kubectl refuses the file (keep one)',
    );
  });

  it('a broken document: the first parse error only (the rest follow from it), and every duplicate key', () => {
    // Two slips: the parser reports four errors, the last three set off by the first; kubectl stops at the first.
    const slipped = HEADER.replace(/\n$/, '') + '\n   labels:\n    app: web\nspec:\n  replicas: 2\n  replicas: 3\n';
    const syntax = validate(slipped).filter((found) => found.code === 'yaml/syntax');
    assert.equal(
      syntax.filter((found) => !found.message.startsWith('mapping key')).length,
      1,
      codesAndRanges(syntax).join(),
    );
    assert.ok(
      syntax.some((found) => found.message.startsWith('mapping key "replicas"')),
      codesAndRanges(syntax).join(),
    );
  });

  it('binary junk', () => {
    const junk = Buffer.from(Array.from({ length: 4096 }, (_, index) => (index * 7919) % 256)).toString('latin1');
    assert.doesNotThrow(() => validate(junk));
    assert.doesNotThrow(() => validate(HEADER + junk));
  });

  it('a YAML alias bomb is reported, not expanded', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let level = 1; level < 10; level++) {
      const previous = String.fromCharCode(96 + level);
      const name = String.fromCharCode(97 + level);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
    }
    const text =
      HEADER +
      'spec:\n  template:\n    metadata:\n      annotations:\n' +
      levels.map((line) => '        ' + line).join('\n') +
      '\n';
    const started = Date.now();
    const findings = validate(text);
    assert.deepEqual(
      findings.map((found) => found.code),
      ['yaml/alias-limit'],
    );
    // Not a timing assertion on speed, a guard against expansion: a billion nodes would never come back.
    assert.ok(Date.now() - started < 10_000);
  });

  it('a file over the size limit gets one information diagnostic instead of being parsed', () => {
    const big =
      HEADER +
      'spec:\n' +
      '  # padding padding padding padding padding padding padding padding padding\n'.repeat(280_000);
    assert.ok(big.length > 20 * 1_048_576);
    const findings = validate(big);
    assert.deepEqual(codesAndRanges(findings), ['shipshape/file-too-large@0:0-0:0']);
    assert.match(findings[0].message, /is over the 10 MB limit/);
  });

  it('deeply nested flow collections', () => {
    const text = HEADER + 'spec: ' + '['.repeat(2000) + ']'.repeat(2000) + '\n';
    assert.doesNotThrow(() => validate(text));
  });

  it('a document of one word', () => {
    assert.deepEqual(validate('Deployment'), []);
  });

  it('keys of every type where strings are expected', () => {
    const text = HEADER + 'spec:\n  ? [a, b]\n  : 1\n  null: 2\n  3: 4\n  true: false\n';
    assert.doesNotThrow(() => validate(text));
  });
});
