import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ruleCatalogue } from '../../server/src/service/catalogue';
import { parseDockerfile } from '../../server/src/service/dockerfile/parse/fromAst';
import type { Finding } from '../../server/src/service';
import { execFileSync } from 'node:child_process';
import { runShellcheckSync } from '../../server/src/handlers/shellcheckRunner';
import { check, makeDockerfile, rangesOf, serviceFor } from '../helpers/dockerfile';

/**
 * Issue 13 item 5: agreement with the peers' own test suites. The cases of hadolint's rule specs and of BuildKit's
 * lint tests, extracted as data into test/fixtures/dockerfile/peers (origin, commits and licences in its README), are
 * run through Shipshape's service; for the rules Shipshape has, the test counts the cases where Shipshape finds what
 * the peer's test expects (and stays quiet where it expects quiet), prints every disagreement, and asserts the
 * agreement does not fall below the figure reached (a ratchet: raise it when a fix lands).
 */

const PEERS = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'dockerfile', 'peers');
/** Cases that agree today (see the figures this test prints): the test fails if one falls. */
const RATCHET = { hadolint: 1035, buildkit: 78, shellcheck: 35 };

interface HadolintCase {
  source: string;
  name: string;
  rule: string;
  fires: boolean;
  onbuild: boolean;
  dockerfile: string;
  config?: {
    trustedRegistries?: string[];
    labelSchema?: Record<string, string>;
    strictLabels?: boolean;
    unsupported?: string;
  };
}

interface BuildkitCase {
  source: string;
  name: string;
  warnings: Array<{ rule: string; line: number }>;
  /** False when BuildKit's test compares the findings in line order but not their lines (its UnmarshalWarnings). */
  linesChecked?: false;
  dockerfile: string;
  dockerignore?: string;
}

/** The Dockerfile ids of the rule catalogue. */
const DOCKERFILE_RULES = ruleCatalogue().filter((entry) => entry.family === 'dockerfile');
const SHIPSHAPE_IDS = new Set(DOCKERFILE_RULES.map((rule) => rule.id));
/**
 * hadolint's pinning rules and DL3066 are on in hadolint and off by default in Shipshape, and DL1001 and DL3057 are off in both
 * (hadolint's severity "ignore"): on here, as hadolint's spec runs the rule under test.
 */
const ALL_ON = {
  rules: Object.fromEntries(
    [
      'DL1001',
      'DL3008',
      'DL3013',
      'DL3016',
      'DL3018',
      'DL3028',
      'DL3033',
      'DL3037',
      'DL3041',
      'DL3057',
      'DL3062',
      'DL3066',
    ].map((id) => [id, 'warning']),
  ),
};
/**
 * hadolint ids whose finding Shipshape reports under BuildKit's name (one diagnostic for the same finding; either
 * tool's pragma silences it): DL3065 is RedundantTargetPlatform, and SecretsUsedInArgOrEnv reports the names both
 * tools take for secrets (DL3064 the ones only hadolint does).
 */
const HADOLINT_TWINS: Record<string, readonly string[]> = {
  DL3064: ['SecretsUsedInArgOrEnv'],
  DL3065: ['RedundantTargetPlatform'],
};

/**
 * BuildKit's names for the findings Shipshape reports under another id (one diagnostic for the same finding, see
 * issue 13 item 2): DL4000 is MaintainerDeprecated, and so on. Not ConsistentInstructionCasing: Shipshape's
 * dockerfile/instruction-casing asks for uppercase keywords, a different check (all-lowercase files pass BuildKit's).
 */
