import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { FAMILY_TITLES, ruleCatalogue, type RuleFamily, type RuleMeta } from '../../server/src/service/catalogue';
import { codesAndRanges } from '../helpers/service';
import { newErrors, run, type RuleCase, type Sample } from './rule-cases/case';
import { CODE_CASES } from './rule-cases/codes';
import { CROSSCHECK_CASES } from './rule-cases/crosscheck';
import { DOCKERFILE_CASES } from './rule-cases/dockerfile';
import { DOCKERFILE_HADOLINT_CASES } from './rule-cases/dockerfile-hadolint';
import { DOCKERFILE_BUILDKIT_CASES } from './rule-cases/dockerfile-buildkit';
import { HPA_SEMANTICS_CASES } from './rule-cases/hpa-semantics';
import { IMAGE_USER_CASES } from './rule-cases/image-user';
import { KUBERNETES_CASES } from './rule-cases/kubernetes';
import { SEMANTIC_CASES } from './rule-cases/kubernetes-semantics';
import { KUSTOMIZE_CASES } from './rule-cases/kustomize';
import { VERSION_CASES } from './rule-cases/versions';
import { WORKSPACE_CASES } from './rule-cases/workspace';
import { WORKLOAD_CASES } from './rule-cases/workloads';

/**
 * The catalogue-driven test: every id in the rule catalogue has a case entry with at least one firing sample (exact
 * ranges), one quiet near miss, and every fix it offers applied through the code actions and re-validated clean. A
 * new rule without its cases fails here; an exception must say why, and there are only a few.
 */
const CASES: readonly RuleCase[] = [
  ...KUBERNETES_CASES,
  ...SEMANTIC_CASES,
  ...HPA_SEMANTICS_CASES,
  ...WORKSPACE_CASES,
  ...WORKLOAD_CASES,
  ...KUSTOMIZE_CASES,
  ...DOCKERFILE_CASES,
  ...DOCKERFILE_HADOLINT_CASES,
  ...DOCKERFILE_BUILDKIT_CASES,
  ...CODE_CASES,
  ...VERSION_CASES,
  ...CROSSCHECK_CASES,
  ...IMAGE_USER_CASES,
];
/**
 * Codes made only outside validate() by a real external tool (helm, kubectl, shellcheck) or by a rule that throws:
 * helm's four (a broken template, missing dependencies, a required value, a fetch the network does not reach) are
 * tested with the real helm in test/realparts/helm-render.test.ts; kustomize's three (a failed build, a folder outside
 * the workspace, a resource fetched over the network) with the real kubectl.
 */
const MAX_EXCEPTIONS = 9;

const byId = new Map<string, RuleCase>();
for (const entry of CASES) {
  assert.ok(!byId.has(entry.id), `two case entries for ${entry.id}`);
  byId.set(entry.id, entry);
}

describe('the case table covers the catalogue', () => {
  it('has an entry for every catalogue id, and none for an id the catalogue lacks', () => {
    const ids = new Set(ruleCatalogue().map((entry) => entry.id));
    assert.deepEqual(
      [...ids].filter((id) => !byId.has(id)),
      [],
      'catalogue ids without a case entry',
    );
    assert.deepEqual(
      [...byId.keys()].filter((id) => !ids.has(id)),
      [],
      'case entries for ids the catalogue does not have',
    );
  });

  it('keeps the exceptions few and explicit', () => {
    const exceptions = CASES.filter((entry) => entry.exception !== undefined);
    console.log(
      `rule cases: ${CASES.length} ids, ${CASES.reduce((sum, entry) => sum + entry.firing.length + entry.quiet.length + (entry.fixes?.length ?? 0), 0)} cases, ${exceptions.length} exceptions (${exceptions.map((entry) => entry.id).join(', ')})`,
    );
    assert.ok(exceptions.length <= MAX_EXCEPTIONS, `${exceptions.length} exceptions; at most ${MAX_EXCEPTIONS}`);
    for (const entry of exceptions)
      assert.ok((entry.exception ?? '').length > 20, `${entry.id}: an exception says why`);
  });
});

