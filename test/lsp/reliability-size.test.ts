import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { LspTestClient } from '../helpers/lspClient';

/** Every request answered within a second on files up to the size limit (issue 15, items 3 and 8). */
const SECOND = 1000;

describe('reliability: work bounded by size, every request answered within a second (items 3 and 8)', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start({});
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
  });

  async function timed(method: string, params: Record<string, unknown>, uri: string): Promise<number> {
    const started = Date.now();
    await client.connection.sendRequest(method, { textDocument: { uri }, ...params });
    return Date.now() - started;
  }

  it(
    'a 1 MB single-line flow map: one note, and completion and hover answer at once (they took 7 s)',
    { timeout: 60_000 },
    async () => {
      const entries: string[] = [];
      for (let index = 0; entries.length * 60 < 1_048_576; index++)
        entries.push(`k${index}: {name: web${index}, image: "nginx:${index}", ports: [80]}`);
      const text =
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {template: {spec: {containers: [' +
        entries.join(', ') +
        ']}}}\n';
      const uri = 'file:///ws/size/flow.yaml';
      const published = await client.open(uri, 'yaml', text);
      assert.deepEqual(
        published.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.severity]),
        [['yaml/not-checked', 3]],
      );
      for (const character of [10, 500_000, 1_000_000]) {
        assert.ok((await timed('textDocument/completion', { position: { line: 3, character } }, uri)) < SECOND);
        assert.ok((await timed('textDocument/hover', { position: { line: 3, character } }, uri)) < SECOND);
      }
    },
  );

  it(
    'a 430 KB Deployment (25,000 labels): completion and hover answer at once (they took 10 to 19 s)',
    { timeout: 60_000 },
    async () => {
      const labels = Array.from({ length: 25_000 }, (_, index) => `    k${index}: v${index}\n`).join('');
      const text = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n  labels:\n${labels}spec:\n  replicas: 1\n`;
      const uri = 'file:///ws/size/labels.yaml';
      await client.open(uri, 'yaml', text);
      assert.ok((await timed('textDocument/completion', { position: { line: 25_006, character: 2 } }, uri)) < SECOND);
      assert.ok((await timed('textDocument/hover', { position: { line: 1, character: 2 } }, uri)) < SECOND);
    },
  );

  it(
    'a 1.2 MB Dockerfile: a note says which features are off, and every request answers at once (they took 2 to 20 s)',
    { timeout: 120_000 },
    async () => {
      const text =
        'FROM debian\n' +
        Array.from({ length: 30_000 }, (_, index) => `RUN apt-get install -y curl${index} && cd /tmp\n`).join('');
      const uri = 'file:///ws/size/Dockerfile';
      const published = await client.open(uri, 'dockerfile', text);
      assert.equal(published.diagnostics[0].code, 'shipshape/large-file');
      const requests: Array<[string, Record<string, unknown>]> = [
        ['textDocument/completion', { position: { line: 5, character: 3 } }],
        ['textDocument/hover', { position: { line: 5, character: 1 } }],
        ['textDocument/documentSymbol', {}],
        ['textDocument/foldingRange', {}],
        ['textDocument/formatting', { options: { tabSize: 4, insertSpaces: true } }],
        [
          'textDocument/codeAction',
          {
            range: { start: { line: 0, character: 0 }, end: { line: 30_001, character: 0 } },
            context: { diagnostics: [], only: ['source.fixAll'] },
          },
        ],
      ];
      for (const [method, params] of requests) {
        const took = await timed(method, params, uri);
        assert.ok(took < SECOND, `${method} took ${took} ms`);
      }
    },
  );
});
