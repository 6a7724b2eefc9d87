import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { chunkAt, splitYamlDocuments } from '../../server/src/service/yaml/chunks';

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