const BUILDKIT_NAME_OF: Record<string, string | ((found: Finding) => string | undefined)> = {
  DL4000: 'MaintainerDeprecated',
  DL3024: 'DuplicateStageName',
  DL3000: 'WorkdirRelativePath',
  DL3025: (found) => (found.message.includes('HEALTHCHECK') ? undefined : 'JSONArgsRecommended'),
  DL4003: 'MultipleInstructionsDisallowed',
  DL4004: 'MultipleInstructionsDisallowed',
  DL3012: 'MultipleInstructionsDisallowed',
  DL3063: 'ReservedStageName',
};
/** The BuildKit checks that stand for a hadolint rule where both fire (the hadolint finding is then not reported). */
const HADOLINT_TWIN_OF: Record<string, string> = { FromPlatformFlagConstDisallowed: 'DL3029' };
const BUILDKIT_KNOWN = new Set([
  ...DOCKERFILE_RULES.map((rule) => rule.id).filter((id) => /^[A-Z][a-z]/.test(id)),
  ...Object.values(BUILDKIT_NAME_OF).filter((name): name is string => typeof name === 'string'),
  'JSONArgsRecommended',
]);

function load<T>(name: string): { commit: string; cases: T[]; skipped: unknown[] } {
  return JSON.parse(readFileSync(join(PEERS, name), 'utf8'));
}

function shellcheckSkipReason(): string | false {
  try {
    execFileSync('shellcheck', ['--version'], { stdio: 'ignore' });
    return false;
  } catch {
    return 'shellcheck is not installed: run bash test/realparts/install-deps.sh (apt-get install shellcheck)';
  }
}

function percent(agree: number, total: number): string {
  return `${((100 * agree) / Math.max(1, total)).toFixed(1)}%`;
}

