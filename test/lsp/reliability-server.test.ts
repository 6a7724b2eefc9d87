import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { CodeActionRequest, CompletionRequest, HoverRequest, ResponseError } from 'vscode-languageserver-protocol';
import { LspTestClient } from '../helpers/lspClient';

/** The JSON-RPC error codes the server must answer bad requests with (LSP spec). */
const INVALID_PARAMS = -32602;

async function errorOf(promise: Promise<unknown>): Promise<ResponseError<unknown> | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return error as ResponseError<unknown>;
  }
}

describe('reliability: the server survives bad notifications and requests (issue 15)', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start({}, { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } });
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
  });

  it(
    'a didOpen without text, then a watched .hadolint.yaml change, does not end the server (item 2)',
    { timeout: 15_000 },
    async () => {
      await client.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri: 'file:///ws/notext/Dockerfile', languageId: 'dockerfile', version: 1 },
      });
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [{ uri: 'file:///ws/notext/.hadolint.yaml', type: 2 }],
      });
      // Still answering, and still validating other documents.
      const published = await client.open('file:///ws/notext/ok/Dockerfile', 'dockerfile', 'FROM alpine:3.20\n');
      assert.equal(published.version, 1);
      assert.ok(client.alive);
    },
  );

  it(
    'a didChange with a change that has no text, or a null range, leaves the server serving (item 2)',
    { timeout: 15_000 },
    async () => {
      const uri = 'file:///ws/badchange/Dockerfile';
      await client.open(uri, 'dockerfile', 'FROM alpine:3.20\n');
      await client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: 2 },
        contentChanges: [{ range: null, text: 'x' }, {}],
      });
      await client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: 3 },
        contentChanges: [{ text: 'FROM alpine:3.21\n' }],
      });
      const list = await client.connection.sendRequest(CompletionRequest.type, {
        textDocument: { uri },
        position: { line: 0, character: 4 },
      });
      assert.ok(list);
      assert.ok(client.alive);
    },
  );

  it('null positions and ranges are answered with InvalidParams, not internal errors (item 10)', async () => {
    const uri = 'file:///ws/params/deploy.yaml';
    await client.open(uri, 'yaml', 'apiVersion: apps/v1\nkind: Deployment\n');
    for (const [method, params] of [
      [CompletionRequest.method, { textDocument: { uri }, position: null }],
      [HoverRequest.method, { textDocument: { uri }, position: { line: null, character: 0 } }],
      [HoverRequest.method, { textDocument: null, position: { line: 0, character: 0 } }],
      [
        CodeActionRequest.method,
        { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
      ],
      [CodeActionRequest.method, { textDocument: { uri }, range: null, context: { diagnostics: [] } }],
      [
        CodeActionRequest.method,
        {
          textDocument: { uri },
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          context: { diagnostics: null },
        },
      ],
      ['textDocument/formatting', { textDocument: { uri }, options: null }],
    ] as const) {
      const error = await errorOf(client.connection.sendRequest(method, params));
      assert.equal(error?.code, INVALID_PARAMS, `${method} ${JSON.stringify(params)}: ${error?.message}`);
    }
    assert.ok(client.alive);
  });
});
