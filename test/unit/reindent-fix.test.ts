import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { applyFix, codesAndRanges, HARDENED_DEPLOYMENT as D, validate } from '../helpers/service';
import { SELECTOR_SLIP, SELECTOR_SLIP_FIX } from './rule-cases/codes';

const syntaxOf = (text: string) => validate(text).filter((found) => found.code === 'yaml/syntax');
const errorsOf = (text: string) => validate(text).filter((found) => found.severity === 1);

describe('an indentation slip that breaks the YAML: the re-indent fix, where the intended place is clear', () => {
  it('a key one space too deep: offered on the first parser error, a suggestion, and the result is clean', () => {
    const [first, ...others] = syntaxOf(SELECTOR_SLIP);
    assert.ok(first, 'the slip breaks the YAML');
    assert.deepEqual(
      first.fixes.map((fix) => [fix.title, fix.isPreferred]),
      [[SELECTOR_SLIP_FIX, false]],
    );
    assert.ok(others.every((found) => found.fixes.length === 0));
    const fixed = applyFix(SELECTOR_SLIP, 'yaml/syntax', SELECTOR_SLIP_FIX);
    assert.equal(fixed, D);
    assert.deepEqual(codesAndRanges(errorsOf(fixed)), []);
  });

  it('everything after apiVersion indented, its --- separators too: one move brings back every document', () => {
    const service = `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n      targetPort: http\n`;
    const shifted = (D + '---\n' + service)
      .split('\n')
      .map((line, index) => (index === 0 || line === '' ? line : `    ${line}`))
      .join('\n');
    const [first] = syntaxOf(shifted);
    const title = first.fixes[0]?.title ?? '';
    assert.match(title, /^Re-indent `kind` and the \d+ lines below to 0 spaces, level with `apiVersion`$/);
    const fixed = applyFix(shifted, 'yaml/syntax', title);
    assert.equal(fixed, D + '---\n' + service);
    assert.deepEqual(codesAndRanges(errorsOf(fixed)), []);
  });

  it('keys of a sequence item written `-   protocol:`: the key column of the item is a place too', () => {
    const service = (ports: string) =>
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n${ports}`;
    const slipped = service('    -   protocol: TCP\n      port: 80\n      targetPort: 8080\n');
    const [first] = syntaxOf(slipped);
    const title = 'Re-indent `port` and the 1 line below to 8 spaces, level with `protocol`';
    assert.deepEqual(
      first.fixes.map((fix) => fix.title),
      [title],
    );
    const fixed = applyFix(slipped, 'yaml/syntax', title);
    assert.equal(fixed, service('    -   protocol: TCP\n        port: 80\n        targetPort: 8080\n'));
    assert.deepEqual(codesAndRanges(errorsOf(fixed)), []);
  });

  it('no fix when two places are as near (a key between a sibling and a child), nor in a Helm template', () => {
    const between = D.replace('\n  template:\n', '\n   template:\n');
    assert.ok(syntaxOf(between).length > 0);
    assert.deepEqual(
      syntaxOf(between).flatMap((found) => found.fixes),
      [],
    );
    const template = SELECTOR_SLIP.replace('name: web', 'name: {{ .Release.Name }}');
    assert.deepEqual(
      syntaxOf(template).flatMap((found) => found.fixes),
      [],
    );
  });

  it('fix-all leaves it alone: which parent was meant is a guess', () => {
    assert.throws(() => applyFix(SELECTOR_SLIP, 'yaml/syntax'), /no fix \(preferred\)/);
  });
});
