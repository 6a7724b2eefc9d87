import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { Diagnostic, Message } from 'vscode-languageserver/node';
import { encodeMessage, MESSAGE_ENCODER } from '../../server/src/handlers/messageEncoding';

/** Diagnostics as the server makes them, with what JSON must escape and what is not ASCII. */
function diagnostics(count: number, tag = ''): Diagnostic[] {
  return Array.from({ length: count }, (_, index) => ({
    range: { start: { line: index, character: 2 }, end: { line: index, character: 10 } },
    message: `container "web-${index}${tag}" \\ has\nno probe: ✓ ünïcode ${'\u2028'} 🚢`,
    severity: ((index % 4) + 1) as Diagnostic['severity'],
    code: 'k8s/probes',
    source: 'shipshape',
    ...(index % 7 === 0
      ? {
          relatedInformation: [
            {
              location: {
                uri: 'file:///a/b.yaml',
                range: { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } },
              },
              message: 'here',
            },
          ],
          codeDescription: { href: 'https://example.com/#x' },
        }
      : {}),
  }));
}

function publish(uri: string, list: Diagnostic[], version?: number): Message {
  return {
    jsonrpc: '2.0',
    method: 'textDocument/publishDiagnostics',
    params: { uri, ...(version === undefined ? {} : { version }), diagnostics: list },
  } as Message;
}

/** What vscode-jsonrpc's own encoder would have sent, parsed. */
const expected = (message: Message): unknown => JSON.parse(JSON.stringify(message));
const decoded = (bytes: Uint8Array): unknown => JSON.parse(Buffer.from(bytes).toString('utf8'));

