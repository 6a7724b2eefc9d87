import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { EMPTY_CONFIG } from '../../server/src/service/dockerfile/config/hadolintConfig';
import { DockerfileContext } from '../../server/src/service/dockerfile/context';
import { parseDockerfile } from '../../server/src/service/dockerfile/parse/fromAst';
import {
  buildShellScripts,
  parseShellcheckJson1,
  shellcheckArgs,
  type ShellScript,
} from '../../server/src/service/dockerfile/shellcheck';
import { dockerfileRange } from '../../server/src/service/dockerfile/shellcheck/output';

/** Pure tests: the script each RUN becomes, its map back to the Dockerfile, and ShellCheck's json1 report read. */

function scripts(text: string): { context: DockerfileContext; scripts: ShellScript[] } {
  const context = new DockerfileContext(parseDockerfile(text), EMPTY_CONFIG, undefined);
  return { context, scripts: buildShellScripts(context) };
}

/** The script's own lines (after the header Shipshape writes), each with the Dockerfile line:column it starts at. */
function body(context: DockerfileContext, script: ShellScript): string[] {
  const lines = script.text.split('\n');
  return script.lineStarts.flatMap((start, index) => {
    if (start < 0) return [];
    const at = context.position(start);
    return [`${at.line}:${at.character} ${lines[index]}`];
  });
}

function header(script: ShellScript): string[] {
  return script.text.split('\n').filter((_, index) => script.lineStarts[index] === -1);
}

const PROXIES = [
  'FTP_PROXY',
  'HTTPS_PROXY',
  'HTTP_PROXY',
  'NO_PROXY',
  'ftp_proxy',
  'http_proxy',
  'https_proxy',
  'no_proxy',
];

describe('RUN scripts for ShellCheck', () => {
  it("hadolint's header: #!/bin/sh, then an export for the proxy variables and each ARG/ENV of the stage", () => {
    const { scripts: found } = scripts(
      'ARG GLOBAL\nFROM debian:12\nARG VERSION=1\nENV APP_HOME=/app\nENV LANG C.UTF-8\nRUN echo "$VERSION"\n',
    );
    assert.equal(found.length, 1);
    const expected = [
      '#!/bin/sh',
      ...['APP_HOME', 'LANG', 'VERSION', ...PROXIES].sort().map((name) => `export ${name}=1`),
    ];
    assert.deepEqual(
      header(found[0]),
      expected,
      'a global ARG is not visible in the stage (not declared again); legacy ENV key value counts',
    );
  });

  it('flags are stripped; continuations kept, comment and empty lines inside them dropped; exact starts', () => {
    const text =
      'FROM debian:12\nRUN --mount=type=cache,target=/var/cache/apt apt-get update && \\\n    # a comment Docker removes\n\n    apt-get install -y curl \\   \n && rm -rf /var/lib/apt/lists/*\n';
    const { context, scripts: found } = scripts(text);
    assert.deepEqual(body(context, found[0]), [
      '1:45 apt-get update && \\',
      '4:0     apt-get install -y curl \\',
      '5:0  && rm -rf /var/lib/apt/lists/*',
    ]);
  });

  it('a `# escape=`` file: the backtick continues the line, written as a backslash for the shell', () => {
    const { context, scripts: found } = scripts('# escape=`\nFROM debian:12\nRUN echo a `\n  b\n');
    assert.deepEqual(body(context, found[0]), ['2:4 echo a \\', '3:0   b']);
  });

  it('RUN <<EOF: the body is the script; a POSIX shebang is kept, any other interpreter is not shell-checked', () => {
    const { context, scripts: found } = scripts(
      'FROM debian:12\nRUN <<EOF\nset -e\necho $x\nEOF\nRUN <<EOF\n#!/bin/bash\necho hi\nEOF\nRUN <<EOF\n#!/usr/bin/env python3\nprint(1)\nEOF\n',
    );
    assert.equal(found.length, 2);
    assert.deepEqual(body(context, found[0]), ['2:0 set -e', '3:0 echo $x']);
    assert.equal(header(found[1])[0], '#!/bin/bash');
    assert.deepEqual(body(context, found[1]), ['7:0 echo hi']);
  });

  it('a here-document fed to a command: the command line, the body and the terminator, as the shell reads them', () => {
    const { context, scripts: found } = scripts('FROM debian:12\nRUN cat <<EOF > /etc/motd\nhello $USER\nEOF\n');
    assert.deepEqual(body(context, found[0]), ['1:4 cat <<EOF > /etc/motd', '2:0 hello $USER', '3:0 EOF']);
  });

  it('SHELL decides: bash kept for the stage and stages built FROM it; pwsh, cmd and zsh are not shell-checked; JSON RUNs neither', () => {
    const text = [
      'FROM debian:12 AS base',
      'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
      'RUN echo one',
      'FROM base',
      'RUN echo two',
      'FROM debian:12',
      'RUN echo three',
      'RUN ["echo", "json"]',
      'SHELL ["pwsh", "-Command"]',
      'RUN Write-Host four',
      'SHELL ["/usr/bin/zsh", "-c"]',
      'RUN echo five',
      '',
    ].join('\n');
    const { scripts: found } = scripts(text);
    assert.deepEqual(
      found.map((script) => `${script.instruction.line} ${header(script)[0]}`),
      ['2 #!/bin/bash', '4 #!/bin/bash', '6 #!/bin/sh'],
    );
  });

  it('`# hadolint shell=bash` sets the shell of the RUNs after it', () => {
    const { scripts: found } = scripts('FROM debian:12\n# hadolint shell=bash\nRUN echo one\n');
    assert.equal(header(found[0])[0], '#!bash');
  });

  it('before the first FROM (hadolint checks there too): the ARGs declared so far, then each FROM starts afresh', () => {
    const { scripts: found } = scripts('ARG early\nRUN echo "$early"\nFROM debian:12\nRUN echo "$early"\n');
    assert.ok(header(found[0]).includes('export early=1'));
    assert.ok(!header(found[1]).includes('export early=1'));
  });

  it('ONBUILD RUN is checked too', () => {
    const { context, scripts: found } = scripts('FROM debian:12\nONBUILD RUN echo $x\n');
    assert.deepEqual(body(context, found[0]), ['1:12 echo $x']);
  });
});

