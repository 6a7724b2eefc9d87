// Shipshape beside Container Tools: which of our Dockerfile findings its linter (dockerfile-utils, which
// dockerfile-language-server-nodejs runs) reports too. Both run for real here, on the same text; the e2e `others` run
// checks the same in VS Code with the real servers, and the YAML side against yaml-language-server.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { validate as dockerfileUtilsValidate, ValidationCode } from 'dockerfile-utils';
import {
  DOCKERFILE_UTILS_CODES,
  withoutDuplicates,
  withoutSharedParagraphs,
  counterpartOf,
} from '../../client/src/others/duplicates';
import { check } from '../helpers/dockerfile';

const MISTAKES = [
  'FROM debian:bookworm-slim',
  'MAINTAINER someone@example.com',
  'workdir app',
  'RUN apt-get update \\',
  '',
  '  && rm -rf /var/lib/apt/lists/*',
  'EXPOSE 80800',
  "ENTRYPOINT ['/app/run']",
  'CMD ["a"]',
  'CMD ["b"]',
  'HEALTHCHECK NONE',
  'HEALTHCHECK NONE',
  'FOO bar',
  '',
].join('\n');

/** Their diagnostics as the VS Code API shows them: the LSP diagnostics of dockerfile-language-server. */
function theirs(text: string) {
  return dockerfileUtilsValidate(text).map((diagnostic) => ({ ...diagnostic, source: 'dockerfile-utils' }));
}

const ours = (text: string) => check(text).map((finding) => ({ ...finding, code: String(finding.code) }));

describe("duplicates of Container Tools' Dockerfile linter (real dockerfile-utils)", () => {
  it('uses the ValidationCode numbers of the installed dockerfile-utils', () => {
    for (const [name, value] of Object.entries(DOCKERFILE_UTILS_CODES))
      assert.equal(ValidationCode[name as keyof typeof ValidationCode], value, name);
  });

  it('drops exactly the findings that both report, and keeps the ones only Shipshape makes', () => {
    const kept = withoutDuplicates(ours(MISTAKES), theirs(MISTAKES)).map((finding) => finding.code);
    const dropped = ours(MISTAKES)
      .map((finding) => finding.code)
      .filter((code) => !kept.includes(code));
    assert.deepEqual([...new Set(dropped)].sort(), [
      'ConsistentInstructionCasing',
      'DL3000',
      'DL3012',
      'DL4000',
      'DL4003',
      'NoEmptyContinuation',
      'dockerfile/json-single-quotes',
      'dockerfile/unknown-instruction',
    ]);
    // Only Shipshape reports these: they stay.
    for (const code of ['DL3011', 'DL3025']) assert.ok(kept.includes(code), `${code} kept`);
  });

  it('keeps everything when the other linter reports nothing (e.g. its diagnostics set to "ignore")', () => {
    const none = dockerfileUtilsValidate(MISTAKES, {
      deprecatedMaintainer: 'ignore' as never,
      instructionCasing: 'ignore' as never,
      instructionWorkdirRelative: 'ignore' as never,
    }).map((diagnostic) => ({ ...diagnostic, source: 'dockerfile-utils' }));
    const kept = withoutDuplicates(ours(MISTAKES), none).map((finding) => finding.code);
    for (const code of ['DL4000', 'ConsistentInstructionCasing', 'DL3000']) assert.ok(kept.includes(code), code);
  });

  it('matches a line-bound finding only on the same line, and only from the other linter', () => {
    const mine = { range: { start: { line: 2 }, end: { line: 2 } }, message: 'x', code: 'DL3000', source: 'shipshape' };
    const elsewhere = {
      range: { start: { line: 5 }, end: { line: 5 } },
      message: 'WORKDIR paths should be absolute',
      code: 50,
      source: 'dockerfile-utils',
    };
    assert.equal(counterpartOf(mine, [elsewhere]), undefined);
    assert.ok(counterpartOf(mine, [{ ...elsewhere, range: mine.range }]));
    assert.equal(counterpartOf(mine, [{ ...elsewhere, range: mine.range, source: 'hadolint' }]), undefined);
  });

  it("pairs the YAML schema findings with yaml-language-server's wording on the same line", () => {
    const at = { start: { line: 7 }, end: { line: 7 } };
    const schema = 'yaml-schema: Deployment (apps/v1)';
    const pairs: Array<[string, string]> = [
      ['k8s/schema-type', 'Incorrect type. Expected "integer".'],
      ['k8s/schema-enum', 'Value is not accepted. Valid values: "Always", "IfNotPresent", "Never".'],
      ['k8s/schema-unknown-field', 'Property portz is not allowed.'],
      ['k8s/schema-required', 'Missing property "containers".'],
    ];
    for (const [code, message] of pairs) {
      const mine = { range: at, message: 'ours', code, source: 'shipshape' };
      assert.ok(counterpartOf(mine, [{ range: at, message, source: schema }]), code);
      assert.equal(
        counterpartOf(mine, [{ range: at, message, source: 'yaml' }]),
        undefined,
        `${code}: not a schema finding`,
      );
    }
  });
});

describe('a field hover beside yaml-language-server', () => {
  const theirs = '#### Deployment (apps/v1)\n\nNumber of desired pods.\n\nSource: [v1@deployment](kubernetes://schema)';
  it('keeps what only Shipshape says (path, type, version), and the description once', () => {
    const ours =
      '`spec.replicas` · `integer (int32)` · optional\n\nNumber of desired pods.\n\nIn every version (1.27 and later)';
    assert.equal(
      withoutSharedParagraphs(ours, [theirs]),
      '`spec.replicas` · `integer (int32)` · optional\n\nIn every version (1.27 and later)',
    );
  });
  it('keeps a hover that shares nothing as it is, and drops one that says nothing more', () => {
    assert.equal(withoutSharedParagraphs('Something else', [theirs]), 'Something else');
    assert.equal(withoutSharedParagraphs('Number of desired pods.', [theirs]), '');
  });
});
