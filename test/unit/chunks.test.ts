import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { chunkAt, splitEditedYamlDocuments, splitYamlDocuments } from '../../server/src/service/yaml/chunks';

/** chunkAt must agree with the full split for every line of the text. */
function assertAgreesWithSplit(text: string): void {
  const chunks = splitYamlDocuments(text);
  let lineStart = 0;
  const lines = text.split('\n');
  for (let line = 0; line < lines.length; line++) {
    const expected = [...chunks].reverse().find((chunk) => chunk.line <= line)!;
    assert.deepEqual(chunkAt(text, line, lineStart), expected, `line ${line} of ${JSON.stringify(text)}`);
    lineStart += lines[line].length + 1;
  }
}

describe('the document under the cursor (chunkAt)', () => {
  it('finds it below a blank first line (regression: it looped for ever)', () => {
    assertAgreesWithSplit('\nkind: Deployment\nmetadata:\n  name: a\n');
  });

  it('finds it below several blank lines, CRLF lines and a lone newline', () => {
    assertAgreesWithSplit('\n\n\nkind: Deployment\n');
    assertAgreesWithSplit('\r\n\r\nkind: Deployment\r\n---\r\nkind: HorizontalPodAutoscaler\r\n');
    assertAgreesWithSplit('\n');
    assertAgreesWithSplit('');
  });

  it('finds the second and third documents of a file', () => {
    assertAgreesWithSplit('\nkind: A\n---\n\nkind: B\n---\nkind: C\n\n');
  });
});

describe('splitting an edited file from its previous split (splitEditedYamlDocuments)', () => {
  const pieces = [
    '---\n',
    '---',
    '--- # c\n',
    '----\n',
    'kind: A\n',
    'a: 1\r\n',
    '\r',
    '\n',
    'x',
    '-',
    ' ',
    'b: "---"\n',
  ];
  /** A small deterministic generator: the same cases on every run. */
  let seed = 7;
  const random = (below: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % below;
  };
  const randomText = (parts: number) => Array.from({ length: parts }, () => pieces[random(pieces.length)]).join('');

  it('equals a fresh split after random insertions, deletions and replacements', () => {
    for (let round = 0; round < 3000; round++) {
      const before = randomText(1 + random(25));
      const start = random(before.length + 1);
      const end = start + random(Math.min(6, before.length - start + 1));
      const after = before.slice(0, start) + randomText(random(3)) + before.slice(end);
      const previous = { text: before, chunks: splitYamlDocuments(before) };
      assert.deepEqual(
        splitEditedYamlDocuments(after, previous),
        splitYamlDocuments(after),
        `${JSON.stringify(before)} -> ${JSON.stringify(after)}`,
      );
    }
  });

  it('keeps the unchanged documents as they were (the same strings), and moves those after the edit', () => {
    const before = 'kind: A\n---\nkind: B\n---\nkind: C\n';
    const previous = { text: before, chunks: splitYamlDocuments(before) };
    const after = before.replace('kind: B', 'kind: B\nx: 1');
    const chunks = splitEditedYamlDocuments(after, previous);
    assert.deepEqual(chunks, splitYamlDocuments(after));
    assert.equal(chunks[0], previous.chunks[0]);
    assert.equal(chunks[2].text, previous.chunks[2].text);
    assert.equal(chunks[2].line, previous.chunks[2].line + 1);
  });
});
