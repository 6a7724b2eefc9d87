import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { Connection, TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ValidationScheduler } from '../../server/src/handlers/validation';
import type { ShipshapeLanguageService } from '../../server/src/service';

/** A scheduler over one open document, with a stand-in connection and service that log what happens to `events`. */
function schedulerWithEvents(text = 'kind: Deployment\n') {
  const document = TextDocument.create('file:///ws/a.yaml', 'yaml', 1, text);
  const events: string[] = [];
  const connection = {
    sendDiagnostics: async () => void events.push('published'),
    console: { error: (message: string) => events.push(`error ${message}`) },
  } as unknown as Connection;
  const documents = { get: () => document, all: () => [document] } as unknown as TextDocuments<TextDocument>;
  const service = {
    indexGeneration: 0,
    backgroundWork: () => undefined,
    validate: () => {
      events.push('validated');
      return [];
    },
  } as unknown as ShipshapeLanguageService;
  const scheduler = new ValidationScheduler(connection, documents, service);
  return { document, events, scheduler };
}

describe('validation waits for the answers the user waits on (handlers/validation.ts)', () => {
  it('a validation that fell due during a completion runs only after the answer has been written', async () => {
    const { document, events, scheduler } = schedulerWithEvents();
    await scheduler.whileAnswering(async () => {
      scheduler.request(document.uri);
      // The validation's quiet period ends while the completion is being answered (on a worker thread).
      await new Promise((resolve) => setTimeout(resolve, 40));
      return undefined;
    });
    // vscode-jsonrpc writes the answer from a setImmediate queued once the handler's promise has settled, as here.
    await new Promise<void>((resolve) =>
      setImmediate(() => {
        events.push('answer written');
        resolve();
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(events, ['answer written', 'validated', 'published']);
  });

  it('whenIdle waits for the validations pending or running, and runs at once when there are none', async () => {
    const { document, events, scheduler } = schedulerWithEvents();
    scheduler.request(document.uri);
    scheduler.whenIdle(() => events.push('idle'));
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.deepEqual(events, ['validated', 'published', 'idle']);
    scheduler.whenIdle(() => events.push('idle again'));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(events.slice(3), ['idle again']);
  });

  it('a large document is validated once per burst of edits, and at once after the last, with no timer', async () => {
    const { document, events, scheduler } = schedulerWithEvents(`kind: Deployment\n${'# padding\n'.repeat(30_000)}`);
    // As vscode-jsonrpc hands over queued messages: one per turn of the event loop, each from a setImmediate.
    await new Promise<void>((resolve) => {
      const deliver = (left: number) =>
        setImmediate(() => {
          scheduler.request(document.uri);
          events.push('edit');
          if (left > 1) deliver(left - 1);
          else resolve();
        });
      deliver(20);
    });
    // Validated within the two turns after the last edit: before a third has passed.
    await new Promise<void>((resolve) =>
      setImmediate(() => setImmediate(() => setImmediate(() => resolve(void events.push('three turns'))))),
    );
    assert.deepEqual(events, [...Array<string>(20).fill('edit'), 'validated', 'published', 'three turns']);
  });
});
