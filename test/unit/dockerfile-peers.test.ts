import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { check, rangesOf } from '../helpers/dockerfile';
import { codesAndRanges } from '../helpers/service';

/**
 * Issue 13, "behave as they do": the disagreement classes with hadolint's behaviour (its src/Hadolint/Rule/*.hs and
 * test/Hadolint/Rule/*Spec.hs), each with Dockerfiles written for these tests: quiet where hadolint is quiet, firing
 * (exact range) where it fires.
 */

const TRUSTED = (registries: string[]) => ({
  files: { '.hadolint.yaml': `trustedRegistries:\n${registries.map((entry) => `  - "${entry}"`).join('\n')}\n` },
});
const PIN_PIP = { settings: { rules: { DL3013: 'warning' } } };

describe("DL3042: environment forms of pip's no-cache", () => {
  for (const value of ['1', 'on', 'yes', 'true', 'TRUE']) {
    it(`quiet with PIP_NO_CACHE_DIR=${value} in ENV, in a prefix, or exported`, () => {
      assert.deepEqual(
        rangesOf(`FROM python:3.12\nENV PIP_NO_CACHE_DIR=${value}\nRUN pip install flask==3.0.0\n`, 'DL3042'),
        [],
      );
      assert.deepEqual(
        rangesOf(`FROM python:3.12\nRUN PIP_NO_CACHE_DIR=${value} pip install flask==3.0.0\n`, 'DL3042'),
        [],
      );
      assert.deepEqual(
        rangesOf(`FROM python:3.12\nRUN export PIP_NO_CACHE_DIR=${value} && pip install flask==3.0.0\n`, 'DL3042'),
        [],
      );
    });
  }

  for (const value of ['0', 'off', 'no', 'false']) {
    it(`fires with PIP_NO_CACHE_DIR=${value} (off means the cache is used)`, () => {
      assert.deepEqual(
        rangesOf(`FROM python:3.12\nENV PIP_NO_CACHE_DIR=${value}\nRUN pip install flask==3.0.0\n`, 'DL3042'),
        ['DL3042@2:4-2:15'],
      );
      assert.deepEqual(
        rangesOf(`FROM python:3.12\nRUN PIP_NO_CACHE_DIR=${value} pip install flask==3.0.0\n`, 'DL3042'),
        [`DL3042@1:${22 + value.length}-1:${33 + value.length}`],
      );
    });
  }

  it('inherited through FROM <stage>, not from an unrelated stage', () => {
    assert.deepEqual(
      rangesOf('FROM python:3.12 AS base\nENV PIP_NO_CACHE_DIR=1\nFROM base\nRUN pip install six==1.16.0\n', 'DL3042'),
      [],
    );
    assert.deepEqual(
      rangesOf(
        'FROM python:3.12 AS base\nENV PIP_NO_CACHE_DIR=1\nFROM python:3.12\nRUN pip install six==1.16.0\n',
        'DL3042',
      ),
      ['DL3042@3:4-3:15'],
    );
  });

  it('quiet under a cache or tmpfs mount on any .cache/pip, and for pipx and pipenv', () => {
    assert.deepEqual(
      rangesOf(
        'FROM python:3.12\nRUN --mount=type=cache,target=/home/app/.cache/pip pip install six==1.16.0\n',
        'DL3042',
      ),
      [],
    );
    assert.deepEqual(
      rangesOf('FROM python:3.12\nRUN --mount=type=tmpfs,target=/root/.cache/pip pip install six==1.16.0\n', 'DL3042'),
      [],
    );
    assert.deepEqual(rangesOf('FROM python:3.12\nRUN pipx install black==24.1.0 && pipenv install\n', 'DL3042'), []);
    assert.deepEqual(
      rangesOf(
        'FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/go-build pip install six==1.16.0\n',
        'DL3042',
      ),
      ['DL3042@1:52-1:63'],
    );
  });
});

