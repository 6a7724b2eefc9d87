import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { applyEdits } from '../../server/src/service';
import { runShellcheckSync } from '../../server/src/handlers/shellcheckRunner';
import { makeDockerfile, serviceFor, type DockerfileOptions } from '../helpers/dockerfile';
import { codesAndRanges } from '../helpers/service';

/**
 * ShellCheck inside RUN with the real shellcheck (Debian's shellcheck 0.9, installed by test/realparts/install-deps.sh):
 * findings on exact Dockerfile ranges, hadolint's header and exclusions, its pragmas and .hadolint.yaml.
 */

function shellcheckSkipReason(): string | false {
  try {
    execFileSync('shellcheck', ['--version'], { stdio: 'ignore' });
    return false;
  } catch {
    return 'shellcheck is not installed: run bash test/realparts/install-deps.sh (apt-get install shellcheck)';
  }
}

function checkWithShellcheck(text: string, options: DockerfileOptions = {}) {
  const { document, folder } = makeDockerfile(text, options);
  const service = serviceFor(folder, options);
  const unchecked = service.shellcheckResults.unchecked(service.shellScripts(document));
  const run = runShellcheckSync('shellcheck', unchecked, service.shellcheckResults);
  assert.deepEqual(run, { ok: true });
  return { service, document, findings: service.validate(document) };
}

const sc = (findings: ReturnType<typeof checkWithShellcheck>['findings']) =>
  codesAndRanges(findings.filter((found) => found.code.startsWith('SC')));

