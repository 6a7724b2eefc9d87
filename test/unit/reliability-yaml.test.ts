import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { chunkAt, splitYamlDocuments } from '../../server/src/service/yaml/chunks';
import { MAX_YAML_NESTING, yamlNestingDepth } from '../../server/src/service/yaml/nesting';
import { ParsedYaml } from '../../server/src/service/yaml/parsedYaml';
import { createLanguageService } from '../../server/src/service';
import { yamlLanguageServer } from '../../server/src/yamlLanguageServer';
import { codesAndRanges, validate } from '../helpers/service';
import { fastestMs, fastestMsAsync } from '../helpers/timing';

const HEAD = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: deep\n';

function yamlFilesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? yamlFilesUnder(path) : /\.ya?ml$/.test(name) ? [path] : [];
  });
}

describe('reliability: YAML nested too deeply is noted once, never parsed (issue 15, item 5)', () => {
  it('10,000 nested block sequences (50 MB, the size limit raised): one information note, no stack overflow, one pass', () => {
    const text =
      HEAD + 'spec:\n' + Array.from({ length: 10_000 }, (_, level) => ' '.repeat(level) + '- ').join('\n') + 'x\n';
    const findings = validate(text, { settings: { maxFileSizeMB: 100 } });
    assert.deepEqual(codesAndRanges(findings), ['yaml/not-checked@0:0-0:19']);
    assert.equal(findings[0].severity, 3);
    // Not parsed: a few passes over the text, against one native scan of it (indexOf), measured alike: about 6 times
    // that; parsing it anyway (and dropping the result) took about 150 times.
    const validation = fastestMs(() => validate(text, { settings: { maxFileSizeMB: 100 } }), 3);
    const onePass = fastestMs(() => text.indexOf('\u0000'), 3);
    assert.ok(validation < 40 * onePass, `${validation.toFixed(1)} ms for 50 MB, one scan ${onePass.toFixed(1)} ms`);
  });

  it('400 nested block sequences (80 KB): noted as nested too deeply', () => {
    const text =
      HEAD + 'spec:\n' + Array.from({ length: 400 }, (_, level) => ' '.repeat(level) + '- ').join('\n') + 'x\n';
    assert.ok(text.length < 128 * 1024);
    const findings = validate(text);
    assert.deepEqual(codesAndRanges(findings), ['yaml/not-checked@0:0-0:19']);
    assert.match(findings[0].message, new RegExp(`nesting is deeper than ${MAX_YAML_NESTING} levels`));
  });

  it('10,000 sequence indicators on one line (`- - - … a`) and 10,000 flow brackets: one note each', () => {
    for (const body of [
      'spec: ' + '- '.repeat(10_000) + 'a\n',
      'spec: ' + '['.repeat(10_000) + ']'.repeat(10_000) + '\n',
    ]) {
      const findings = validate(HEAD + body);
      assert.deepEqual(codesAndRanges(findings), ['yaml/not-checked@0:0-0:19']);
    }
  });

  it("counts block levels, indicators and flow levels; a block scalar's indentation is text, not nesting", () => {
    // An estimate from above: a key and its `:` count as two levels.
    assert.equal(yamlNestingDepth('a: 1\n'), 2);
    assert.equal(yamlNestingDepth('a:\n  b:\n    c: 1\n'), 4);
    assert.equal(yamlNestingDepth('a:\n  - - x: [1, {b: 2}]\n'), 6);
    const script =
      'a: |\n' + Array.from({ length: 500 }, (_, level) => ' '.repeat(level + 2) + 'x').join('\n') + '\nb: 1\n';
    assert.equal(yamlNestingDepth(script), 2);
    assert.equal(yamlNestingDepth('a: "[[[[[[" # [[[[\n'), 2);
  });

  it('a 1 MB single-line flow map is noted once, not parsed (it took 6 s to validate and 7 s per completion)', async () => {
    const entries: string[] = [];
    for (let index = 0; entries.length * 60 < 1_048_576; index++)
      entries.push(`k${index}: {name: web${index}, image: "nginx:${index}", ports: [80]}`);
    const text = HEAD + 'spec: {template: {spec: {containers: [' + entries.join(', ') + ']}}}\n';
    const findings = validate(text);
    assert.deepEqual(codesAndRanges(findings), ['yaml/not-checked@0:0-0:19']);
    assert.match(findings[0].message, /KB is over the 128 KB it checks in one YAML document/);
    // Not parsed: a fraction of one linear pass over the text (estimating its nesting, measured alike); parsing it
    // took hundreds of times that.
    const onePass = fastestMs(() => yamlNestingDepth(text));
    const validation = fastestMs(() => validate(text), 3);
    assert.ok(
      validation < 20 * onePass,
      `validation took ${validation.toFixed(1)} ms, one pass ${onePass.toFixed(1)} ms`,
    );
    const service = createLanguageService({ schemaLanguage: yamlLanguageServer });
    let round = 0;
    // A new document each round: nothing the previous round kept answers for it.
    const requests = await fastestMsAsync(async () => {
      const document = TextDocument.create(`file:///flow${round++}.yaml`, 'yaml', 1, text);
      await service.complete(document, { line: 4, character: 500_000 });
      await service.hover(document, { line: 4, character: 500_000 });
    }, 3);
    assert.ok(
      requests < 20 * onePass,
      `completion and hover took ${requests.toFixed(1)} ms, one pass ${onePass.toFixed(1)} ms`,
    );
  });

  it('no real manifest comes near the limit (the fixtures)', () => {
    for (const path of yamlFilesUnder(join(__dirname, '..', '..', '..', 'test', 'fixtures'))) {
      assert.ok(yamlNestingDepth(readFileSync(path, 'utf8')) < 32, path);
    }
  });
});

describe('reliability: lines are counted as the editor counts them (issue 15, item 6)', () => {
  it('a lone \\r ends a line, U+2028 does not: documents split and positions agree with TextDocument', () => {
    const text = 'a: 1\r---\rkind: Deployment\u2028---\nx: 1\r\n---\r\ny: 2';
    const document = TextDocument.create('file:///t.yaml', 'yaml', 1, text);
    const chunks = splitYamlDocuments(text);
    assert.deepEqual(
      chunks.map((chunk) => [chunk.offset, chunk.line]),
      [
        [0, 0],
        [5, 1],
        [text.indexOf('---\r\n'), document.positionAt(text.indexOf('---\r\n')).line],
      ],
    );
    for (let line = 0; line < document.lineCount; line++) {
      const chunk = chunkAt(text, line, document.offsetAt({ line, character: 0 }));
      assert.deepEqual(
        chunk,
        [...chunks].reverse().find((candidate) => candidate.line <= line),
        `line ${line}`,
      );
    }
    const parsed = new ParsedYaml(text);
    for (let offset = 0; offset <= text.length; offset++) {
      const position = parsed.positionAt(offset);
      assert.deepEqual(
        document.positionAt(document.offsetAt(position)),
        position,
        `offset ${offset} gives a position inside the text`,
      );
      if (!(text[offset - 1] === '\r' && text[offset] === '\n'))
        assert.deepEqual(position, document.positionAt(offset), `offset ${offset}`);
    }
  });
});

describe('reliability: an alias inside its own anchor (found by the differential test)', () => {
  it('is checked without recursing for ever', () => {
    const text =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers: &c\n        - name: a\n          image: x:1\n          args: *c\n';
    const findings = createLanguageService().validate(TextDocument.create('file:///cyclic.yaml', 'yaml', 1, text));
    assert.ok(findings.every((found) => found.code !== 'shipshape/rule-failed'));
  });
});
