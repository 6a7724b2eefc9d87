import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range } from 'vscode-languageserver-types';
import { LINE_SAFE_DOCUMENTS } from '../../server/src/handlers/documentSync';
import {
  clampCompletion,
  clampDiagnostics,
  clampFoldingRanges,
  clampRange,
  clampSemanticTokens,
  clampSymbols,
} from '../../server/src/handlers/ranges';
import { createLanguageService, nonOverlappingPreferredEdits, toDiagnostic } from '../../server/src/service';

const document = TextDocument.create('file:///r.yaml', 'yaml', 1, 'ab\r\ncd\ref\n');
const range = (sl: number, sc: number, el: number, ec: number) => ({
  start: { line: sl, character: sc },
  end: { line: el, character: ec },
});

function inside(
  text: TextDocument,
  value: { start: { line: number; character: number }; end: { line: number; character: number } },
): boolean {
  const ok = (position: { line: number; character: number }) =>
    position.line >= 0 &&
    position.line < text.lineCount &&
    position.character >= 0 &&
    text.positionAt(text.offsetAt(position)).character === position.character;
  return ok(value.start) && ok(value.end);
}

describe('reliability: every range the server sends lies inside the document (issue 15, item 6)', () => {
  it('clamps a diagnostic past a line end (a lone \\r line) and past the last line', () => {
    const clamped = clampDiagnostics(document, [
      { range: range(1, 0, 1, 9), message: 'x' },
      { range: range(7, 3, 9, 0), message: 'y' },
    ]);
    assert.deepEqual(
      clamped.map((diagnostic) => diagnostic.range),
      [range(1, 0, 1, 2), range(3, 0, 3, 0)],
    );
  });

  it('passes a diagnostic on as it is exactly when clampRange leaves its range as it is (every position, every line break)', () => {
    const texts = ['ab\r\ncd\ref\n', '\r\n\r\n', 'x', '', 'a\n\nb\r', 'kind: A\r\n  b: 1'];
    for (const text of texts) {
      const lines = TextDocument.create('file:///p.yaml', 'yaml', 1, text);
      const positions: Array<{ line: number; character: number }> = [];
      for (let line = -1; line <= lines.lineCount + 1; line++)
        for (let character = -1; character <= 9; character++) positions.push({ line, character });
      for (const start of positions)
        for (const end of positions) {
          const diagnostic = { range: { start, end }, message: 'm' };
          const linked = {
            range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
            message: 'm',
            relatedInformation: [{ location: { uri: lines.uri, range: { start, end } }, message: 'r' }],
          };
          const [linkedSent] = clampDiagnostics(lines, [linked]);
          assert.deepEqual(linkedSent.relatedInformation?.[0].location.range, clampRange(lines, { start, end }));
          const clamped = clampRange(lines, diagnostic.range);
          const kept =
            clamped.start.line === start.line &&
            clamped.start.character === start.character &&
            clamped.end.line === end.line &&
            clamped.end.character === end.character;
          const [sent] = clampDiagnostics(lines, [diagnostic]);
          assert.equal(sent === diagnostic, kept, `${JSON.stringify(text)} ${JSON.stringify(diagnostic.range)}`);
          assert.equal(linkedSent === linked, kept);
          assert.deepEqual(sent.range, clamped);
        }
    }
  });

  it('clamps completion edits (insert within replace), symbols (selection within range), folding and semantic tokens', () => {
    const list = clampCompletion(document, {
      isIncomplete: false,
      items: [{ label: 'a', textEdit: { newText: 'a', insert: range(0, 1, 0, 50), replace: range(0, 0, 0, 3) } }],
    }) as { items: Array<{ textEdit: { insert: unknown; replace: unknown } }> };
    assert.deepEqual(list.items[0].textEdit, { newText: 'a', insert: range(0, 0, 0, 2), replace: range(0, 0, 0, 2) });
    const [symbol] = clampSymbols(document, [
      { name: 's', kind: 1, range: range(0, 0, 1, 40), selectionRange: range(2, 0, 2, 1) },
    ]);
    assert.deepEqual([symbol.range, symbol.selectionRange], [range(0, 0, 1, 2), range(1, 2, 1, 2)]);
    assert.deepEqual(
      clampFoldingRanges(document, [
        { startLine: 0, endLine: 99 },
        { startLine: 50, endLine: 60 },
      ]),
      [{ startLine: 0, endLine: 3 }],
    );
    // line 0 col 0 len 10 (cut to 2); line 1 col 5 (past "cd": dropped); line 2 col 0 len 2 (kept, delta from line 0).
    assert.deepEqual(
      clampSemanticTokens(document, [0, 0, 10, 1, 0, 1, 5, 1, 2, 0, 1, 0, 2, 3, 0]),
      [0, 0, 2, 1, 0, 2, 0, 2, 3, 0],
    );
  });

  it('a Deployment written with lone \\r line breaks gets diagnostics inside its lines', () => {
    const text = 'apiVersion: extensions/v1beta1\rkind: Deployment\rmetadata:\r  name: web\rspec:\r  replicas: "x"\r';
    const yaml = TextDocument.create('file:///cr.yaml', 'yaml', 1, text);
    const service = createLanguageService();
    const findings = service.validate(yaml);
    assert.ok(findings.length > 0);
    for (const found of findings) assert.ok(inside(yaml, found.range), JSON.stringify(found.range));
    assert.deepEqual(
      clampDiagnostics(yaml, findings.map(toDiagnostic)).map((diagnostic) => diagnostic.range),
      findings.map((found) => found.range),
    );
  });
});