describe('publish encoding: the JSON of unchanged diagnostics is reused (handlers/messageEncoding.ts)', () => {
  it('encodes a large publish to the same message as JSON.stringify, escapes and non-ASCII included', () => {
    const message = publish('file:///work/"quoted" ä/x.yaml', diagnostics(200), 7);
    assert.deepEqual(decoded(encodeMessage(message)), expected(message));
  });

  it('reuses the diagnostics of the last publish and encodes new ones among them', () => {
    const first = diagnostics(150);
    assert.deepEqual(
      decoded(encodeMessage(publish('file:///x.yaml', first, 1))),
      expected(publish('file:///x.yaml', first, 1)),
    );
    // The next version: most objects the same, some replaced, some gone, the order changed.
    const next = [...first.slice(100), ...diagnostics(20, '-new'), ...first.slice(0, 60)];
    const message = publish('file:///x.yaml', next, 2);
    assert.deepEqual(decoded(encodeMessage(message)), expected(message));
  });

  it('copies the prefix and suffix shared with the last publish of the document whole, whatever changed between', () => {
    const uri = 'file:///shared.yaml';
    const base = diagnostics(300);
    const versions: Diagnostic[][] = [
      base,
      // An edit in one document: a few diagnostics in the middle replaced.
      [...base.slice(0, 140), ...diagnostics(3, '-edited'), ...base.slice(143)],
      // Lines added above: every diagnostic after the edit is new (shifted), the prefix is kept.
      [...base.slice(0, 140), ...diagnostics(160, '-shifted')],
      // Diagnostics only added at the start, then only removed at the end, then the same list again.
      [...diagnostics(2, '-first'), ...base.slice(0, 140), ...diagnostics(160, '-shifted')],
      base.slice(0, 100),
      base.slice(0, 100),
      // Nothing shared, then the very same list twice with one in the middle repeated.
      diagnostics(90, '-other'),
      [...base.slice(0, 50), base[10], ...base.slice(50, 120)],
    ];
    let version = 1;
    for (const list of versions) {
      const message = publish(uri, list, version++);
      assert.deepEqual(decoded(encodeMessage(message)), expected(message), `version ${version - 1}`);
    }
    // Another document's publishes in between do not mix with this one's.
    const other = publish('file:///other.yaml', diagnostics(100, '-b'), 1);
    assert.deepEqual(decoded(encodeMessage(other)), expected(other));
    const again = publish(uri, [...base.slice(0, 50), base[10], ...base.slice(50, 120), base[0]], version);
    assert.deepEqual(decoded(encodeMessage(again)), expected(again));
  });

  it('200 random edits of a list (splices of new, repeated and moved diagnostics) encode as JSON.stringify', () => {
    let seed = 7;
    const random = (below: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % below;
    };
    const pool = diagnostics(400);
    let list = pool.slice(0, 200);
    for (let round = 0; round < 200; round++) {
      const at = random(list.length + 1);
      const removed = random(Math.min(20, list.length - at) + 1);
      const added = Array.from({ length: random(20) }, (_, index) =>
        random(3) === 0 ? diagnostics(1, `-r${round}-${index}`)[0] : pool[random(pool.length)],
      );
      list = [...list.slice(0, at), ...added, ...list.slice(at + removed)];
      if (list.length < 64) list = [...list, ...pool.slice(0, 64)];
      const message = publish('file:///random.yaml', list, round);
      assert.deepEqual(decoded(encodeMessage(message)), expected(message), `round ${round}`);
    }
  });

  it("with reuseBuffers, writes a document's publishes into two buffers in turn, each right when it is made", () => {
    const uri = 'file:///reused.yaml';
    const pool = diagnostics(300);
    const made: Buffer[] = [];
    for (let round = 0; round < 12; round++) {
      // An edit in the middle document, as the server publishes it; round 6 grows the list past the buffers' room.
      const edited = diagnostics(round === 6 ? 120 : 3, `-edit${round}`);
      const list = [...pool.slice(0, 140), ...edited, ...pool.slice(143)];
      const message = publish(uri, list, round);
      const bytes = encodeMessage(message, true);
      assert.deepEqual(decoded(bytes), expected(message), `round ${round}`);
      made.push(bytes);
    }
    // From the third publish on, each is made in the memory of the publish before last, but for round 6, which
    // outgrew it and got a buffer of its own (that round 8 then writes into).
    for (let round = 2; round < 12; round++)
      assert.equal(
        made[round].buffer === made[round - 2].buffer,
        round !== 6,
        `round ${round} reuses the buffer of round ${round - 2}`,
      );
    // Without reuseBuffers (the default), every call returns memory of its own that later calls leave alone.
    const kept = publish(uri, pool, 20);
    const own = encodeMessage(kept);
    encodeMessage(publish(uri, pool.slice(1), 21));
    encodeMessage(publish(uri, pool.slice(2), 22));
    assert.deepEqual(decoded(own), expected(kept));
  });

  it('keeps the params in any key order, with no version and an empty envelope field', () => {
    const list = diagnostics(80);
    const message = {
      jsonrpc: '2.0',
      method: 'textDocument/publishDiagnostics',
      params: { diagnostics: list, uri: 'file:///y.yaml', version: undefined },
    } as unknown as Message;
    assert.deepEqual(decoded(encodeMessage(message)), expected(message));
  });

  it('encodes small publishes, requests and responses exactly as JSON.stringify', () => {
    const messages: Message[] = [
      publish('file:///z.yaml', diagnostics(3), 4),
      publish('file:///z.yaml', [], 5),
      {
        jsonrpc: '2.0',
        id: 3,
        method: 'textDocument/hover',
        params: { position: { line: 1, character: 2 } },
      } as Message,
      { jsonrpc: '2.0', id: 3, result: null } as Message,
    ];
    for (const message of messages)
      assert.equal(Buffer.from(encodeMessage(message)).toString('utf8'), JSON.stringify(message));
  });

  it("is vscode-jsonrpc's content encoder for application/json", async () => {
    const message = publish('file:///w.yaml', diagnostics(100), 9);
    assert.equal(MESSAGE_ENCODER.name, 'application/json');
    assert.deepEqual(decoded(await MESSAGE_ENCODER.encode(message, { charset: 'utf-8' })), expected(message));
  });
});
