import { spanOf } from '../../helpers/service';
import type { Firing, RuleCase, Sample } from './case';

/**
 * Cases for the Dockerfile rules (syntax, hadolint, BuildKit), on the fixtures of dockerfile-syntax/-hadolint/
 * -buildkit tests. `at(text, needle...)` is a firing sample whose findings sit on those pieces of the text.
 */
type Needle = string | [string, number];
function at(text: string, ...needles: Needle[]): Firing {
  return {
    text,
    ranges: needles.map((needle) => (typeof needle === 'string' ? spanOf(text, needle) : spanOf(text, ...needle))),
  };
}
const quiet = (text: string, options: Omit<Sample, 'text'> = {}): Sample => ({ text, ...options });

const FROM = 'FROM debian:12\n';
const ON = (id: string) => ({ settings: { rules: { [id]: 'warning' } } });
const TRUSTED = { files: { '.hadolint.yaml': 'trustedRegistries:\n  - registry.example.com\n' } };
const IGNORED = { files: { '.dockerignore': '# local only\nsecrets\n!secrets/public.pem\n' } };

const apt = (install: string) => `${FROM}RUN apt-get update && ${install} && rm -rf /var/lib/apt/lists/*\n`;
const pinned =
  'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl=8.1 git && rm -rf /var/lib/apt/lists/*\n';
const multiStage =
  'FROM debian:12 AS build\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nFROM debian:12\n';