describe('reliability: incremental changes that join \\r and \\n keep the line table right (issue 15, item 6, found by the fuzzer)', () => {
  it('typing \\n after a lone \\r, or deleting what stood between \\r and \\n, gives the lines a fresh document has', () => {
    const cases: Array<[string, Range, string]> = [
      ['a\rb', { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, '\n'],
      ['a\rX\nb', { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } }, ''],
      ['a\nb', { start: { line: 0, character: 1 }, end: { line: 0, character: 1 } }, 'x\r'],
    ];
    for (const [text, range, inserted] of cases) {
      const expected = TextDocument.applyEdits(TextDocument.create('file:///e', 'yaml', 1, text), [
        { range, newText: inserted },
      ]);
      const fresh = TextDocument.create('file:///e', 'yaml', 2, expected);
      const updated = LINE_SAFE_DOCUMENTS.update(
        TextDocument.create('file:///e', 'yaml', 1, text),
        [{ range, text: inserted }],
        2,
      );
      assert.equal(updated.getText(), expected);
      assert.equal(updated.lineCount, fresh.lineCount, JSON.stringify([text, inserted]));
      for (let offset = 0; offset <= expected.length; offset++)
        assert.deepEqual(updated.positionAt(offset), fresh.positionAt(offset));
    }
  });
});

describe('reliability: fix-all on a file with very many findings (issue 15, item 8)', () => {
  // A guard against the quadratic choice coming back, not a speed test (npm run bench measures speed): the bound is
  // generous enough for a loaded 2-core machine and still far below the quadratic's 20 s.
  it('chooses among 180,000 preferred fixes without going quadratic (it took 20 s)', () => {
    const findings = Array.from({ length: 180_000 }, (_, index) => ({
      code: 'x',
      message: 'x',
      range: range(index, 0, index, 1),
      fixes: [{ title: 'f', isPreferred: true, edits: [{ range: range(index, 0, index, index % 2), newText: 'y' }] }],
    }));
    // A fix that overlaps an earlier one waits for the next round, as before.
    findings.push({
      code: 'x',
      message: 'x',
      range: range(3, 0, 3, 1),
      fixes: [{ title: 'g', isPreferred: true, edits: [{ range: range(2, 0, 4, 0), newText: '' }] }],
    });
    const started = Date.now();
    const edits = nonOverlappingPreferredEdits(findings);
    assert.ok(Date.now() - started < 8000, `${Date.now() - started} ms`);
    assert.equal(edits.length, 180_000);
  });
});
