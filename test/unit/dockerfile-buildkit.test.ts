import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { expandWord } from '../../server/src/service/dockerfile/expand';
import { messages as invalidDefaultArg } from '../../server/src/service/dockerfile/rules/buildkit/InvalidDefaultArgInFrom';
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

  it("UndefinedVar suggests an image family's variable only on a stage built from that family", () => {
    const message = (text: string) => check(text).find((found) => found.code === 'UndefinedVar')?.message;
    // alpine sets no NODE_VERSION: no suggestion (the finding stays, on the same range).
    const alpine = 'FROM alpine:3.20\nWORKDIR /src/$NODE_VERSON\n';
    assert.deepEqual(rangesOf(alpine, 'UndefinedVar'), ['UndefinedVar@1:13-1:25']);
    assert.equal(message(alpine), "Usage of undefined variable '$NODE_VERSON'");
    // node images do, through a parent stage too; an image the file cannot name keeps every suggestion.
    for (const text of [
      'FROM node:20-alpine\nWORKDIR /src/$NODE_VERSON\n',
      'FROM docker.io/library/node:20 AS base\nFROM base\nWORKDIR /src/$NODE_VERSON\n',
      'ARG BASE=node:20\nFROM ${BASE}\nWORKDIR /src/$NODE_VERSON\n',
    ])
      assert.equal(message(text), "Usage of undefined variable '$NODE_VERSON' (did you mean $NODE_VERSION?)", text);
    // The common ones are offered on any image.
    assert.match(message('FROM alpine:3.20\nWORKDIR $HOMEE/app\n') ?? '', /did you mean \$HOME\?/);
  });

  it('UndefinedVar on a base image whose ENV Shipshape cannot know: only a near miss of a name the file defines', () => {
    // A variable the base image sets with ENV (jupyter's NB_UID), on a registry image, a namespaced image, an ARG.
    for (const from of [
      'FROM quay.io/jupyter/base-notebook:2024-10-07',
      'FROM myorg/app-base:1.4',
      'ARG BASE=registry.example.com/team/base:1\nFROM ${BASE}',
      'FROM ghcr.io/acme/base:1 AS base\nFROM base',
    ]) {
      const text = `${from}\nUSER \${NB_UID}\nCOPY --chown=\${NB_UID}:\${NB_GID} app /app\n`;
      assert.deepEqual(rangesOf(text, 'UndefinedVar'), [], from);
      // A misspelt name of the file's own is still a typo there.
      const typo = `${from}\nARG APP_DIR=/app\nWORKDIR $APP_DRI\n`;
      assert.equal(rangesOf(typo, 'UndefinedVar').length, 1, from);
    }
    // scratch, an official image, through a stage too: every undefined name, as BuildKit reports it.
    for (const from of ['FROM scratch', 'FROM debian:12', 'FROM docker.io/library/python:3.12 AS base\nFROM base']) {
      const text = `${from}\nUSER \${NB_UID}\n`;
      assert.equal(rangesOf(text, 'UndefinedVar').length, 1, from);
    }
  });

  it('CopyIgnoredFile prefers <Dockerfile>.dockerignore beside the Dockerfile', () => {
    const text = 'FROM debian:12\nCOPY docs /docs/\n';
    const files = { '.dockerignore': 'secrets\n', 'Dockerfile.dockerignore': 'docs\n' };
    assert.deepEqual(rangesOf(text, 'CopyIgnoredFile', { files }), ['CopyIgnoredFile@1:5-1:9']);
  });

  describe('InvalidDefaultArgInFrom expands the global ARGs as BuildKit does', () => {
    // Each default expands on top of the earlier ones and BuildKit's platform ARGs (a linux/amd64 builder).
    const QUIET: Record<string, string> = {
      'a default built from an earlier ARG': 'ARG DISTRO=alpine\nARG BASE_IMAGE=${DISTRO}:3.20\nFROM ${BASE_IMAGE}\n',
      'a platform ARG in a default': 'ARG X=${TARGETARCH}\nFROM registry.example.com/tool-${X}:1.0\n',
      'a platform ARG in FROM': 'FROM registry.example.com/tool-${TARGETOS}-${TARGETARCH}:1.0\n',
      'a default of itself': 'ARG X=${X:-y}\nFROM tool-${X}:1.0\n',
      'an unset name with a fallback': 'ARG X=${UNSET:-slim}\nFROM debian:12-${X}\n',
      'a pattern, then :+ and :- in turn':
        'ARG B=${TARGETPLATFORM#linux/amd64}\nARG B=${B:+"unsupported"}\nARG B=${B:-"supported"}\n' +
        'FROM debian:12 AS exit-supported\nFROM debian:12 AS exit-unsupported\nFROM exit-${B}\n',
      'a suffix trimmed': 'ARG FULL=3.20.1\nARG MINOR=${FULL%.*}\nFROM alpine:${MINOR}\n',
      'a quoted default': 'ARG TAG="12-slim"\nFROM debian:${TAG}\n',
      'an upper-case registry (a domain may be)': 'ARG REG=Registry.Example.com:5000\nFROM ${REG}/team/app:1.0\n',
    };
    for (const [name, text] of Object.entries(QUIET)) {
      it(`stays quiet on ${name}, with and without check=error=true`, () => {
        assert.deepEqual(rangesOf(text, 'InvalidDefaultArgInFrom'), []);
        assert.deepEqual(rangesOf(`# check=error=true\n${text}`, 'InvalidDefaultArgInFrom'), []);
      });
    }

    const FIRING: { text: string; range: string; image: string }[] = [
      { text: 'ARG IMG\nFROM ${IMG}\n', range: '1:5-1:11', image: '${IMG}' },
      { text: 'ARG IMG=Bad:Name:x\nFROM ${IMG}\n', range: '1:5-1:11', image: '${IMG}' },
      // ParseNormalizedNamed: "repository name must be lowercase" (the kubelet's k8s/image-reference says the same).
      { text: 'ARG IMG=Acme/App:1.0\nFROM ${IMG}\n', range: '1:5-1:11', image: '${IMG}' },
      {
        text: 'ARG APP=MyApp\nFROM registry.example.com/${APP}:1.0\n',
        range: '1:5-1:36',
        image: 'registry.example.com/${APP}:1.0',
      },
      { text: 'ARG V=${TARGETVARIANT}\nFROM alpine:${V}\n', range: '1:5-1:16', image: 'alpine:${V}' },
      { text: 'ARG B=${TARGETPLATFORM:+"two words"}\nFROM $B\n', range: '1:5-1:7', image: '$B' },
    ];
    for (const { text, range, image } of FIRING) {
      it(`fires on ${JSON.stringify(text)}: a warning, an error under check=error=true`, () => {
        const warning = check(text).filter((found) => found.code === 'InvalidDefaultArgInFrom');
        assert.deepEqual(codesAndRanges(warning), [`InvalidDefaultArgInFrom@${range}`]);
        assert.equal(warning[0].message, invalidDefaultArg.invalid(image));
        assert.equal(warning[0].severity, DiagnosticSeverity.Warning);
        const error = check(`# check=error=true\n${text}`).filter((found) => found.code === 'InvalidDefaultArgInFrom');
        const [start, end] = range.split('-').map((at) => at.split(':').map(Number));
        assert.deepEqual(codesAndRanges(error), [
          `InvalidDefaultArgInFrom@${start[0] + 1}:${start[1]}-${end[0] + 1}:${end[1]}`,
        ]);
        assert.equal(error[0].severity, DiagnosticSeverity.Error);
      });
    }

    it('checks a FROM without ARGs too, as BuildKit parses every FROM: an upper-case repository, a second tag', () => {
      for (const [text, range, image] of [
        ['FROM Acme/App:1.0\n', '0:5-0:17', 'Acme/App:1.0'],
        ['FROM debian:12 AS base\nFROM nginx:1.2:3\n', '1:5-1:16', 'nginx:1.2:3'],
      ]) {
        const found = check(text).filter((one) => one.code === 'InvalidDefaultArgInFrom');
        assert.deepEqual(codesAndRanges(found), [`InvalidDefaultArgInFrom@${range}`], text);
        assert.equal(found[0].message, invalidDefaultArg.literal(image));
      }
      // An earlier stage in any case (the build looks stages up so), scratch, a registry in upper case, and tokens a
      // script fills in.
      for (const text of [
        'FROM debian:12 AS Build\nFROM build\nFROM BUILD\n',
        'FROM scratch\n',
        'FROM Registry.Example.com/team/app:1.0\n',
        'FROM BASE_IMAGE\n',
        'FROM registry.example.com/<project>/app:1.0\n',
      ])
        assert.deepEqual(rangesOf(text, 'InvalidDefaultArgInFrom'), [], text);
    });

    it('stays quiet when a default does not expand (BuildKit fails the build there instead)', () => {
      assert.deepEqual(rangesOf('ARG IMG\nARG X=${IMG:?required}\nFROM ${IMG}\n', 'InvalidDefaultArgInFrom'), []);
    });
  });
});