describe("agreement with the peers' own test suites", () => {
  it('hadolint: test/Hadolint/Rule/*Spec.hs, for the DL rules Shipshape has', () => {
    const cases = load<HadolintCase>('hadolint-cases.json').cases.filter((entry) => entry.rule !== 'shellcheck');
    let compared = 0;
    let agree = 0;
    const notCompared = new Map<string, number>();
    const differences: string[] = [];
    for (const entry of cases) {
      if (entry.rule === 'shellcheck') continue; // ShellcheckSpec.hs: compared below, with the real shellcheck
      if (!SHIPSHAPE_IDS.has(entry.rule) && !HADOLINT_TWINS[entry.rule]) {
        notCompared.set(entry.rule, (notCompared.get(entry.rule) ?? 0) + 1);
        continue;
      }
      if (entry.config?.unsupported) {
        notCompared.set(
          `config ${entry.config.unsupported}`,
          (notCompared.get(`config ${entry.config.unsupported}`) ?? 0) + 1,
        );
        continue;
      }
      const files = hadolintYaml(entry.config);
      const findings = check(entry.dockerfile, { settings: ALL_ON, ...(files ? { files } : {}) });
      // One diagnostic for the same finding: where the other tool's twin reports it, the rule did fire (pragmas.ts).
      const codes = [entry.rule, ...(HADOLINT_TWINS[entry.rule] ?? [])];
      const fired = findings.some((found) => codes.includes(found.code) || HADOLINT_TWIN_OF[found.code] === entry.rule);
      compared++;
      if (fired === entry.fires) agree++;
      else
        differences.push(
          `${entry.rule} ${entry.fires ? 'expected, quiet' : 'fired, not expected'}${entry.onbuild ? ' (ONBUILD)' : ''}: ${entry.source.replace(/.*\//, '')} "${entry.name}"\n    ${JSON.stringify(entry.dockerfile)}`,
        );
    }
    const rules = [...notCompared.keys()].filter((rule) => !rule.startsWith('config')).sort();
    console.log(
      `hadolint: ${cases.length} cases; ${compared} for rules Shipshape has; agreement ${agree}/${compared} = ${percent(agree, compared)}`,
    );
    console.log(
      `  not compared: ${[...notCompared.values()].reduce((a, b) => a + b, 0)} cases of ${rules.length} rules Shipshape lacks (${rules.join(' ')})${[
        ...notCompared.keys(),
      ]
        .filter((key) => key.startsWith('config'))
        .map((key) => `; ${key}`)
        .join('')}`,
    );
    if (differences.length > 0) console.log(`  disagreements:\n  ${differences.join('\n  ')}`);
    assert.ok(agree >= RATCHET.hadolint, `agreement fell: ${agree} < ${RATCHET.hadolint}`);
  });

  it(
    'hadolint: ShellcheckSpec.hs (ShellCheck inside RUN), with the real shellcheck',
    { skip: shellcheckSkipReason() },
    () => {
      const cases = load<HadolintCase>('hadolint-cases.json').cases.filter((entry) => entry.rule === 'shellcheck');
      let agree = 0;
      const differences: string[] = [];
      for (const entry of cases) {
        const { document, folder } = makeDockerfile(entry.dockerfile);
        const service = serviceFor(folder);
        const run = runShellcheckSync(
          'shellcheck',
          service.shellcheckResults.unchecked(service.shellScripts(document)),
          service.shellcheckResults,
        );
        assert.deepEqual(run, { ok: true });
        const found = service.validate(document).filter((finding) => finding.code.startsWith('SC'));
        if (found.length > 0 === entry.fires) agree++;
        else
          differences.push(
            `${entry.fires ? 'expected SC findings, quiet' : `fired ${found.map((finding) => finding.code).join(' ')}, not expected`}${entry.onbuild ? ' (ONBUILD)' : ''}: "${entry.name}"\n    ${JSON.stringify(entry.dockerfile)}`,
          );
      }
      console.log(
        `hadolint ShellcheckSpec: ${cases.length} cases; agreement ${agree}/${cases.length} = ${percent(agree, cases.length)}`,
      );
      if (differences.length > 0) console.log(`  disagreements:\n  ${differences.join('\n  ')}`);
      assert.ok(agree >= RATCHET.shellcheck, `agreement fell: ${agree} < ${RATCHET.shellcheck}`);
    },
  );

  it('BuildKit: frontend/dockerfile/dockerfile_check_test.go, for the checks Shipshape has', () => {
    const { cases } = load<BuildkitCase>('buildkit-cases.json');
    let agree = 0;
    let compared = 0;
    const differences: string[] = [];
    for (const entry of cases) {
      const files = entry.dockerignore !== undefined ? { '.dockerignore': entry.dockerignore } : undefined;
      const findings = check(entry.dockerfile, { settings: ALL_ON, ...(files ? { files } : {}) });
      const starts = instructionStarts(entry.dockerfile);
      const expected = entry.warnings
        .filter((warning) => BUILDKIT_KNOWN.has(warning.rule))
        .map((warning) =>
          entry.linesChecked === false ? warning.rule : `${warning.rule}@${starts(warning.line - 1) + 1}`,
        )
        .sort();
      const actual = findings
        .map((found) => {
          const mapped = BUILDKIT_NAME_OF[found.code];
          const name =
            typeof mapped === 'function'
              ? mapped(found)
              : (mapped ?? (BUILDKIT_KNOWN.has(found.code) ? found.code : undefined));
          if (name === undefined) return undefined;
          return entry.linesChecked === false ? name : `${name}@${starts(found.range.start.line) + 1}`;
        })
        .filter((entry): entry is string => entry !== undefined)
        .sort();
      // Only the rules the peer's test is about: BuildKit's test Dockerfiles are written to show one check each,
      // and BuildKit reports every rule, so any other BuildKit finding is a disagreement too.
      compared++;
      if (JSON.stringify(expected) === JSON.stringify(actual)) agree++;
      else
        differences.push(
          `${entry.name}: expected [${expected.join(', ')}], Shipshape [${actual.join(', ')}]\n    ${JSON.stringify(entry.dockerfile)}`,
        );
    }
    console.log(
      `BuildKit: ${cases.length} cases; agreement ${agree}/${compared} = ${percent(agree, compared)} (BuildKit checks Shipshape lacks are left out of both sides)`,
    );
    if (differences.length > 0) console.log(`  disagreements:\n  ${differences.join('\n  ')}`);
    assert.ok(agree >= RATCHET.buildkit, `agreement fell: ${agree} < ${RATCHET.buildkit}`);
  });
});

