import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from '../../server/src/service';

/** Fix-all, round after round, until nothing is left to fix; the number of rounds it took (or Infinity). */
function roundsToFixedPoint(text: string, languageId: 'yaml' | 'dockerfile'): number {
  const service = createLanguageService();
  for (let round = 0; round < 20; round++) {
    const document = TextDocument.create(
      `file:///fixall/${languageId === 'yaml' ? 'a.yaml' : 'Dockerfile'}`,
      languageId,
      round + 1,
      text,
    );
    service.validate(document);
    const edits = service.fixAll(document);
    const next = TextDocument.applyEdits(document, edits);
    if (edits.length === 0 || next === text) return round;
    text = next;
  }
  return Infinity;
}

describe('reliability: fix-all reaches a fixed point (issue 15, found by the fuzzer)', () => {
  it('a bare `<<` after RUN is no here-document: fix-all no longer adds an empty line on every round', () => {
    assert.ok(roundsToFixedPoint('UN <<', 'dockerfile') <= 2);
    assert.ok(roundsToFixedPoint('FROM alpine\nRUN <<\n', 'dockerfile') <= 1);
  });

  it('a body line ending in `\\` before the terminator: no false "never closed", no endless fix', () => {
    assert.ok(roundsToFixedPoint('RUN <<F\n=\\', 'dockerfile') <= 1);
    assert.equal(roundsToFixedPoint('FROM alpine\nRUN <<F\nx\\\nF\n', 'dockerfile'), 0);
  });

  it('a real unterminated here-document is closed in one round', () => {
    assert.equal(roundsToFixedPoint('FROM alpine\nRUN <<EOF\necho hi\n', 'dockerfile'), 1);
  });
});

describe('reliability: a Dockerfile the parser library chokes on is still checked (issue 15, found by the fuzzer)', () => {
  it('`RUN <<EOF\\` then `x#` then `EOFx`: dockerfile-ast threw in getHeredocs, and the file got no diagnostics at all', () => {
    const service = createLanguageService();
    const findings = service.validate(
      TextDocument.create('file:///w/Dockerfile', 'dockerfile', 1, 'FROM debian\nRUN <<EOF\\\nx#\nEOFx\n'),
    );
    assert.ok(
      findings.some((found) => found.code === 'DL3006'),
      findings.map((found) => found.code).join(' '),
    );
  });
});
