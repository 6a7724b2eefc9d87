import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { codesAndRanges } from '../helpers/service';
import { check, fix, rangesOf } from '../helpers/dockerfile';

interface Case {
  code: string;
  bad: string;
  ranges: string[];
  good: string;
  fixed?: string;
  files?: Record<string, string>;
}

const CASES: Case[] = [
  {
    code: 'UndefinedVar',
    bad: 'FROM debian:12\nARG VERSION=1\nCOPY app-$VERSON.tgz /opt/\n',
    ranges: ['UndefinedVar@2:9-2:16'],
    good: 'FROM debian:12\nARG VERSION=1\nENV PATH=/opt/bin:$PATH HOME_DIR=${HOME:-/root}\nCOPY app-$VERSION.tgz /opt/\nRUN echo $ANYTHING\n',
  },
  {
    code: 'UndefinedArgInFrom',
    bad: 'ARG BASE=debian:12\nFROM $BSE\n',
    ranges: ['UndefinedArgInFrom@1:5-1:9'],
    good: 'ARG BASE=debian:12\nFROM $BASE\nFROM --platform=$BUILDPLATFORM debian:12\n',
  },
  {
    code: 'SecretsUsedInArgOrEnv',
    bad: 'FROM debian:12\nARG GITHUB_TOKEN\nENV DB_PASSWORD=x\n',
    ranges: ['SecretsUsedInArgOrEnv@1:4-1:16', 'SecretsUsedInArgOrEnv@2:4-2:15'],
    good: 'FROM debian:12\nARG PUBLIC_KEY\nENV TOKENIZER=x KEYBOARD=us\n',
  },
  {
    code: 'LegacyKeyValueFormat',
    bad: 'FROM debian:12\nENV GREETING hello world\n',
    ranges: ['LegacyKeyValueFormat@1:4-1:24'],
    good: 'FROM debian:12\nENV GREETING="hello world"\n',
    fixed: 'FROM debian:12\nENV GREETING="hello world"\n',
  },
  {
    code: 'StageNameCasing',
    bad: 'FROM debian:12 AS Build\nFROM Build\nCOPY --from=Build /a /b\n',
    ranges: ['StageNameCasing@0:18-0:23'],
    good: 'FROM debian:12 AS build\nFROM build\nCOPY --from=build /a /b\n',
    fixed: 'FROM debian:12 AS build\nFROM build\nCOPY --from=build /a /b\n',
  },
  {
    code: 'FromAsCasing',
    bad: 'FROM debian:12 as build\n',
    ranges: ['FromAsCasing@0:15-0:17'],
    good: 'FROM debian:12 AS build\n',
    fixed: 'FROM debian:12 AS build\n',
  },
  {
    code: 'RedundantTargetPlatform',
    bad: 'FROM --platform=$TARGETPLATFORM debian:12\n',
    ranges: ['RedundantTargetPlatform@0:5-0:31'],
    good: 'FROM --platform=$BUILDPLATFORM debian:12\n',
    fixed: 'FROM debian:12\n',
  },
  {
    code: 'InvalidDefaultArgInFrom',
    bad: 'ARG TAG\nFROM debian:${TAG}\n',
    ranges: ['InvalidDefaultArgInFrom@1:5-1:18'],
    good: 'ARG TAG=12\nARG V\nFROM debian:${TAG}\nFROM debian:${V:-12}\n',
  },
  {
    code: 'ExposeProtoCasing',
    bad: 'FROM debian:12\nEXPOSE 80/TCP\n',
    ranges: ['ExposeProtoCasing@1:7-1:13'],
    good: 'FROM debian:12\nEXPOSE 80/tcp\n',
    fixed: 'FROM debian:12\nEXPOSE 80/tcp\n',
  },
  {
    code: 'CopyIgnoredFile',
    bad: 'FROM debian:12\nCOPY secrets/key.pem /etc/\nCOPY src /src/\n',
    ranges: ['CopyIgnoredFile@1:5-1:20'],
    good: 'FROM debian:12\nCOPY src /src/\nCOPY secrets/public.pem /etc/\n',
    files: { '.dockerignore': '# local only\nsecrets\n!secrets/public.pem\n' },
  },
  {
    code: 'NoEmptyContinuation',
    bad: 'FROM debian:12\nRUN make \\\n\n    && make install\n',
    ranges: ['NoEmptyContinuation@2:0-2:0'],
    good: 'FROM debian:12\nRUN make \\\n    && make install\n',
    fixed: 'FROM debian:12\nRUN make \\\n    && make install\n',
  },
];

describe('Dockerfile BuildKit checks', () => {
  for (const entry of CASES) {
    describe(entry.code, () => {
      it('fires with the exact range', () => {
        assert.deepEqual(rangesOf(entry.bad, entry.code, entry), entry.ranges);
      });
      it('stays quiet on correct input', () => {
        assert.deepEqual(codesAndRanges(check(entry.good, entry)), []);
      });
      if (entry.fixed !== undefined) {
        it('fixes, and the result validates clean', () => {
          const fixed = fix(entry.bad, entry.code, undefined, entry);
          assert.equal(fixed, entry.fixed);
          assert.deepEqual(codesAndRanges(check(fixed, entry)), []);
        });
      }
    });
  }

  it('UndefinedVar suggests the near miss', () => {
    const fixed = fix(
      'FROM debian:12\nARG VERSION=1\nCOPY app-$VERSON.tgz /opt/\n',
      'UndefinedVar',
      'Change to $VERSION',
    );
    assert.equal(fixed, 'FROM debian:12\nARG VERSION=1\nCOPY app-$VERSION.tgz /opt/\n');
  });

  it('CopyIgnoredFile prefers <Dockerfile>.dockerignore beside the Dockerfile', () => {
    const text = 'FROM debian:12\nCOPY docs /docs/\n';
    const files = { '.dockerignore': 'secrets\n', 'Dockerfile.dockerignore': 'docs\n' };
    assert.deepEqual(rangesOf(text, 'CopyIgnoredFile', { files }), ['CopyIgnoredFile@1:5-1:9']);
  });
});
