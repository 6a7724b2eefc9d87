import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { codesAndRanges } from '../helpers/service';
import { check } from '../helpers/dockerfile';

const GOOD = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'dockerfile', 'good');

describe('Dockerfile: realistic, correct multi-stage files', () => {
  const files = readdirSync(GOOD).filter((name) => name.endsWith('.Dockerfile'));
  it('has the Node, Python, Go and Java examples', () => {
    assert.deepEqual(files.sort(), ['go.Dockerfile', 'java.Dockerfile', 'node.Dockerfile', 'python.Dockerfile']);
  });
  for (const name of files) {
    it(`${name} gives nothing above information`, () => {
      const findings = check(readFileSync(join(GOOD, name), 'utf8'));
      const serious = findings.filter(
        (found) => (found.severity ?? DiagnosticSeverity.Error) < DiagnosticSeverity.Information,
      );
      assert.deepEqual(codesAndRanges(serious), []);
    });
  }
});

describe('Dockerfile: bad input gives diagnostics, never a crash or a hang', () => {
  it('a file of one word', () => {
    assert.deepEqual(codesAndRanges(check('hello')), [
      'dockerfile/unknown-instruction@0:0-0:5',
      'dockerfile/no-from@0:0-0:5',
    ]);
  });

  it('an empty file', () => {
    assert.deepEqual(codesAndRanges(check('')), ['dockerfile/no-from@0:0-0:0']);
  });

  it('binary junk', () => {
    let seed = 7;
    const bytes = Buffer.alloc(64 * 1024);
    for (let index = 0; index < bytes.length; index++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      bytes[index] = seed & 0xff;
    }
    const findings = check(bytes.toString('latin1'));
    assert.ok(findings.length > 0);
    assert.ok(
      findings.every((found) => found.code !== 'shipshape/rule-failed'),
      JSON.stringify(findings.find((found) => found.code === 'shipshape/rule-failed')),
    );
  });

  // Speed is the benchmark's business (npm run bench); this only guards against a hang or a blow-up on a big file.
  it('a 5 MB file, without hanging', () => {
    const block =
      'RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nCOPY --chown=1:1 src/ /opt/app/\nENV STEP=done\n';
    const text = `FROM debian:12\n${block.repeat(Math.ceil((5 * 1_048_576) / block.length))}`;
    const started = Date.now();
    const findings = check(text);
    assert.ok(Date.now() - started < 60_000, `took ${Date.now() - started} ms`);
    assert.ok(findings.every((found) => found.code !== 'shipshape/rule-failed'));
  });

  it('an unterminated heredoc', () => {
    const findings = check('FROM debian:12\nRUN <<EOF\nmake\nFROM ubuntu\n');
    assert.deepEqual(codesAndRanges(findings), ['dockerfile/heredoc-unterminated@1:4-1:9']);
  });

  it('a lone escape character, unclosed JSON and quotes', () => {
    const findings = check('FROM debian:12\nRUN \\\nCMD ["a", \nENV A="unclosed\nLABEL\n');
    assert.ok(findings.length > 0);
    assert.ok(findings.every((found) => found.code !== 'shipshape/rule-failed'));
  });
});