describe('BuildKit word expansion (shell/lex.go)', () => {
  const variables = new Map([
    ['PLATFORM', 'linux/arm64/v8'],
    ['EMPTY', ''],
    ['VERSION', '1.2.3-alpine'],
  ]);
  const CASES: [string, string][] = [
    ['${PLATFORM}', 'linux/arm64/v8'],
    ['$PLATFORM-x', 'linux/arm64/v8-x'],
    ['${UNSET}', ''],
    ['${EMPTY-set}', ''],
    ['${EMPTY:-unset}', 'unset'],
    ['${UNSET-unset}', 'unset'],
    ['${EMPTY+set}', 'set'],
    ['${EMPTY:+set}', ''],
    ['${PLATFORM#*/}', 'arm64/v8'],
    ['${PLATFORM##*/}', 'v8'],
    ['${PLATFORM%/*}', 'linux/arm64'],
    ['${PLATFORM%%/*}', 'linux'],
    ['${VERSION/./_}', '1_2.3-alpine'],
    ['${VERSION//./_}', '1_2_3-alpine'],
    ['${UNSET:-"quoted $VERSION"}', 'quoted 1.2.3-alpine'],
    ["'$VERSION'", '$VERSION'],
    ['\\$VERSION', '$VERSION'],
    ['cost: $', 'cost: $'],
  ];
  for (const [word, expanded] of CASES) {
    it(`${word} -> ${JSON.stringify(expanded)}`, () => {
      assert.equal(expandWord(word, variables), expanded);
    });
  }
  it('throws where BuildKit reports an error', () => {
    for (const word of ['${}', '${UNSET?}', '${EMPTY:?empty}', '${VERSION:0:1}', '${VERSION', '"open'])
      assert.throws(() => expandWord(word, variables), word);
  });
  it("takes the escape directive's character", () => {
    assert.equal(expandWord('`$VERSION', variables, '`'), '$VERSION');
  });
});
