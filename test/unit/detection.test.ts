import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { splitYamlDocuments } from '../../server/src/service/yaml/chunks';
import { codesAndRanges, validate, yaml } from '../helpers/service';

const fixtures = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'k8s');

describe('document splitting', () => {
  it("splits at --- lines only, keeping each document's line", () => {
    const text = 'a: 1\n---\nb: "---"\n--- # c\nc: |\n  ---x\n---\n';
    assert.deepEqual(
      splitYamlDocuments(text).map((chunk) => [chunk.line, chunk.offset, chunk.text]),
      [
        [0, 0, 'a: 1\n'],
        [1, 5, '---\nb: "---"\n'],
        [3, 18, '--- # c\nc: |\n  ---x\n'],
        [6, 38, '---\n'],
      ],
    );
  });
  it('does not split on ---- or on --- inside a line', () => {
    assert.equal(splitYamlDocuments('a: ---\n----\nb: 1\n').length, 1);
  });
});

describe('detection: only Deployment and HPA documents are checked', () => {
  for (const file of readdirSync(join(fixtures, 'good'))) {
    it(`known-good ${file} gives no diagnostics`, () => {
      assert.deepEqual(
        codesAndRanges(validate(readFileSync(join(fixtures, 'good', file), 'utf8'), { name: file })),
        [],
      );
    });
  }
  for (const file of readdirSync(join(fixtures, 'other'))) {
    it(`other YAML (${file}) is left alone`, () => {
      assert.deepEqual(validate(readFileSync(join(fixtures, 'other', file), 'utf8'), { name: file }), []);
    });
  }

  it('checks each document of a multi-document file on its own, with file line numbers', () => {
    const text = yaml`
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: x}
      data: {a: b}
      ---
      apiVersion: v1
      kind: Deployment
      metadata: {name: x}
      ---
      apiVersion: autoscaling/v2beta2
      kind: HorizontalPodAutoscaler
      metadata: {name: x}
      spec: {scaleTargetRef: {kind: Deployment, name: x, apiVersion: apps/v1}, maxReplicas: 3}
    `;
    assert.deepEqual(codesAndRanges(validate(text)), ['k8s/api-version@5:12-5:14', 'k8s/api-version@9:12-9:31']);
  });

  it('reports a YAML syntax error in a document that declares one of our kinds', () => {
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: [unclosed\n';
    const codes = validate(text).map((found) => found.code);
    assert.ok(codes.length > 0 && codes.every((code) => code === 'yaml/syntax'), codes.join());
  });

  it('says nothing about a syntax error in YAML that is not a manifest', () => {
    assert.deepEqual(validate('services:\n  web: [unclosed\n'), []);
  });
});
