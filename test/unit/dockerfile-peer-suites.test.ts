import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DOCKERFILE_RULES } from '../../server/src/service/dockerfile';
import { parseDockerfile } from '../../server/src/service/dockerfile/parse/fromAst';
import type { Finding } from '../../server/src/service';
import { check } from '../helpers/dockerfile';

/**
 * Issue 13 item 5: agreement with the peers' own test suites. The cases of hadolint's rule specs and of BuildKit's
 * lint tests, extracted as data into test/fixtures/dockerfile/peers (origin, commits and licences in its README), are
 * run through Shipshape's service; for the rules Shipshape has, the test counts the cases where Shipshape finds what
 * the peer's test expects (and stays quiet where it expects quiet), prints every disagreement, and asserts the
 * agreement does not fall below the figure reached (a ratchet: raise it when a fix lands).
 */

const PEERS = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'dockerfile', 'peers');
const RATCHET = { hadolint: 0, buildkit: 0 };

interface HadolintCase {
  source: string;
  name: string;
  rule: string;
  fires: boolean;
  onbuild: boolean;
  dockerfile: string;
  config?: { trustedRegistries?: string[]; unsupported?: string };
}

interface BuildkitCase {
  source: string;
  name: string;
  warnings: Array<{ rule: string; line: number }>;
  dockerfile: string;
  dockerignore?: string;
}

const SHIPSHAPE_IDS = new Set(DOCKERFILE_RULES.map((rule) => rule.id));
/** hadolint's pinning rules are on in hadolint and off by default in Shipshape: on here, as hadolint runs them. */
const ALL_ON = { rules: { DL3008: 'warning', DL3013: 'warning', DL3018: 'warning' } };

/**
 * BuildKit's names for the findings Shipshape reports under another id (one diagnostic for the same finding, see
 * issue 13 item 2): DL4000 is MaintainerDeprecated, and so on.
 */
const BUILDKIT_NAME_OF: Record<string, string | ((found: Finding) => string | undefined)> = {
  DL4000: 'MaintainerDeprecated',
  DL3024: 'DuplicateStageName',
  DL3000: 'WorkdirRelativePath',
  DL3025: 'JSONArgsRecommended',
  DL4003: 'MultipleInstructionsDisallowed',
  DL4004: 'MultipleInstructionsDisallowed',
  DL3012: 'MultipleInstructionsDisallowed',
  'dockerfile/instruction-casing': 'ConsistentInstructionCasing',
  'dockerfile/arguments': (found) => (/ExposeInvalidFormat/.test(found.message) ? 'ExposeInvalidFormat' : undefined),
};
const BUILDKIT_KNOWN = new Set([
  ...DOCKERFILE_RULES.map((rule) => rule.id).filter((id) => /^[A-Z][a-z]/.test(id)),
  ...Object.values(BUILDKIT_NAME_OF).filter((name): name is string => typeof name === 'string'),
  'ExposeInvalidFormat',
]);

function load<T>(name: string): { commit: string; cases: T[]; skipped: unknown[] } {
  return JSON.parse(readFileSync(join(PEERS, name), 'utf8'));
}

function percent(agree: number, total: number): string {
  return `${((100 * agree) / Math.max(1, total)).toFixed(1)}%`;
}