describe('the driver fails an incomplete or wrong entry', () => {
  // The case table would hide a broken driver: these entries must each be refused.
  const meta = ruleCatalogue().find((entry) => entry.id === 'DL3007')!;
  const firing = { text: 'FROM debian:latest\n', ranges: ['0:12-0:18'] };
  const quiet = { text: 'FROM debian:12\n' };
  const refused: Array<[string, RuleCase]> = [
    ['no firing case', { id: meta.id, firing: [], quiet: [quiet] }],
    ['no quiet case', { id: meta.id, firing: [firing], quiet: [] }],
    ['a wrong range', { id: meta.id, firing: [{ ...firing, ranges: ['0:11-0:18'] }], quiet: [quiet] }],
    ['a quiet case that fires', { id: meta.id, firing: [firing], quiet: [firing] }],
  ];
  const withFix = ruleCatalogue().find((entry) => entry.id === 'DL3020')!;
  const addFiring = { text: 'FROM debian:12\nADD app.py /app/\n', ranges: ['1:0-1:3'] };
  const addQuiet = { text: 'FROM debian:12\nCOPY app.py /app/\n' };
  for (const [what, entry] of refused) it(what, () => assert.throws(() => checkRule(meta, entry)));
  it('a fix without a fix case', () =>
    assert.throws(
      () => checkRule(withFix, { id: withFix.id, firing: [addFiring], quiet: [addQuiet] }),
      /fixes offered without a fix case/,
    ));
  it('a fix case for a fix that is not offered', () =>
    assert.throws(
      () =>
        checkRule(withFix, {
          id: withFix.id,
          firing: [addFiring],
          quiet: [addQuiet],
          fixes: [{ title: 'Change ADD to COPY' }, { title: 'Delete the line' }],
        }),
      /no finding offers/,
    ));
  it('the complete entry passes', () =>
    checkRule(withFix, {
      id: withFix.id,
      firing: [addFiring],
      quiet: [addQuiet],
      fixes: [{ title: 'Change ADD to COPY' }],
    }));
});

const language = (family: RuleFamily) => (family === 'dockerfile' ? 'dockerfile' : 'yaml');
/** Comment lines and end-of-line comments (`# ...`): a fix keeps them. */
const commentsOf = (text: string) => [...text.matchAll(/(?:^|\s)(#[^\n]*)/g)].map((match) => match[1].trim());
const sampleName = (sample: Sample) => `${sample.name ?? 'the sample'}:\n${sample.text}`;

function checkRule(meta: RuleMeta, entry: RuleCase): void {
  const lang = language(meta.family);
  const id = meta.id;
  if (entry.exception === undefined) assert.ok(entry.firing.length > 0, `${id}: no firing case`);
  assert.ok(entry.quiet.length > 0, `${id}: no quiet near-miss case`);

  const offered = new Set<string>();
  for (const sample of entry.firing) {
    const result = run(sample, lang);
    const mine = result.findings.filter((found) => found.code === id);
    assert.deepEqual(
      codesAndRanges(mine),
      sample.ranges.map((range) => `${id}@${range}`),
      `${id} fires with these exact ranges in ${sampleName(sample)}\nall findings: ${codesAndRanges(result.findings).join(', ')}`,
    );
    for (const found of mine) for (const title of result.titlesOf(found)) offered.add(title);
  }
  for (const sample of entry.quiet) {
    const found = run(sample, lang).findings.filter((candidate) => candidate.code === id);
    assert.deepEqual(codesAndRanges(found), [], `${id} stays quiet on ${sampleName(sample)}`);
  }

  const fixCases = entry.fixes ?? [];
  const covered = new Set(fixCases.map((fix) => fix.title));
  assert.deepEqual(
    [...offered].filter((title) => !covered.has(title)),
    [],
    `${id}: fixes offered without a fix case`,
  );
  if (meta.fix && fixCases.length === 0 && entry.exception === undefined)
    assert.fail(`${id}: the catalogue describes a fix ("${meta.fix}") that no firing case offers`);
  for (const fix of fixCases) {
    const sample = fix.on ?? entry.firing[0];
    const before = run(sample, lang);
    const found = before.findings.find(
      (candidate) => candidate.code === id && before.titlesOf(candidate).includes(fix.title),
    );
    const offeredHere = before.findings
      .filter((candidate) => candidate.code === id)
      .flatMap((candidate) => before.titlesOf(candidate));
    assert.ok(
      found,
      `${id}: no finding offers "${fix.title}" (offered: ${offeredHere.join('; ') || 'none'}) in ${sampleName(sample)}`,
    );
    const fixed = before.apply(found, fix.title);
    const after = run({ ...sample, text: fixed }, lang);
    assert.deepEqual(
      codesAndRanges(after.findings.filter((candidate) => candidate.code === id)),
      [],
      `${id}: "${fix.title}" leaves the finding in\n${fixed}`,
    );
    assert.deepEqual(
      newErrors(before.findings, after.findings),
      [],
      `${id}: "${fix.title}" brings new errors in\n${fixed}`,
    );
    const lost = commentsOf(sample.text).filter((comment) => !fixed.includes(comment));
    assert.deepEqual(lost, [], `${id}: "${fix.title}" drops comments\n${fixed}`);
  }
}

for (const [family, title] of Object.entries(FAMILY_TITLES) as Array<[RuleFamily, string]>) {
  describe(title, () => {
    for (const meta of ruleCatalogue().filter((candidate) => candidate.family === family)) {
      it(meta.id, () => {
        const entry = byId.get(meta.id);
        assert.ok(entry, `${meta.id}: no case entry`);
        checkRule(meta, entry);
      });
    }
  });
}
