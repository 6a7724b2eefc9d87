import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { codesAndRanges } from '../helpers/service';
import { check, df, fix, rangesOf } from '../helpers/dockerfile';
import { messages as DL3007 } from '../../server/src/service/dockerfile/rules/DL3007';

interface Case {
  code: string;
  bad: string;
  /** The exact ranges, `code@line:col-line:col`, zero-based. */
  ranges: string[];
  good: string;
  /** The text after the preferred fix; it must then validate clean. */
  fixed?: string;
  settings?: unknown;
  files?: Record<string, string>;
}

const CASES: Case[] = [
  {
    code: 'DL3000',
    bad: 'FROM debian:12\nWORKDIR src\nWORKDIR lib\n',
    ranges: ['DL3000@1:8-1:11'],
    good: 'FROM debian:12 AS base\nWORKDIR /app\nWORKDIR src\nFROM base\nWORKDIR lib\nFROM debian:12\nWORKDIR $HOME\nWORKDIR sub\n',
  },
  {
    code: 'DL3002',
    bad: 'FROM debian:12\nUSER root\n',
    ranges: ['DL3002@1:5-1:9'],
    good: 'FROM debian:12 AS build\nUSER root\nFROM debian:12\nUSER 1000\n',
  },
  {
    code: 'DL3003',
    bad: 'FROM debian:12\nRUN make && cd /tmp\n',
    ranges: ['DL3003@1:12-1:19'],
    good: 'FROM debian:12\nRUN cd /usr/src/app && make && cd / && rm -rf /usr/src/app\nCOPY a /b\nRUN (cd /tmp && make)\n',
  },
  {
    code: 'DL3004',
    bad: 'FROM debian:12\nRUN sudo make install\n',
    ranges: ['DL3004@1:4-1:8'],
    good: 'FROM debian:12\nRUN make install\n',
  },
  {
    code: 'DL3006',
    bad: 'FROM debian\n',
    ranges: ['DL3006@0:5-0:11'],
    good: 'FROM debian:12 AS base\nFROM base\nFROM scratch\nARG X=y\n',
  },
  {
    code: 'DL3007',
    bad: 'FROM debian:latest\n',
    ranges: ['DL3007@0:12-0:18'],
    good: 'FROM debian:12\nFROM debian:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n',
  },
  {
    code: 'DL3008',
    bad: 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl=8.1 git && rm -rf /var/lib/apt/lists/*\n',
    ranges: ['DL3008@1:74-1:77'],
    good: 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl=8.1 && rm -rf /var/lib/apt/lists/*\n',
    settings: { rules: { DL3008: 'warning' } },
  },
  {
    code: 'DL3009',
    bad: 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n',
    ranges: ['DL3009@1:4-1:18'],
    good: 'FROM debian:12 AS build\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nFROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update\n',
    fixed:
      'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
  },
  {
    code: 'DL3011',
    bad: 'FROM debian:12\nEXPOSE 80 65536\n',
    ranges: ['DL3011@1:10-1:15'],
    good: 'FROM debian:12\nEXPOSE 80 65535 8000-8010/udp\n',
  },
  {
    code: 'DL3012',
    bad: 'FROM debian:12\nHEALTHCHECK NONE\nHEALTHCHECK CMD true\n',
    ranges: ['DL3012@1:0-1:11'],
    good: 'FROM debian:12\nHEALTHCHECK CMD ["true"]\nFROM debian:12\nHEALTHCHECK NONE\n',
  },
  {
    code: 'DL3013',
    bad: 'FROM python:3.12\nRUN pip install --no-cache-dir flask requests==2.32.0\n',
    ranges: ['DL3013@1:31-1:36'],
    good: 'FROM python:3.12\nRUN pip install --no-cache-dir flask==3.0.0 -r requirements.txt .\n',
    settings: { rules: { DL3013: 'warning' } },
  },
  {
    code: 'DL3014',
    bad: 'FROM debian:12\nRUN apt-get update && apt-get install --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
    ranges: ['DL3014@1:22-1:37'],
    good: 'FROM debian:12\nRUN apt-get update && apt-get -qy install --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
    fixed:
      'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
  },
  {
    code: 'DL3015',
    bad: 'FROM debian:12\nRUN apt-get update && apt-get install curl && rm -rf /var/lib/apt/lists/*\n',
    ranges: ['DL3015@1:22-1:37'],
    good: 'FROM debian:12\nRUN apt-get update && apt-get install -y -o APT::Install-Recommends=false curl && rm -rf /var/lib/apt/lists/*\n',
  },
  {
    code: 'DL3018',
    bad: 'FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.1-r0 bash\n',
    ranges: ['DL3018@1:37-1:41'],
    good: 'FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.1-r0\n',
    settings: { rules: { DL3018: 'warning' } },
  },
  {
    code: 'DL3019',
    bad: 'FROM alpine:3.20\nRUN apk add curl\n',
    ranges: ['DL3019@1:4-1:11'],
    good: 'FROM alpine:3.20\nRUN apk add --no-cache curl\n',
    fixed: 'FROM alpine:3.20\nRUN apk add --no-cache curl\n',
  },
  {
    code: 'DL3020',
    bad: 'FROM debian:12\nADD app.py /app/\n',
    ranges: ['DL3020@1:0-1:3'],
    good: 'FROM debian:12\nADD https://example.com/a.tgz /tmp/\nADD vendor.tar.gz /opt/\n',
    fixed: 'FROM debian:12\nCOPY app.py /app/\n',
  },
  {
    code: 'DL3021',
    bad: 'FROM debian:12\nCOPY a b /dest\n',
    ranges: ['DL3021@1:9-1:14'],
    good: 'FROM debian:12\nCOPY a b /dest/\n',
    fixed: 'FROM debian:12\nCOPY a b /dest/\n',
  },
  {
    code: 'DL3022',
    bad: 'FROM debian:12\nCOPY --from=build /a /b\n',
    ranges: ['DL3022@1:12-1:17'],
    good: 'FROM debian:12 AS build\nFROM debian:12\nCOPY --from=build /a /b\nCOPY --from=0 /a /c\nCOPY --from=nginx:1.27 /a /d\n',
  },
  {
    code: 'DL3023',
    bad: 'FROM debian:12 AS app\nCOPY --from=app /a /b\n',
    ranges: ['DL3023@1:12-1:15'],
    good: 'FROM debian:12 AS build\nFROM debian:12 AS app\nCOPY --from=build /a /b\n',
  },
  {
    code: 'DL3024',
    bad: 'FROM debian:12 AS build\nFROM debian:12 AS build\n',
    ranges: ['DL3024@1:18-1:23'],
    good: 'FROM debian:12 AS build\nFROM debian:12 AS app\n',
  },
  {
    code: 'DL3025',
    bad: 'FROM debian:12\nCMD node server.js --port 80\n',
    ranges: ['DL3025@1:4-1:28'],
    good: 'FROM debian:12\nCMD ["node", "server.js"]\n',
    fixed: 'FROM debian:12\nCMD ["node", "server.js", "--port", "80"]\n',
  },
  {
    code: 'DL3026',
    bad: 'FROM debian:12\nFROM registry.example.com/app:1\n',
    ranges: ['DL3026@0:5-0:14'],
    good: 'FROM registry.example.com/app:1\n',
    files: { '.hadolint.yaml': 'trustedRegistries:\n  - registry.example.com\n' },
  },
  {
    code: 'DL3027',
    bad: 'FROM debian:12\nRUN apt upgrade -y\n',
    ranges: ['DL3027@1:4-1:7'],
    good: 'FROM debian:12\nRUN apt-get upgrade -y\n',
    fixed: 'FROM debian:12\nRUN apt-get upgrade --with-new-pkgs -y\n',
  },
  {
    code: 'DL3042',
    bad: 'FROM python:3.12\nRUN pip install flask==3.0.0\n',
    ranges: ['DL3042@1:4-1:15'],
    good: 'FROM python:3.12\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask==3.0.0\n',
    fixed: 'FROM python:3.12\nRUN pip install --no-cache-dir flask==3.0.0\n',
  },
  {
    code: 'DL3043',
    bad: 'FROM debian:12\nONBUILD FROM debian:12\n',
    ranges: ['DL3043@1:8-1:12'],
    good: 'FROM debian:12\nONBUILD RUN make\n',
  },
  {
    code: 'DL3044',
    bad: 'FROM debian:12\nENV A=1 B=$A\n',
    ranges: ['DL3044@1:10-1:12'],
    good: 'FROM debian:12\nENV A=1\nENV B=$A\n',
  },
  {
    code: 'DL3045',
    bad: 'FROM debian:12\nCOPY app.py app/\n',
    ranges: ['DL3045@1:12-1:16'],
    good: 'FROM debian:12 AS base\nWORKDIR /srv\nFROM base\nCOPY app.py app/\n',
  },
  {
    code: 'DL3059',
    bad: 'FROM debian:12\nRUN make\nRUN make install\n',
    ranges: ['DL3059@2:0-2:3'],
    good: 'FROM debian:12\nRUN make\nWORKDIR /x\nRUN make install\n',
  },
  {
    code: 'DL3061',
    bad: 'LABEL a=b\nFROM debian:12\n',
    ranges: ['DL3061@0:0-0:5'],
    good: '# comment\nARG V=12\nFROM debian:${V}\n',
  },
  {
    code: 'DL4000',
    bad: 'FROM debian:12\nMAINTAINER Jane Doe <jane@example.com>\n',
    ranges: ['DL4000@1:0-1:10'],
    good: 'FROM debian:12\nLABEL org.opencontainers.image.authors="Jane"\n',
    fixed: 'FROM debian:12\nLABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"\n',
  },
  {
    code: 'DL4003',
    bad: 'FROM debian:12\nCMD ["a"]\nCMD ["b"]\n',
    ranges: ['DL4003@1:0-1:3'],
    good: 'FROM debian:12\nCMD ["a"]\nFROM debian:12\nCMD ["b"]\n',
  },
  {
    code: 'DL4004',
    bad: 'FROM debian:12\nENTRYPOINT ["a"]\nENTRYPOINT ["b"]\n',
    ranges: ['DL4004@1:0-1:10'],
    good: 'FROM debian:12\nENTRYPOINT ["a"]\n',
  },
  {
    code: 'DL4006',
    bad: 'FROM debian:12\nRUN curl -fsS https://example.com | tar x\n',
    ranges: ['DL4006@1:34-1:35'],
    good: 'FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl -fsS https://example.com | tar x\n',
  },
];

describe('Dockerfile hadolint rules', () => {
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

  it('off-by-default rules stay off without configuration', () => {
    const text =
      'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*\n';
    assert.deepEqual(rangesOf(text, 'DL3008'), []);
  });

  it("DL3014 adds only -y (preferred); DL3015's --no-install-recommends changes the packages, so it is a suggestion", () => {
    const text = 'FROM debian:12\nRUN apt-get update && apt-get install curl && rm -rf /var/lib/apt/lists/*\n';
    const findings = check(text);
    const [yes, recommends] = ['DL3014', 'DL3015'].map((code) => findings.find((found) => found.code === code));
    assert.deepEqual(
      yes?.fixes[0].edits.map((edit) => edit.newText),
      [' -y'],
    );
    assert.equal(yes?.fixes[0].isPreferred, true);
    assert.deepEqual(
      recommends?.fixes[0].edits.map((edit) => edit.newText),
      [' --no-install-recommends'],
    );
    assert.equal(recommends?.fixes[0].isPreferred, false);
    const suggested = fix(text, 'DL3015', 'Add --no-install-recommends');
    assert.equal(
      suggested,
      'FROM debian:12\nRUN apt-get update && apt-get install --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
    );
  });

  it('DL3009 fix continues a multi-line RUN', () => {
    const text = df`
      FROM debian:12
      RUN apt-get update \\
          && apt-get install -y --no-install-recommends curl
    `;
    const fixed = fix(text, 'DL3009');
    assert.equal(
      fixed,
      'FROM debian:12\nRUN apt-get update \\\n    && apt-get install -y --no-install-recommends curl \\\n    && rm -rf /var/lib/apt/lists/*\n',
    );
    assert.deepEqual(codesAndRanges(check(fixed)), []);
  });

  it('DL3025 offers sh -c, not preferred, when the command needs a shell', () => {
    const text = 'FROM debian:12\nCMD echo $HOME && exec app\n';
    const found = check(text).find((candidate) => candidate.code === 'DL3025');
    assert.equal(found?.fixes[0].isPreferred, false);
    assert.equal(found?.fixes[0].edits[0].newText, '["/bin/sh", "-c", "echo $HOME && exec app"]');
  });

  it('DL4006 suggests bash (not preferred: a guess that changes every later shell-form command), and ash on alpine', () => {
    const bad = 'FROM debian:12\nRUN curl -fsS https://example.com | tar x\n';
    const found = check(bad).find((candidate) => candidate.code === 'DL4006');
    assert.equal(found?.fixes[0].isPreferred, false);
    const withBash = fix(bad, 'DL4006', found?.fixes[0].title);
    assert.equal(
      withBash,
      'FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl -fsS https://example.com | tar x\n',
    );
    assert.deepEqual(codesAndRanges(check(withBash)), []);
    const fixed = fix(
      'FROM alpine:3.20\nRUN wget -qO- https://example.com | tar x\n',
      'DL4006',
      'Add SHELL ["/bin/ash", "-eo", "pipefail", "-c"] before this RUN',
    );
    assert.equal(
      fixed,
      'FROM alpine:3.20\nSHELL ["/bin/ash", "-eo", "pipefail", "-c"]\nRUN wget -qO- https://example.com | tar x\n',
    );
  });

  it('messages come from the rule module', () => {
    assert.equal(check('FROM debian:latest\n')[0].message, DL3007.latest);
  });
});
