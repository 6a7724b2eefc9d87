import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parseHadolintConfig } from '../../server/src/service/dockerfile/config/hadolintConfig';
import { check, fix, rangesOf } from '../helpers/dockerfile';

/**
 * What the catalogue-driven cases (test/unit/rule-cases/dockerfile-hadolint.ts) do not show of the hadolint rules
 * added for issue 13: which fixes are only suggestions, one diagnostic where BuildKit reports the same finding, and
 * the `.hadolint.yaml` keys the label rules read.
 */
const fixesOf = (text: string, code: string) =>
  check(text)
    .filter((found) => found.code === code)
    .flatMap((found) => found.fixes)
    .filter((candidate) => !candidate.title.startsWith('Ignore '))
    .map((candidate) => `${candidate.title}${candidate.isPreferred ? ' (preferred)' : ''}`);

describe('hadolint rules added for issue 13', () => {
  it("DL3047: --progress is a suggestion where the image's wget may be BusyBox's (alpine, busybox, stages built on them, an image not known)", () => {
    const wget = 'RUN wget https://example.com/a.tgz\n';
    assert.deepEqual(fixesOf(`FROM debian:12\n${wget}`, 'DL3047'), ['Add --progress=dot:giga (preferred)']);
    assert.deepEqual(fixesOf(`FROM alpine:3.20\n${wget}`, 'DL3047'), ['Add --progress=dot:giga']);
    assert.deepEqual(fixesOf(`FROM alpine:3.20 AS base\nFROM base\n${wget}`, 'DL3047'), ['Add --progress=dot:giga']);
    assert.deepEqual(fixesOf(`ARG BASE=debian:12\nFROM \${BASE}\n${wget}`, 'DL3047'), ['Add --progress=dot:giga']);
  });

  it("DL3060's fix is a suggestion: under Yarn 2/3 Plug'n'Play the cache is the installed packages", () => {
    assert.deepEqual(fixesOf('FROM node:20\nRUN yarn install\n', 'DL3060'), ['Add && yarn cache clean to this RUN']);
    assert.deepEqual(fixesOf('FROM fedora:40\nRUN dnf install -y httpd\n', 'DL3040'), [
      'Add && dnf clean all to this RUN (preferred)',
    ]);
  });

  it('the clean-up fixes append to the last command, and stand back where the RUN does not end in one', () => {
    assert.equal(
      fix('FROM centos:7\nRUN yum install -y httpd && echo done\n', 'DL3032'),
      'FROM centos:7\nRUN yum install -y httpd && echo done && yum clean all\n',
    );
    assert.deepEqual(fixesOf('FROM centos:7\nRUN yum install -y httpd &\n', 'DL3032'), []);
    assert.deepEqual(fixesOf('FROM centos:7\nRUN <<EOF\nyum install -y httpd\nEOF\n', 'DL3032'), []);
    assert.deepEqual(
      fixesOf('FROM centos:7\nRUN yum clean all && yum install -y httpd\n', 'DL3032'),
      [],
      'a clean before the install: the author wrote one, the fix would make two',
    );
  });

  it('DL3064 and SecretsUsedInArgOrEnv: one diagnostic per name, and either tool silences it', () => {
    const text = 'FROM debian:12\nARG DB_PASSWORD\nENV DOCKER_USERNAME=me\n';
    assert.deepEqual(
      check(text)
        .filter((found) => found.code === 'DL3064' || found.code === 'SecretsUsedInArgOrEnv')
        .map((found) => `${found.code}@${found.range.start.line}`),
      ['SecretsUsedInArgOrEnv@1', 'DL3064@2'],
    );
    assert.deepEqual(
      rangesOf('FROM debian:12\n# hadolint ignore=DL3064\nARG DB_PASSWORD\n', 'SecretsUsedInArgOrEnv'),
      [],
    );
    assert.deepEqual(rangesOf('FROM debian:12\nENV TOKENIZER=bert KEYBOARD=us\n', 'DL3064'), [], 'whole words only');
    assert.deepEqual(rangesOf('FROM debian:12\nARG USERNAME=vscode\n', 'DL3064'), [], 'a user name is no secret');
  });

  it("DL3065 is BuildKit's RedundantTargetPlatform: hadolint's id silences it", () => {
    const text = 'FROM --platform=$TARGETPLATFORM debian:12\n';
    assert.deepEqual(rangesOf(text, 'RedundantTargetPlatform'), ['RedundantTargetPlatform@0:5-0:31']);
    assert.deepEqual(rangesOf(`# hadolint ignore=DL3065\n${text}`, 'RedundantTargetPlatform'), []);
    const ignored = { files: { '.hadolint.yaml': 'ignored:\n  - DL3065\n' } };
    assert.deepEqual(rangesOf(text, 'RedundantTargetPlatform', ignored), [], '.hadolint.yaml ignored: too');
    assert.deepEqual(rangesOf(text, 'DL3029'), [], '$TARGETPLATFORM is what --platform is for');
  });

  it('DL3063: the reserved names in any case, and BuildKit’s ReservedStageName silences it', () => {
    assert.deepEqual(rangesOf('FROM debian:12 AS Scratch\n', 'DL3063'), ['DL3063@0:18-0:25']);
    assert.deepEqual(rangesOf('# check=skip=ReservedStageName\nFROM debian:12 AS context\n', 'DL3063'), []);
  });

  it('.hadolint.yaml: label-schema (an empty type is text) and strict-labels', () => {
    const config = parseHadolintConfig(
      'label-schema:\n  version: semver\n  author:\n  homepage: url\nstrict-labels: true\n',
    );
    assert.deepEqual(
      [...config.labelSchema],
      [
        ['version', 'semver'],
        ['author', 'text'],
        ['homepage', 'url'],
      ],
    );
    assert.equal(config.strictLabels, true);
    assert.equal(parseHadolintConfig('label-schema: [a, b]\n').labelSchema.size, 0);
    assert.equal(parseHadolintConfig('strict-labels: yes please\n').strictLabels, false);
  });

  it('the label rules are silent without a label-schema', () => {
    const text = 'FROM debian:12\nLABEL version=1.0 created=yesterday maintainer=me\n';
    const codes = check(text).map((found) => found.code);
    for (const id of ['DL3049', 'DL3050', 'DL3051', 'DL3052', 'DL3053', 'DL3054', 'DL3055', 'DL3056', 'DL3058'])
      assert.ok(!codes.includes(id), id);
  });

  it('DL3046: only a uid of six digits or more; a variable is not known', () => {
    assert.deepEqual(rangesOf('FROM debian:12\nRUN useradd --uid 1000000 app\n', 'DL3046'), ['DL3046@1:4-1:11']);
    assert.deepEqual(rangesOf('FROM debian:12\nARG UID\nRUN useradd --uid $USER_UID app\n', 'DL3046'), []);
  });

  it('DL4001 counts ONBUILD RUNs apart, and DL3010 follows the archive by its last path segment', () => {
    assert.deepEqual(
      rangesOf(
        'FROM debian:12\nRUN curl -fsSO https://example.com/a\nONBUILD RUN wget -q https://example.com/b\n',
        'DL4001',
      ),
      [],
    );
    assert.deepEqual(
      rangesOf('FROM debian:12\nCOPY dist/app.tar.gz /opt/\nRUN cd /opt && tar xzf app.tar.gz -C /srv\n', 'DL3010'),
      [],
      'tar without a leading dash is not read as extracting, as in hadolint',
    );
    assert.deepEqual(
      rangesOf('FROM debian:12\nCOPY dist/app.tar.gz /opt/\nRUN tar -xzf /opt/app.tar.gz -C /srv\n', 'DL3010'),
      ['DL3010@1:0-1:4'],
    );
  });
});