describe('agreement with the peers\' own test suites', () => {
  it('hadolint: test/Hadolint/Rule/*Spec.hs, for the DL rules Shipshape has', () => {
    const { cases } = load<HadolintCase>('hadolint-cases.json');
    let compared = 0;
    let agree = 0;
    const notCompared = new Map<string, number>();
    const differences: string[] = [];
    for (const entry of cases) {
      if (!SHIPSHAPE_IDS.has(entry.rule)) {
        notCompared.set(entry.rule, (notCompared.get(entry.rule) ?? 0) + 1);
        continue;
      }
      if (entry.config?.unsupported) {
        notCompared.set(`config ${entry.config.unsupported}`, (notCompared.get(`config ${entry.config.unsupported}`) ?? 0) + 1);
        continue;
      }
      const files = entry.config?.trustedRegistries
        ? { '.hadolint.yaml': `trustedRegistries:\n${entry.config.trustedRegistries.map((registry) => `  - "${registry}"`).join('\n')}\n` }
        : undefined;
      const findings = check(entry.dockerfile, { settings: ALL_ON, ...(files ? { files } : {}) });
      const fired = findings.some((found) => found.code === entry.rule);
      compared++;
      if (fired === entry.fires) agree++;
      else differences.push(`${entry.rule} ${entry.fires ? 'expected, quiet' : 'fired, not expected'}${entry.onbuild ? ' (ONBUILD)' : ''}: ${entry.source.replace(/.*\//, '')} "${entry.name}"\n    ${JSON.stringify(entry.dockerfile)}`);
    }
    const rules = [...notCompared.keys()].filter((rule) => !rule.startsWith('config')).sort();
    console.log(`hadolint: ${cases.length} cases; ${compared} for rules Shipshape has; agreement ${agree}/${compared} = ${percent(agree, compared)}`);
    console.log(`  not compared: ${[...notCompared.values()].reduce((a, b) => a + b, 0)} cases of ${rules.length} rules Shipshape lacks (${rules.join(' ')})${[...notCompared.keys()].filter((key) => key.startsWith('config')).map((key) => `; ${key}`).join('')}`);
    if (differences.length > 0) console.log(`  disagreements:\n  ${differences.join('\n  ')}`);
    assert.ok(agree >= RATCHET.hadolint, `agreement fell: ${agree} < ${RATCHET.hadolint}`);
  });

  it('BuildKit: frontend/dockerfile/dockerfile_check_test.go, for the checks Shipshape has', () => {
    const { cases } = load<BuildkitCase>('buildkit-cases.json');
    let agree = 0;
    let compared = 0;
    const differences: string[] = [];
    for (const entry of cases) {
      const files = entry.dockerignore !== undefined ? { '.dockerignore': entry.dockerignore } : undefined;
      const findings = check(entry.dockerfile, { settings: ALL_ON, ...(files ? { files } : {}) });
      const starts = instructionStarts(entry.dockerfile);
      const expected = entry.warnings.filter((warning) => BUILDKIT_KNOWN.has(warning.rule)).map((warning) => `${warning.rule}@${starts(warning.line - 1) + 1}`).sort();
      const actual = findings
        .map((found) => {
          const mapped = BUILDKIT_NAME_OF[found.code];
          const name = typeof mapped === 'function' ? mapped(found) : (mapped ?? (BUILDKIT_KNOWN.has(found.code) ? found.code : undefined));
          return name === undefined ? undefined : `${name}@${starts(found.range.start.line) + 1}`;
        })
        .filter((entry): entry is string => entry !== undefined)
        .sort();
      // Only the rules the peer's test is about: BuildKit's test Dockerfiles are written to show one check each,
      // and BuildKit reports every rule, so any other BuildKit finding is a disagreement too.
      compared++;
      if (JSON.stringify(expected) === JSON.stringify(actual)) agree++;
      else differences.push(`${entry.name}: expected [${expected.join(', ')}], Shipshape [${actual.join(', ')}]\n    ${JSON.stringify(entry.dockerfile)}`);
    }
    console.log(`BuildKit: ${cases.length} cases; agreement ${agree}/${compared} = ${percent(agree, compared)} (BuildKit checks Shipshape lacks are left out of both sides)`);
    if (differences.length > 0) console.log(`  disagreements:\n  ${differences.join('\n  ')}`);
    assert.ok(agree >= RATCHET.buildkit, `agreement fell: ${agree} < ${RATCHET.buildkit}`);
  });
});

/** The (0-based) first line of the instruction holding each line, so that a finding inside an instruction compares with BuildKit's line. */
function instructionStarts(text: string): (line: number) => number {
  const instructions = parseDockerfile(text).instructions;
  return (line) => instructions.find((instruction) => instruction.line <= line && line <= instruction.endLine)?.line ?? line;
}
