import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { applyEdits } from '../../server/src/service';
import { codesAndRanges } from '../helpers/service';
import { check, df } from '../helpers/dockerfile';
import { messages } from '../../server/src/service/dockerfile/pragmas';

const codes = (text: string, options = {}) => check(text, options).map((found) => found.code);

describe('Dockerfile suppressions and configuration', () => {
  it('# hadolint ignore= silences the next instruction only', () => {
    const text = df`
      FROM debian:12
      # hadolint ignore=DL3003,DL3004
      RUN cd /tmp && sudo make
      RUN cd /tmp
    `;
    assert.deepEqual(codesAndRanges(check(text)), ['DL3003@3:4-3:11']);
  });

  it('# hadolint ignore= covers every line of a continued instruction', () => {
    const text = 'FROM debian:12\n# hadolint ignore=DL3003\nRUN make \\\n  && cd /tmp\n';
    assert.deepEqual(codes(text), []);
  });

  it('# hadolint global ignore= silences the whole file', () => {
    assert.deepEqual(codes('# hadolint global ignore=DL3006\nFROM debian\nFROM ubuntu\n'), []);
  });

  it("# check=skip= skips BuildKit checks by name, and skip=all all of BuildKit's (not hadolint's)", () => {
    assert.deepEqual(codes('# check=skip=FromAsCasing,StageNameCasing\nFROM debian:12 as Build\n'), []);
    assert.deepEqual(codes('# check=skip=all\nFROM debian:12 as Build\nMAINTAINER me\n'), []);
    assert.deepEqual(codes('# check=skip=all\nFROM debian\n'), ['DL3006'], 'hadolint does not read check directives');
  });

  it('.hadolint.yaml: ignored, override severities, and off-by-default rules switched on by override', () => {
    const files = {
      '.hadolint.yaml': 'ignored:\n  - DL3006\noverride:\n  error:\n    - DL3008\n  info:\n    - DL3003\n',
    };
    const text = 'FROM debian\nFROM debian:12\nRUN apt-get install -y --no-install-recommends git && cd /tmp\n';
    const findings = check(text, { files });
    assert.deepEqual(codesAndRanges(findings), ['DL3008@2:47-2:50', 'DL3003@2:54-2:61']);
    assert.equal(findings[0].severity, DiagnosticSeverity.Error);
    assert.equal(findings[1].severity, DiagnosticSeverity.Information);
  });

  it('.hadolint.yml is found in a parent folder', () => {
    const { folder } = { folder: '/work/parent' };
    const findings = check('FROM debian\n', {
      name: 'sub/Dockerfile',
      files: { [`${folder}/.hadolint.yml`]: 'ignored: [DL3006]\n' },
    });
    assert.ok(
      findings.some((found) => found.code === 'DL3006'),
      'a config in an unrelated folder does not apply',
    );
    const inParent = check('FROM debian\n', {
      name: 'sub/Dockerfile',
      files: { '.hadolint.yml': 'ignored: [DL3006]\n' },
    });
    assert.deepEqual(
      inParent.map((found) => found.code),
      [],
    );
  });

  it('a broken .hadolint.yaml falls back to the defaults', () => {
    assert.deepEqual(codes('FROM debian\n', { files: { '.hadolint.yaml': 'ignored: [DL3006\n  - : :' } }), ['DL3006']);
  });

  it('"Ignore this rule here" writes a pragma, then merges into it instead of stacking', () => {
    const text = 'FROM debian:12\n  RUN sudo make && cd /tmp\n';
    const first = check(text).find((found) => found.code === 'DL3003');
    const ignore = first?.fixes.find((candidate) => candidate.title === messages.ignoreTitle('DL3003'));
    assert.ok(ignore);
    const once = applyEdits(text, ignore.edits);
    assert.equal(once, 'FROM debian:12\n  # hadolint ignore=DL3003\n  RUN sudo make && cd /tmp\n');
    const second = check(once).find((found) => found.code === 'DL3004');
    const merge = second?.fixes.find((candidate) => candidate.title === messages.ignoreTitle('DL3004'));
    assert.ok(merge);
    const twice = applyEdits(once, merge.edits);
    assert.equal(twice, 'FROM debian:12\n  # hadolint ignore=DL3003,DL3004\n  RUN sudo make && cd /tmp\n');
    assert.deepEqual(codes(twice), []);
  });

  it('settings.rules turns an off-by-default rule on', () => {
    const text = 'FROM alpine:3.20\nRUN apk add --no-cache curl\n';
    assert.deepEqual(codes(text), []);
    assert.deepEqual(codes(text, { settings: { rules: { DL3018: 'warning' } } }), ['DL3018']);
  });
});