describe('ShellCheck inside RUN (real shellcheck)', { skip: shellcheckSkipReason() }, () => {
  it('fires with SCxxxx codes on exact ranges, across flags, continuations, heredocs; linked to the wiki', () => {
    const text =
      'FROM debian:12\nRUN --mount=type=cache,target=/root/.cache echo $foo && \\\n    # a comment\n    cd /tmp\nRUN <<EOF\necho `date`\nEOF\n';
    const { findings } = checkWithShellcheck(text);
    assert.deepEqual(sc(findings).sort(), [
      'SC2005@5:5-5:11',
      'SC2006@5:5-5:11',
      'SC2046@5:5-5:11',
      'SC2086@1:48-1:52',
      'SC2154@1:48-1:52',
      'SC2164@3:4-3:11',
    ]);
    const byCode = new Map(findings.filter((found) => found.code.startsWith('SC')).map((found) => [found.code, found]));
    assert.deepEqual(codesAndRanges([byCode.get('SC2154')!]), ['SC2154@1:48-1:52']);
    assert.deepEqual(codesAndRanges([byCode.get('SC2164')!]), ['SC2164@3:4-3:11']);
    assert.deepEqual(codesAndRanges([byCode.get('SC2006')!]), ['SC2006@5:5-5:11']);
    assert.equal(byCode.get('SC2164')!.severity, DiagnosticSeverity.Warning);
    assert.equal(byCode.get('SC2086')!.severity, DiagnosticSeverity.Information);
    assert.equal(byCode.get('SC2006')!.severity, DiagnosticSeverity.Hint, 'ShellCheck style is a hint');
    assert.equal(byCode.get('SC2086')!.codeDescription?.href, 'https://www.shellcheck.net/wiki/SC2086');
  });

  it("quiet on correct scripts, and for the variables ARG and ENV define (and BuildKit's proxy variables)", () => {
    const text =
      'FROM debian:12\nARG version\nENV app_home=/app\nRUN echo "$version" "$app_home" "$http_proxy" && cd /tmp && ls\n';
    assert.deepEqual(sc(checkWithShellcheck(text).findings), []);
    assert.deepEqual(sc(checkWithShellcheck('FROM debian:12\nRUN echo "$version"\n').findings), ['SC2154@1:10-1:18']);
  });

  it('a shell syntax error is an error (the build fails), on its place', () => {
    const { findings } = checkWithShellcheck('FROM debian:12\nRUN if true; then echo hi\n');
    const errors = findings.filter(
      (found) => found.code.startsWith('SC1') && found.severity === DiagnosticSeverity.Error,
    );
    assert.ok(errors.length > 0, codesAndRanges(findings).join(', '));
    assert.ok(errors.every((found) => found.range.start.line === 1));
  });

  it('bash-only syntax under SHELL bash is fine, under the default /bin/sh it is SC3010', () => {
    assert.deepEqual(
      sc(checkWithShellcheck('FROM debian:12\nSHELL ["/bin/bash", "-c"]\nRUN [[ -d /tmp ]] && echo yes\n').findings),
      [],
    );
    assert.deepEqual(sc(checkWithShellcheck('FROM debian:12\nRUN [[ -d /tmp ]] && echo yes\n').findings), [
      'SC3010@1:4-1:17',
    ]);
  });

  it("hadolint's default exclusions: SC1091 (sourcing a file) never fires", () => {
    assert.deepEqual(
      sc(checkWithShellcheck('FROM debian:12\nRUN . /etc/os-release && echo "$ID"\n').findings).filter((entry) =>
        /SC109[01]/.test(entry),
      ),
      [],
    );
  });

  it('# hadolint ignore=SC2086 silences it on that RUN only; global ignore everywhere; the ignore fix writes the pragma', () => {
    const text = 'FROM debian:12\nARG x\n# hadolint ignore=SC2086\nRUN echo $HOME\nRUN echo $HOME\n';
    assert.deepEqual(sc(checkWithShellcheck(text).findings), ['SC2086@4:9-4:14']);
    assert.deepEqual(sc(checkWithShellcheck(`# hadolint global ignore=SC2086\n${text}`).findings), []);
    const { findings } = checkWithShellcheck(text);
    const fix = findings
      .find((found) => found.code === 'SC2086')!
      .fixes.find((candidate) => /Ignore SC2086/.test(candidate.title))!;
    const fixed = applyEdits(text, fix.edits);
    assert.equal(
      fixed,
      'FROM debian:12\nARG x\n# hadolint ignore=SC2086\nRUN echo $HOME\n# hadolint ignore=SC2086\nRUN echo $HOME\n',
    );
    assert.deepEqual(sc(checkWithShellcheck(fixed).findings), []);
  });

  it('.hadolint.yaml: ignored drops an SC code, override changes its severity', () => {
    const text = 'FROM debian:12\nARG x\nRUN echo $x && cd /tmp\n';
    assert.deepEqual(
      sc(checkWithShellcheck(text, { files: { '.hadolint.yaml': 'ignored:\n  - SC2086\n' } }).findings),
      ['SC2164@2:15-2:22'],
    );
    const overridden = checkWithShellcheck(text, {
      files: { '.hadolint.yaml': 'override:\n  error:\n    - SC2164\n' },
    }).findings;
    assert.equal(overridden.find((found) => found.code === 'SC2164')!.severity, DiagnosticSeverity.Error);
  });

  it('results are cached by script text: an edit elsewhere in the file needs no new shellcheck, the findings move with it', () => {
    const text = 'FROM debian:12\nARG x\nRUN echo $HOME\n';
    const { service } = checkWithShellcheck(text);
    const moved = makeDockerfile(`# a new first line\n${text}`);
    assert.deepEqual(service.shellcheckResults.unchecked(service.shellScripts(moved.document)), []);
    assert.deepEqual(sc(service.validate(moved.document)), ['SC2086@3:9-3:14']);
    const changed = makeDockerfile(text.replace('$HOME', '$PWD'));
    assert.equal(
      service.shellcheckResults.unchecked(service.shellScripts(changed.document)).length,
      1,
      'a changed RUN is checked again',
    );
  });

  it('columns after non-BMP characters and tabs land on the right characters', () => {
    const text = 'FROM debian:12\nARG x\nRUN echo "😀😀" $HOME &&\t\\\n\tcd /tmp\n';
    const { findings } = checkWithShellcheck(text);
    const lines = text.split('\n');
    for (const found of findings.filter((entry) => entry.code.startsWith('SC'))) {
      const covered = lines[found.range.start.line].slice(found.range.start.character, found.range.end.character);
      if (found.code === 'SC2086') assert.equal(covered, '$HOME');
      if (found.code === 'SC2164') assert.equal(covered, 'cd /tmp');
    }
    assert.deepEqual(sc(findings).sort(), ['SC2086@2:16-2:21', 'SC2164@3:1-3:8']);
  });
});

describe('shipshape check runs shellcheck (real shellcheck)', { skip: shellcheckSkipReason() }, () => {
  const CLI = join(__dirname, '..', '..', '..', 'server', 'out', 'cli.js');
  it('SC findings in the report; --no-shellcheck leaves them out; a shellcheck that is not there is one note', () => {
    const folder = mkdtempSync(join(tmpdir(), 'shipshape-shellcheck-cli-'));
    try {
      writeFileSync(join(folder, 'Dockerfile'), 'FROM debian:12.5\nRUN echo $HOME\n');
      const withShellcheck = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', 'Dockerfile'], {
        cwd: folder,
        encoding: 'utf8',
      });
      assert.match(withShellcheck.stdout, /"SC2086"/);
      const without = spawnSync(process.execPath, [CLI, 'check', '--no-shellcheck', '--format', 'json', 'Dockerfile'], {
        cwd: folder,
        encoding: 'utf8',
      });
      assert.doesNotMatch(without.stdout, /SC2086/);
      writeFileSync(join(folder, '.shipshape.yaml'), 'shellcheck:\n  path: /nonexistent/shellcheck\n');
      const missing = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', 'Dockerfile'], {
        cwd: folder,
        encoding: 'utf8',
      });
      assert.doesNotMatch(missing.stdout, /SC2086/);
      assert.equal(missing.stderr.match(/ShellCheck is off/g)?.length, 1, missing.stderr);
      assert.equal(missing.status, withShellcheck.status);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