describe('DL3009 and DL3019: every apt front end, tmpfs as well as cache mounts', () => {
  it('apt update and aptitude update leave the lists too', () => {
    assert.deepEqual(rangesOf('FROM debian:12\nRUN apt update && apt install -y curl\n', 'DL3009'), [
      'DL3009@1:4-1:14',
    ]);
    assert.deepEqual(rangesOf('FROM debian:12\nRUN aptitude update && aptitude install -y curl\n', 'DL3009'), [
      'DL3009@1:4-1:19',
    ]);
  });

  it("quiet with a tmpfs on the lists or on apk's cache", () => {
    assert.deepEqual(
      rangesOf(
        'FROM debian:12\nRUN --mount=type=tmpfs,target=/var/lib/apt/lists apt-get update && apt-get install -y curl\n',
        'DL3009',
      ),
      [],
    );
    assert.deepEqual(
      rangesOf('FROM alpine:3.20\nRUN --mount=type=tmpfs,target=/var/cache/apk apk add curl\n', 'DL3019'),
      [],
    );
    assert.deepEqual(
      rangesOf('FROM alpine:3.20\nRUN --mount=type=bind,target=/var/cache/apk apk add curl\n', 'DL3019'),
      ['DL3019@1:44-1:51'],
    );
  });
});

describe("DL3026: every image the build pulls, and hadolint's wildcards", () => {
  it('COPY --from=<image> and RUN --mount=from=<image> from an untrusted registry fire, on the image', () => {
    const text =
      'FROM trusted.com/base:1\nCOPY --from=untrusted.com/tools:1 /bin/x /bin/x\nRUN --mount=type=bind,from=evil.io/src:1,target=/src make\n';
    assert.deepEqual(rangesOf(text, 'DL3026', TRUSTED(['trusted.com'])), ['DL3026@1:12-1:33', 'DL3026@2:27-2:40']);
  });

  it('quiet on stages, stage numbers, trusted images and the * wildcards', () => {
    const text =
      'FROM trusted.com/base:1 AS build\nFROM trusted.com/base:1\nCOPY --from=build /a /a\nCOPY --from=0 /b /b\nRUN --mount=type=cache,from=trusted.com/cache:1,target=/c make\n';
    assert.deepEqual(rangesOf(text, 'DL3026', TRUSTED(['trusted.com'])), []);
    assert.deepEqual(rangesOf('FROM anything.io/x:1\nCOPY --from=ubuntu:24.04 /a /a\n', 'DL3026', TRUSTED(['*'])), []);
    assert.deepEqual(
      rangesOf(
        'FROM mirror.corp.example/x:1\nFROM corp.example.io/y:1\n',
        'DL3026',
        TRUSTED(['*.corp.example', 'corp.example.*']),
      ),
      [],
    );
    assert.deepEqual(rangesOf('FROM ubuntu:24.04\nFROM library/ubuntu:24.04\n', 'DL3026', TRUSTED(['docker.io'])), []);
    assert.deepEqual(rangesOf('FROM ubuntu:24.04\n', 'DL3026', TRUSTED(['trusted.com'])), ['DL3026@0:5-0:17']);
  });
});

describe("DL3013: pip's and pipx's options, constraints files", () => {
  it('a constraints file pins the versions', () => {
    assert.deepEqual(
      rangesOf('FROM python:3.12\nRUN pip install --no-cache-dir pykafka -c constraints.txt\n', 'DL3013', PIN_PIP),
      [],
    );
    assert.deepEqual(
      rangesOf(
        'FROM python:3.12\nRUN pip install --no-cache-dir --constraint https://example.com/c.txt pykafka\n',
        'DL3013',
        PIN_PIP,
      ),
      [],
    );
  });

  it('--root-user-action VALUE is not a package; the package after --root-user-action=ignore still is', () => {
    assert.deepEqual(
      rangesOf(
        'FROM python:3.12\nRUN pip install --no-cache-dir --root-user-action ignore poetry==1.8.5\n',
        'DL3013',
        PIN_PIP,
      ),
      [],
    );
    assert.deepEqual(
      rangesOf('FROM python:3.12\nRUN pip install --no-cache-dir --root-user-action=ignore mypkg\n', 'DL3013', PIN_PIP),
      ['DL3013@1:57-1:62'],
    );
  });

  it('pipx install is checked too, and its --python value is not a package', () => {
    assert.deepEqual(rangesOf('FROM python:3.12\nRUN pipx install black\n', 'DL3013', PIN_PIP), ['DL3013@1:17-1:22']);
    assert.deepEqual(
      rangesOf('FROM python:3.12\nRUN pipx install --python "$(which python)" "poetry==1.8.5"\n', 'DL3013', PIN_PIP),
      [],
    );
  });
});