export const DOCKERFILE_CASES: readonly RuleCase[] = [
  // Syntax: what BuildKit's parser rejects, or an instruction it does not know.
  {
    id: 'dockerfile/unknown-instruction',
    firing: [
      at(`${FROM}COPPY a /b\n`, 'COPPY'),
      at(`${FROM}WORKDIR/app\n`, 'WORKDIR/app'),
      at(`${FROM}XYZZY now\n`, 'XYZZY'),
    ],
    quiet: [quiet(`${FROM}COPY a /b\nWORKDIR /app\n`)],
    fixes: [
      { title: 'Change to COPY' },
      { title: 'Insert a space after WORKDIR', on: { text: `${FROM}WORKDIR/app\n` } },
    ],
  },
  {
    id: 'dockerfile/instruction-casing',
    // A file all in lowercase (mixed files are BuildKit's ConsistentInstructionCasing).
    firing: [at('from debian:12\n', 'from')],
    quiet: [quiet(`${FROM}RUN make\n`)],
    fixes: [{ title: 'Change to FROM' }],
  },
  {
    id: 'dockerfile/unknown-flag',
    firing: [at(`${FROM}COPY --chmode=755 a /b\n`, '--chmode')],
    quiet: [quiet(`${FROM}COPY --chmod=755 a /b\n`)],
    fixes: [{ title: 'Change to --chmod' }],
  },
  {
    id: 'dockerfile/flag-value',
    firing: [
      at(`${FROM}RUN --mount=type=cache,targte=/root/.cache make\n`, 'targte'),
      at(`${FROM}RUN --network=nnone make\n`, 'nnone'),
    ],
    quiet: [quiet(`${FROM}RUN --mount=type=cache,target=/root/.cache --network=none make\n`)],
    fixes: [
      { title: 'Change to target' },
      { title: 'Change to none', on: { text: `${FROM}RUN --network=nnone make\n` } },
    ],
  },
  {
    id: 'dockerfile/arguments',
    firing: [at(`${FROM}WORKDIR /app\nCOPY a.\n`, 'a.'), at(`${FROM}COPY onlyone\n`, 'onlyone')],
    quiet: [quiet(`${FROM}WORKDIR /app\nCOPY a .\n`)],
    fixes: [{ title: 'Insert a space: a .' }],
  },
  {
    id: 'dockerfile/heredoc-unterminated',
    firing: [at(`${FROM}RUN <<EOF\nmake\n`, '<<EOF')],
    quiet: [quiet(`${FROM}RUN <<EOF\nmake\nEOF\n`)],
    fixes: [{ title: 'Close the here-document with EOF' }],
  },
  {
    id: 'dockerfile/no-from',
    firing: [at('RUN make\n', 'RUN')],
    quiet: [quiet('# syntax comment\nARG V=12\nFROM debian:${V}\nRUN make\n')],
  },
  {
    id: 'dockerfile/json-single-quotes',
    firing: [at(`${FROM}CMD ['make']\n`, "['make']")],
    quiet: [quiet(`${FROM}CMD ["make"]\n`)],
    fixes: [{ title: 'Use double quotes' }],
  },

  // hadolint
  {
    id: 'DL3000',
    firing: [at('FROM debian:12\nWORKDIR src\nWORKDIR lib\n', 'src')],
    quiet: [quiet('FROM debian:12 AS base\nWORKDIR /app\nWORKDIR src\nFROM base\nWORKDIR lib\n')],
    fixes: [{ title: 'Change to /src (assumes the base image works in /)' }],
  },
  {
    id: 'DL3002',
    firing: [at('FROM debian:12\nUSER root\n', 'root')],
    quiet: [quiet('FROM debian:12 AS build\nUSER root\nFROM debian:12\nUSER 1000\n')],
  },
  {
    id: 'DL3003',
    firing: [at('FROM debian:12\nRUN make && cd /tmp\n', 'cd /tmp')],
    quiet: [quiet('FROM debian:12\nRUN (cd /tmp && make)\n')],
  },
  {
    id: 'DL3004',
    firing: [at('FROM debian:12\nRUN sudo make install\n', 'sudo')],
    quiet: [quiet('FROM debian:12\nRUN make install\n')],
  },
  {
    id: 'DL3006',
    firing: [at('FROM debian\n', 'debian')],
    quiet: [quiet('FROM debian:12 AS base\nFROM base\nFROM scratch\n')],
  },
  { id: 'DL3007', firing: [at('FROM debian:latest\n', 'latest')], quiet: [quiet('FROM debian:12\n')] },
  {
    id: 'DL3008',
    firing: [{ ...at(pinned, 'git'), ...ON('DL3008') }],
    quiet: [quiet(pinned.replace(' git', ''), ON('DL3008')), quiet(pinned)],
  },
  {
    id: 'DL3009',
    firing: [
      at('FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n', 'apt-get update'),
    ],
    quiet: [
      quiet(multiStage),
      quiet('FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update\n'),
    ],
    fixes: [{ title: 'Add && rm -rf /var/lib/apt/lists/* to this RUN' }],
  },
  {
    id: 'DL3011',
    firing: [at('FROM debian:12\nEXPOSE 80 65536\n', '65536')],
    quiet: [quiet('FROM debian:12\nEXPOSE 80 65535 8000-8010/udp\n')],
  },
  {
    id: 'DL3012',
    firing: [at('FROM debian:12\nHEALTHCHECK NONE\nHEALTHCHECK CMD true\n', 'HEALTHCHECK')],
    quiet: [quiet('FROM debian:12\nHEALTHCHECK CMD true\nFROM debian:12\nHEALTHCHECK NONE\n')],
  },
  {
    id: 'DL3013',
    firing: [
      { ...at('FROM python:3.12\nRUN pip install --no-cache-dir flask requests==2.32.0\n', 'flask'), ...ON('DL3013') },
    ],
    quiet: [
      quiet('FROM python:3.12\nRUN pip install --no-cache-dir flask==3.0.0 -r requirements.txt .\n', ON('DL3013')),
    ],
  },
  {
    id: 'DL3014',
    firing: [at(apt('apt-get install --no-install-recommends curl'), 'apt-get install')],
    quiet: [quiet(apt('apt-get -qy install --no-install-recommends curl'))],
    fixes: [{ title: 'Add -y' }],
  },
  {
    id: 'DL3015',
    firing: [at(apt('apt-get install -y curl'), 'apt-get install')],
    quiet: [quiet(apt('apt-get install -y -o APT::Install-Recommends=false curl'))],
    fixes: [{ title: 'Add --no-install-recommends' }],
  },
  {
    id: 'DL3018',
    firing: [{ ...at('FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.1-r0 bash\n', 'bash'), ...ON('DL3018') }],
    quiet: [quiet('FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.1-r0\n', ON('DL3018'))],
  },
  {
    id: 'DL3019',
    firing: [at('FROM alpine:3.20\nRUN apk add curl\n', 'apk add')],
    quiet: [quiet('FROM alpine:3.20\nRUN apk add --no-cache curl\n')],
    fixes: [{ title: 'Add --no-cache' }],
  },
  {
    id: 'DL3020',
    firing: [at('FROM debian:12\n# the app itself\nADD app.py /app/\n', 'ADD')],
    quiet: [quiet('FROM debian:12\nADD https://example.com/a.tgz /tmp/\nADD vendor.tar.gz /opt/\n')],
    fixes: [{ title: 'Change ADD to COPY' }],
  },
  {
    id: 'DL3021',
    firing: [at('FROM debian:12\nCOPY a b /dest\n', '/dest')],
    quiet: [quiet('FROM debian:12\nCOPY a b /dest/\n')],
    fixes: [{ title: 'Change to /dest/' }],
  },
  {
    id: 'DL3022',
    firing: [at('FROM debian:12\nCOPY --from=build /a /b\n', 'build')],
    quiet: [quiet('FROM debian:12 AS build\nFROM debian:12\nCOPY --from=build /a /b\n')],
  },
  {
    id: 'DL3023',
    firing: [at('FROM debian:12 AS app\nCOPY --from=app /a /b\n', ['app', 2])],
    quiet: [quiet('FROM debian:12 AS build\nFROM debian:12 AS app\nCOPY --from=build /a /b\n')],
  },
  {
    id: 'DL3024',
    firing: [at('FROM debian:12 AS build\nFROM debian:12 AS build\n', ['build', 2])],
    quiet: [quiet('FROM debian:12 AS build\nFROM debian:12 AS app\n')],
  },
  {
    id: 'DL3025',
    firing: [
      at('FROM debian:12\nCMD node server.js --port 80\n', 'node server.js --port 80'),
      at('FROM debian:12\nCMD echo $HOME && exec app\n', 'echo $HOME && exec app'),
    ],
    quiet: [quiet('FROM debian:12\nCMD ["node", "server.js"]\n')],
    fixes: [
      { title: 'Convert to JSON form' },
      {
        title: 'Convert to JSON form, keeping the shell (["/bin/sh", "-c", ...])',
        on: { text: 'FROM debian:12\nCMD echo $HOME && exec app\n' },
      },
    ],
  },
  {
    id: 'DL3026',
    firing: [{ ...at('FROM debian:12\nFROM registry.example.com/app:1\n', 'debian:12'), ...TRUSTED }],
    quiet: [quiet('FROM registry.example.com/app:1\n', TRUSTED)],
  },
  {
    id: 'DL3027',
    firing: [at('FROM debian:12\nRUN apt upgrade -y\n', 'apt')],
    quiet: [quiet('FROM debian:12\nRUN apt-get upgrade -y\n')],
    fixes: [{ title: 'Change to apt-get' }],
  },
  {
    id: 'DL3042',
    firing: [at('FROM python:3.12\nRUN pip install flask==3.0.0\n', 'pip install')],
    quiet: [quiet('FROM python:3.12\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask==3.0.0\n')],
    fixes: [{ title: 'Add --no-cache-dir' }],
  },
  {
    id: 'DL3043',
    firing: [at('FROM debian:12\nONBUILD FROM debian:12\n', ['FROM', 2])],
    quiet: [quiet('FROM debian:12\nONBUILD RUN make\n')],
  },
  {
    id: 'DL3044',
    firing: [at('FROM debian:12\nENV A=1 B=$A\n', '$A')],
    quiet: [quiet('FROM debian:12\nENV A=1\nENV B=$A\n')],
  },
  {
    id: 'DL3045',
    firing: [at('FROM debian:12\nCOPY app.py app/\n', 'app/')],
    quiet: [quiet('FROM debian:12 AS base\nWORKDIR /srv\nFROM base\nCOPY app.py app/\n')],
  },
  {
    id: 'DL3059',
    firing: [at('FROM debian:12\nRUN make\nRUN make install\n', ['RUN', 2])],
    quiet: [quiet('FROM debian:12\nRUN make\nWORKDIR /x\nRUN make install\n')],
  },
  {
    id: 'DL3061',
    firing: [at('LABEL a=b\nFROM debian:12\n', 'LABEL')],
    quiet: [quiet('# comment\nARG V=12\nFROM debian:${V}\nLABEL a=b\n')],
  },
  {
    id: 'DL4000',
    firing: [at('FROM debian:12\nMAINTAINER Jane Doe <jane@example.com>\n', 'MAINTAINER')],
    quiet: [quiet('FROM debian:12\nLABEL org.opencontainers.image.authors="Jane"\n')],
    fixes: [{ title: 'Change to LABEL org.opencontainers.image.authors=...' }],
  },
  {
    id: 'DL4003',
    firing: [at('FROM debian:12\nCMD ["a"]\nCMD ["b"]\n', 'CMD')],
    quiet: [quiet('FROM debian:12\nCMD ["a"]\nFROM debian:12\nCMD ["b"]\n')],
  },
  {
    id: 'DL4004',
    firing: [at('FROM debian:12\nENTRYPOINT ["a"]\nENTRYPOINT ["b"]\n', 'ENTRYPOINT')],
    quiet: [quiet('FROM debian:12\nENTRYPOINT ["a"]\n')],
  },
  {
    id: 'DL4006',
    firing: [
      at('FROM debian:12\n# fetch the release\nRUN curl -fsS https://example.com | tar x\n', '|'),
      at('FROM alpine:3.20\nRUN wget -qO- https://example.com | tar x\n', '|'),
    ],
    quiet: [
      quiet('FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl -fsS https://example.com | tar x\n'),
    ],
    fixes: [
      { title: 'Add SHELL ["/bin/bash", "-o", "pipefail", "-c"] before this RUN' },
      {
        title: 'Add SHELL ["/bin/ash", "-eo", "pipefail", "-c"] before this RUN',
        on: { text: 'FROM alpine:3.20\nRUN wget -qO- https://example.com | tar x\n' },
      },
    ],
  },

  // BuildKit build checks
  {
    id: 'UndefinedVar',
    firing: [at('FROM debian:12\nARG VERSION=1\nCOPY app-$VERSON.tgz /opt/\n', '$VERSON')],
    quiet: [quiet('FROM debian:12\nARG VERSION=1\nCOPY app-$VERSION.tgz /opt/\n')],
    fixes: [{ title: 'Change to $VERSION' }],
  },
  {
    id: 'UndefinedArgInFrom',
    firing: [at('ARG BASE=debian:12\nFROM $BSE\n', '$BSE')],
    quiet: [quiet('ARG BASE=debian:12\nFROM $BASE\n')],
    fixes: [{ title: 'Change to BASE' }],
  },
  {
    id: 'SecretsUsedInArgOrEnv',
    firing: [at('FROM debian:12\nARG GITHUB_TOKEN\nENV DB_PASSWORD=x\n', 'GITHUB_TOKEN', 'DB_PASSWORD')],
    quiet: [quiet('FROM debian:12\nARG PUBLIC_KEY\nENV TOKENIZER=x KEYBOARD=us\n')],
  },
  {
    id: 'LegacyKeyValueFormat',
    firing: [at('FROM debian:12\nENV GREETING hello world\n', 'GREETING hello world')],
    quiet: [quiet('FROM debian:12\nENV GREETING="hello world"\n')],
    fixes: [{ title: 'Change to ENV key=value' }],
  },
  {
    id: 'StageNameCasing',
    firing: [at('FROM debian:12 AS Build\nFROM Build\nCOPY --from=Build /a /b\n', 'Build')],
    quiet: [quiet('FROM debian:12 AS build\nFROM build\nCOPY --from=build /a /b\n')],
    fixes: [{ title: 'Rename the stage to build' }],
  },
  {
    id: 'FromAsCasing',
    firing: [at('FROM debian:12 as build\n', 'as')],
    quiet: [quiet('FROM debian:12 AS build\n')],
    fixes: [{ title: 'Change to AS' }],
  },
  {
    id: 'RedundantTargetPlatform',
    firing: [at('FROM --platform=$TARGETPLATFORM debian:12\n', '--platform=$TARGETPLATFORM')],
    quiet: [quiet('FROM --platform=$BUILDPLATFORM debian:12\n')],
    fixes: [{ title: 'Remove --platform' }],
  },
  {
    id: 'InvalidDefaultArgInFrom',
    firing: [at('ARG TAG\nFROM debian:${TAG}\n', 'debian:${TAG}')],
    quiet: [
      quiet('ARG TAG=12\nFROM debian:${TAG}\n'),
      quiet('ARG DISTRO=debian\nARG BASE=${DISTRO}:12\nFROM ${BASE}\n'),
      quiet('ARG SUFFIX=${TARGETARCH}\nFROM registry.example.com/tool-${SUFFIX}:1.0\n'),
    ],
  },
  {
    id: 'ExposeProtoCasing',
    firing: [at('FROM debian:12\nEXPOSE 80/TCP\n', '80/TCP')],
    quiet: [quiet('FROM debian:12\nEXPOSE 80/tcp\n')],
    fixes: [{ title: 'Change to 80/tcp' }],
  },
  {
    id: 'CopyIgnoredFile',
    firing: [{ ...at('FROM debian:12\nCOPY secrets/key.pem /etc/\nCOPY src /src/\n', 'secrets/key.pem'), ...IGNORED }],
    quiet: [quiet('FROM debian:12\nCOPY src /src/\nCOPY secrets/public.pem /etc/\n', IGNORED)],
  },
  {
    id: 'NoEmptyContinuation',
    // The finding is the empty line itself (line 2, zero width).
    firing: [{ text: 'FROM debian:12\nRUN make \\\n\n    && make install\n', ranges: ['2:0-2:0'] }],
    quiet: [quiet('FROM debian:12\nRUN make \\\n    && make install\n')],
    fixes: [{ title: 'Remove the empty line' }],
  },
];
