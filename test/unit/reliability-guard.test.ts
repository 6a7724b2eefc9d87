import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { CancellationTokenSource, ErrorCodes, LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import { HandlerGuard } from '../../server/src/handlers/guard';

describe('reliability: the handler guard (issue 15, items 2, 5, 9)', () => {
  const token = () => new CancellationTokenSource().token;

  it('a library that throws inside completion gives the fallback (no items) and one log line for many throws', async () => {
    const logged: string[] = [];
    const guard = new HandlerGuard((message) => logged.push(message));
    const complete = guard.request(
      'textDocument/completion',
      async () => {
        throw new TypeError('Cannot convert undefined or null to object');
      },
      { value: { isIncomplete: false, items: [] } },
    );
    for (let round = 0; round < 3; round++)
      assert.deepEqual(await complete({}, token()), { isIncomplete: false, items: [] });
    assert.equal(logged.length, 1);
    assert.match(logged[0], /textDocument\/completion failed.*Cannot convert undefined or null to object/s);
  });

  it('without a fallback a throw is an InternalError response; InvalidParams passes through unlogged', async () => {
    const logged: string[] = [];
    const guard = new HandlerGuard((message) => logged.push(message));
    const failing = await guard.request('x', () => {
      throw new Error('boom');
    })({}, token());
    assert.ok(failing instanceof ResponseError && failing.code === ErrorCodes.InternalError);
    const invalid = await guard.request('y', () => {
      throw new ResponseError(ErrorCodes.InvalidParams, 'bad');
    })({}, token());
    assert.ok(invalid instanceof ResponseError && invalid.code === ErrorCodes.InvalidParams);
    assert.equal(logged.length, 1);
  });

  it('a request cancelled while it ran is answered as cancelled; a notification that rejects is logged, not thrown', async () => {
    const guard = new HandlerGuard(() => undefined);
    const source = new CancellationTokenSource();
    const answer = guard.request('textDocument/hover', async () => {
      source.cancel();
      return { contents: 'late' };
    })({}, source.token);
    const result = await answer;
    assert.ok(result instanceof ResponseError && result.code === LSPErrorCodes.RequestCancelled);
    const logged: string[] = [];
    const loud = new HandlerGuard((message) => logged.push(message));
    loud.notification('workspace/didChangeWatchedFiles', async () => {
      throw new TypeError("Cannot read properties of undefined (reading 'length')");
    })({});
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(logged.length, 1);
  });
});