/** The spec's configuration as the `.hadolint.yaml` beside the Dockerfile, if it sets one. */
function hadolintYaml(config: HadolintCase['config']): Record<string, string> | undefined {
  if (config === undefined) return undefined;
  const lines: string[] = [];
  if (config.trustedRegistries)
    lines.push('trustedRegistries:', ...config.trustedRegistries.map((registry) => `  - "${registry}"`));
  if (config.labelSchema)
    lines.push('label-schema:', ...Object.entries(config.labelSchema).map(([label, type]) => `  ${label}: ${type}`));
  if (config.strictLabels) lines.push('strict-labels: true');
  return lines.length > 0 ? { '.hadolint.yaml': `${lines.join('\n')}\n` } : undefined;
}

/** The (0-based) first line of the instruction holding each line, so that a finding inside an instruction compares with BuildKit's line. */
function instructionStarts(text: string): (line: number) => number {
  const instructions = parseDockerfile(text).instructions;
  return (line) =>
    instructions.find((instruction) => instruction.line <= line && line <= instruction.endLine)?.line ?? line;
}

/** The disagreement classes this measurement found and fixed, each with Dockerfiles written for these tests. */
describe('classes fixed from the peer suites', () => {
  const PIN_PIP = { settings: { rules: { DL3013: 'warning' } } };

  it('DL3009: an ONBUILD RUN leaves its lists in the child images, whichever stage holds it', () => {
    const text =
      'FROM debian:12 AS tools\nONBUILD RUN apt-get update && apt-get install -y curl\nFROM debian:12\nRUN true\n';
    assert.deepEqual(rangesOf(text, 'DL3009'), ['DL3009@1:12-1:26']);
    assert.deepEqual(
      rangesOf(text.replace('ONBUILD RUN', 'RUN'), 'DL3009'),
      [],
      'a plain RUN in a discarded builder stage stays quiet',
    );
  });

  it('DL3009: a cache mount on /var/lib/apt alone still fires; on the lists, or on /var/lib/apt and /var/cache/apt, quiet', () => {
    assert.deepEqual(
      rangesOf(
        'FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt apt-get update && apt-get install -y curl\n',
        'DL3009',
      ),
      ['DL3009@1:43-1:57'],
    );
    assert.deepEqual(
      rangesOf(
        'FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y curl\n',
        'DL3009',
      ),
      [],
    );
    assert.deepEqual(
      rangesOf(
        'FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y curl\n',
        'DL3009',
      ),
      [],
    );
  });

  it('DL3013: a VCS source is pinned by @ref, not by being a URL (the user@ of an ssh host is no ref)', () => {
    assert.deepEqual(
      rangesOf('FROM python:3.12\nRUN pip install git+https://github.com/org/pkg.git#egg=pkg\n', 'DL3013', PIN_PIP),
      ['DL3013@1:16-1:58'],
    );
    assert.deepEqual(
      rangesOf('FROM python:3.12\nRUN pip install git+ssh://git@github.com/org/pkg.git\n', 'DL3013', PIN_PIP),
      ['DL3013@1:16-1:52'],
    );
    assert.deepEqual(
      rangesOf(
        'FROM python:3.12\nRUN pip install git+https://github.com/org/pkg.git@v1.2.0#egg=pkg\n',
        'DL3013',
        PIN_PIP,
      ),
      [],
    );
    assert.deepEqual(
      rangesOf('FROM python:3.12\nRUN pip install https://example.com/pkg-1.0.tar.gz ./local\n', 'DL3013', PIN_PIP),
      [],
    );
  });

  it("DL4006: -o pipefail counts only for a shell that has it (not Debian's /bin/sh)", () => {
    assert.deepEqual(
      rangesOf(
        'FROM debian:12\nSHELL ["/bin/sh", "-o", "pipefail", "-c"]\nRUN curl -fsS https://example.com | tar x\n',
        'DL4006',
      ),
      ['DL4006@2:34-2:35'],
    );
    assert.deepEqual(
      rangesOf(
        'FROM alpine:3.20\nSHELL ["/bin/ash", "-o", "pipefail", "-c"]\nRUN wget -qO- https://example.com | tar x\n',
        'DL4006',
      ),
      [],
    );
  });

  it('DL3025 (JSONArgsRecommended): quiet after a SHELL in the stage or a stage it builds FROM, as BuildKit', () => {
    assert.deepEqual(rangesOf('FROM debian:12\nSHELL ["/bin/bash", "-c"]\nCMD run-it\n', 'DL3025'), []);
    assert.deepEqual(
      rangesOf('FROM debian:12 AS base\nSHELL ["/bin/bash", "-c"]\nFROM base\nCMD run-it\n', 'DL3025'),
      [],
    );
    assert.deepEqual(
      rangesOf('FROM debian:12 AS base\nSHELL ["/bin/bash", "-c"]\nFROM debian:12\nCMD run-it\n', 'DL3025'),
      ['DL3025@3:4-3:10'],
    );
    assert.deepEqual(
      rangesOf('FROM debian:12\nCMD run-it\nSHELL ["/bin/bash", "-c"]\n', 'DL3025'),
      ['DL3025@1:4-1:10'],
      'a SHELL after it does not count',
    );
  });

  it("# check=skip=X above an instruction silences X there only; skip=all silences BuildKit checks there; either tool's name silences the shared finding", () => {
    const text = 'FROM debian:12\n# check=skip=LegacyKeyValueFormat // allowed here\nENV a 1\nENV b 2\n';
    assert.deepEqual(rangesOf(text, 'LegacyKeyValueFormat'), ['LegacyKeyValueFormat@3:4-3:7']);
    assert.deepEqual(rangesOf('FROM debian:12\n# check=skip=all\nENV a 1\n', 'LegacyKeyValueFormat'), []);
    assert.deepEqual(rangesOf('FROM debian:12\n# check=skip=JSONArgsRecommended\nCMD run-it\n', 'DL3025'), []);
    assert.deepEqual(rangesOf('# check=skip=MaintainerDeprecated\nFROM debian:12\nMAINTAINER me\n', 'DL4000'), []);
    assert.deepEqual(
      rangesOf('FROM debian:12\n# check=skip=all\nMAINTAINER me\n', 'DL4000'),
      [],
      'MaintainerDeprecated is a BuildKit check too',
    );
    assert.deepEqual(
      rangesOf('FROM debian:12\n# check=skip=all\nRUN cd /src\n', 'DL3003'),
      ['DL3003@2:4-2:11'],
      "skip=all is BuildKit's: hadolint-only rules still fire",
    );
  });

  it('InvalidDefaultArgInFrom: ${NAME-word} keeps a set but empty value, ${NAME:-word} replaces it', () => {
    assert.deepEqual(rangesOf('ARG SUFFIX=""\nFROM alpine${SUFFIX-@bogus}\n', 'InvalidDefaultArgInFrom'), []);
    assert.deepEqual(rangesOf('ARG SUFFIX=""\nFROM alpine${SUFFIX:-@bogus}\n', 'InvalidDefaultArgInFrom'), [
      'InvalidDefaultArgInFrom@1:5-1:28',
    ]);
    assert.deepEqual(
      rangesOf('ARG SUFFIX\nFROM alpine${SUFFIX-@bogus}\n', 'InvalidDefaultArgInFrom'),
      ['InvalidDefaultArgInFrom@1:5-1:27'],
      'declared without a value: unset',
    );
  });
});