describe('ShellCheck json1 report', () => {
  const text = 'FROM debian:12\nRUN --mount=type=secret,id=a echo $foo && \\\n\tcd /tmp; \\\n  echo "é😀" $bar\n';
  const { context, scripts: found } = scripts(text);
  const report = (comments: object[]) =>
    JSON.stringify({
      comments: comments.map((comment) => ({
        file: '/tmp/s/run0.sh',
        level: 'warning',
        message: 'm',
        fix: null,
        ...comment,
      })),
    });
  const rangeOf = (line: number, column: number, endLine: number, endColumn: number) => {
    const parsed = parseShellcheckJson1(report([{ line, column, endLine, endColumn, code: 2086 }]));
    const range = dockerfileRange(context, found[0], parsed!.get('/tmp/s/run0.sh')![0]);
    return range && `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
  };
  const first = found[0].lineStarts.indexOf(found[0].lineStarts.find((start) => start >= 0)!) + 1;

  it('comments by file, with 1-based lines and code-point columns mapped to exact Dockerfile ranges', () => {
    assert.equal(rangeOf(first, 6, first, 10), '1:34-1:38', '$foo after the stripped --mount flag');
    assert.equal(rangeOf(first + 1, 2, first + 1, 7), '2:1-2:6', 'a tab counts as one column (json1)');
    assert.equal(
      rangeOf(first + 2, 13, first + 2, 17),
      '3:13-3:17',
      '$bar after a non-BMP character (two UTF-16 units, one ShellCheck column)',
    );
    assert.equal(rangeOf(first, 6, first + 1, 7), '1:34-2:6', 'a range over a continuation');
    assert.equal(rangeOf(1, 1, 1, 5), undefined, 'a comment on the header Shipshape wrote is not placed');
    assert.equal(rangeOf(first, 1, first, 999), '1:29-1:43', 'an end past the line is clamped to it');
  });

  it('not a report (a crash, another program): undefined, so the caller says shellcheck failed', () => {
    assert.equal(parseShellcheckJson1('openBinaryFile: does not exist'), undefined);
    assert.equal(parseShellcheckJson1('{"other":1}'), undefined);
    assert.deepEqual([...parseShellcheckJson1('{"comments":[]}')!.keys()], []);
  });

  it("argv: hadolint's exclusions, json1, no rc file, files after --", () => {
    assert.deepEqual(shellcheckArgs(['/t/a.sh', '/t/b.sh']), [
      '--norc',
      '--format=json1',
      '--exclude=SC2187,SC1090,SC1091',
      '--',
      '/t/a.sh',
      '/t/b.sh',
    ]);
  });
});
