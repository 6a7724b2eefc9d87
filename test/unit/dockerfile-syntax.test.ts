import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { codesAndRanges } from '../helpers/service';
import { check, df, fix, rangesOf } from '../helpers/dockerfile';
import { messages as unknownInstruction } from '../../server/src/service/dockerfile/rules/syntax/unknownInstruction';

const FROM = 'FROM debian:12\n';

describe('Dockerfile syntax', () => {
  it('reports every syntax error in one pass, each with its exact range', () => {
    const text = df`
      FROM debian:12
      RUNN make
      COPY --chmode=755 a /b
      WORKDIR/app
      COPY onlyone
      EXPOSE abc
    `;
    assert.deepEqual(codesAndRanges(check(text)), [
      'dockerfile/unknown-instruction@1:0-1:4',
      'dockerfile/unknown-flag@2:5-2:13',
      'dockerfile/unknown-instruction@3:0-3:11',
      'dockerfile/arguments@4:5-4:12',
      'dockerfile/arguments@5:7-5:10',
    ]);
  });

  const fixes: Array<{ name: string; bad: string; code: string; range: string; fixed: string }> = [
    {
      name: 'COPY a. -> COPY a .',
      bad: `${FROM}WORKDIR /app\nCOPY a.\n`,
      code: 'dockerfile/arguments',
      range: '2:5-2:7',
      fixed: `${FROM}WORKDIR /app\nCOPY a .\n`,
    },
    {
      name: 'COPY.. -> COPY . .',
      bad: `${FROM}WORKDIR /app\nCOPY..\n`,
      code: 'dockerfile/unknown-instruction',
      range: '2:0-2:6',
      fixed: `${FROM}WORKDIR /app\nCOPY . .\n`,
    },
    {
      name: 'RUN.. -> RUN ..',
      bad: `${FROM}RUN./build.sh\n`,
      code: 'dockerfile/unknown-instruction',
      range: '1:0-1:13',
      fixed: `${FROM}RUN ./build.sh\n`,
    },
    {
      name: 'WORKDIR/app -> WORKDIR /app',
      bad: `${FROM}WORKDIR/app\n`,
      code: 'dockerfile/unknown-instruction',
      range: '1:0-1:11',
      fixed: `${FROM}WORKDIR /app\n`,
    },
    {
      name: 'misspelt instruction',
      bad: `${FROM}COPPY a /b\n`,
      code: 'dockerfile/unknown-instruction',
      range: '1:0-1:5',
      fixed: `${FROM}COPY a /b\n`,
    },
    {
      name: 'misspelt flag',
      bad: `${FROM}COPY --chmode=755 a /b\n`,
      code: 'dockerfile/unknown-flag',
      range: '1:5-1:13',
      fixed: `${FROM}COPY --chmod=755 a /b\n`,
    },
    {
      name: 'misspelt mount option',
      bad: `${FROM}RUN --mount=type=cache,targte=/root/.cache make\n`,
      code: 'dockerfile/flag-value',
      range: '1:23-1:29',
      fixed: `${FROM}RUN --mount=type=cache,target=/root/.cache make\n`,
    },
    {
      name: 'misspelt --network value',
      bad: `${FROM}RUN --network=nnone make\n`,
      code: 'dockerfile/flag-value',
      range: '1:14-1:19',
      fixed: `${FROM}RUN --network=none make\n`,
    },
    {
      name: 'lowercase instruction among uppercase ones (BuildKit ConsistentInstructionCasing)',
      bad: `${FROM}run make\n`,
      code: 'ConsistentInstructionCasing',
      range: '1:0-1:3',
      fixed: `${FROM}RUN make\n`,
    },
    {
      name: 'lowercase from ... as (a tie goes to uppercase, as BuildKit)',
      bad: 'from debian:12 as build\nFROM build\n',
      code: 'ConsistentInstructionCasing',
      range: '0:0-0:4',
      fixed: 'FROM debian:12 AS build\nFROM build\n',
    },
    {
      name: 'a file all in lowercase: dockerfile/instruction-casing (BuildKit is quiet, Shipshape asks for uppercase)',
      bad: 'from debian:12\n',
      code: 'dockerfile/instruction-casing',
      range: '0:0-0:4',
      fixed: 'FROM debian:12\n',
    },
    {
      name: 'single-quoted JSON',
      bad: `${FROM}CMD ['make']\n`,
      code: 'dockerfile/json-single-quotes',
      range: '1:4-1:12',
      fixed: `${FROM}CMD ["make"]\n`,
    },
    {
      name: 'unterminated heredoc',
      bad: `${FROM}RUN <<EOF\nmake\n`,
      code: 'dockerfile/heredoc-unterminated',
      range: '1:4-1:9',
      fixed: `${FROM}RUN <<EOF\nmake\nEOF\n`,
    },
  ];
  for (const entry of fixes) {
    it(`${entry.name}: exact range, fix, clean`, () => {
      assert.deepEqual(rangesOf(entry.bad, entry.code), [`${entry.code}@${entry.range}`]);
      const fixed = fix(entry.bad, entry.code);
      assert.equal(fixed, entry.fixed);
      assert.deepEqual(codesAndRanges(check(fixed)), []);
    });
  }

  it('knows every current BuildKit flag', () => {
    const text = df`
      FROM --platform=linux/amd64 debian:12 AS base
      COPY --chmod=755 --link --parents --exclude=*.md --chown=1:1 a /b/
      ADD --checksum=sha256:0123 --keep-git-dir=true --link https://example.com/x.tgz /c/
      RUN --mount=type=cache,target=/root/.cache,sharing=locked --mount=type=secret,id=npm --mount=type=bind,from=base,source=/,target=/src --mount=type=ssh --network=none --security=sandbox make
      HEALTHCHECK --interval=30s --timeout=3s --start-period=1m --start-interval=5s --retries=3 CMD true
    `;
    assert.deepEqual(
      codesAndRanges(check(text)).filter((entry) => entry.startsWith('dockerfile/')),
      [],
    );
  });

  it('flags bad flag values', () => {
    const text = `${FROM}HEALTHCHECK --interval=soon --retries=x CMD true\nCOPY --link=maybe a /b\nRUN --mount=type=cahce,target=/x make\n`;
    assert.deepEqual(rangesOf(text, 'dockerfile/flag-value'), [
      'dockerfile/flag-value@1:23-1:27',
      'dockerfile/flag-value@1:38-1:39',
      'dockerfile/flag-value@2:12-2:17',
      'dockerfile/flag-value@3:17-3:22',
    ]);
  });

  it('an unknown instruction with no near miss has no fix', () => {
    const [found] = check(`${FROM}XYZZY now\n`);
    assert.equal(found.message, unknownInstruction.unknown('XYZZY'));
    assert.deepEqual(found.fixes, []);
  });

  it('reports a file without FROM', () => {
    assert.deepEqual(codesAndRanges(check('RUN make\n')), ['dockerfile/no-from@0:0-0:3']);
  });

  it('accepts continuations, comments inside them, heredocs and the backtick escape', () => {
    const text = df`
      # escape=\`
      FROM mcr.microsoft.com/windows/servercore:ltsc2022
      RUN echo a \`
          # a comment inside
          && echo b
      COPY <<EOF C:/app/config.txt
      key=value
      EOF
    `;
    assert.deepEqual(codesAndRanges(check(text)), []);
  });
});