describe('DL3059: as hadolint, not when a RUN chains commands', () => {
  it('quiet when either RUN chains several commands, or their flags differ', () => {
    assert.deepEqual(rangesOf('FROM debian:12\nRUN foo && bar\nRUN foobar\nRUN a; b\n', 'DL3059'), []);
    assert.deepEqual(rangesOf('FROM debian:12\nRUN --mount=type=cache,target=/c foo\nRUN foo\n', 'DL3059'), []);
  });

  it('fires on single-command RUNs in a row, also across a comment', () => {
    assert.deepEqual(rangesOf('FROM debian:12\nRUN foo && bar\nRUN foo\n# why\nRUN bar\n', 'DL3059'), [
      'DL3059@4:0-4:3',
    ]);
  });
});

describe('EXPOSE: a host mapping builds (BuildKit warns ExposeInvalidFormat); a bad port, range or protocol does not', () => {
  it('warning on an IP or host port, with the exact range', () => {
    const findings = check('FROM debian:12\nEXPOSE 8080:80 127.0.0.1:53:53/udp\n');
    assert.deepEqual(codesAndRanges(findings), ['ExposeInvalidFormat@1:7-1:14', 'ExposeInvalidFormat@1:15-1:34']);
    assert.ok(findings.every((found) => found.severity === DiagnosticSeverity.Warning));
  });

  it('error on what BuildKit refuses: a protocol it does not know, a word, a reversed range', () => {
    const findings = check('FROM debian:12\nEXPOSE 80/http abc 90-80 80/tcp/udp\n');
    assert.deepEqual(codesAndRanges(findings), [
      'dockerfile/arguments@1:7-1:14',
      'dockerfile/arguments@1:15-1:18',
      'dockerfile/arguments@1:19-1:24',
      'dockerfile/arguments@1:25-1:35',
    ]);
    assert.ok(findings.every((found) => found.severity === DiagnosticSeverity.Error));
  });
});

describe('Variables and USER inherited through FROM <stage>', () => {
  it('an ARG declared in a base stage is defined in the stages built FROM it (BuildKit, moby/buildkit#5381)', () => {
    const text =
      'FROM alpine:3.20 AS base\nARG NAME=joe\nFROM base AS build\nWORKDIR /home/$NAME\nFROM alpine:3.20\nWORKDIR /home/$NAME\n';
    assert.deepEqual(rangesOf(text, 'UndefinedVar'), ['UndefinedVar@5:14-5:19']);
  });

  it('${VAR-default} and ${VAR:-default} name their fallback: quiet', () => {
    assert.deepEqual(rangesOf('FROM alpine:3.20\nWORKDIR /srv/${APP-web}/${ENVIRONMENT:-prod}\n', 'UndefinedVar'), []);
  });

  it("DL3002: the final stage inherits USER root from its FROM stage (hadolint's transitive case); a builder ending as root is not the image", () => {
    assert.deepEqual(rangesOf('FROM debian:12 AS base\nUSER root\nRUN make\nFROM base\nRUN make check\n', 'DL3002'), [
      'DL3002@1:5-1:9',
    ]);
    assert.deepEqual(rangesOf('FROM debian:12 AS build\nUSER root\nFROM debian:12\nUSER app\n', 'DL3002'), []);
    assert.deepEqual(rangesOf('FROM debian:12 AS base\nUSER root\nFROM base\nUSER 1000\n', 'DL3002'), []);
  });
});

describe('CopyIgnoredFile and a .dockerignore that excludes everything', () => {
  it('COPY . copies nothing when .dockerignore excludes everything; with an exception it copies what is let back in', () => {
    assert.deepEqual(
      rangesOf('FROM alpine:3.20\nCOPY . /app/\n', 'CopyIgnoredFile', { files: { '.dockerignore': '*\n' } }),
      ['CopyIgnoredFile@1:5-1:6'],
    );
    assert.deepEqual(
      rangesOf('FROM alpine:3.20\nCOPY . /app/\n', 'CopyIgnoredFile', { files: { '.dockerignore': '*\n!src\n' } }),
      [],
    );
    assert.deepEqual(
      rangesOf('FROM alpine:3.20\nCOPY src /app/src\nCOPY docs /docs\n', 'CopyIgnoredFile', {
        files: { '.dockerignore': '*\n!src\n' },
      }),
      ['CopyIgnoredFile@2:5-2:9'],
    );
  });
});
