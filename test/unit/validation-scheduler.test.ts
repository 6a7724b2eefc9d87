import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { Connection, TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ValidationScheduler } from '../../server/src/handlers/validation';
import type { ShipshapeLanguageService } from '../../server/src/service';

/** A scheduler over one open document, with a stand-in connection and service that log what happens to `events`. */
function schedulerWithEvents() {
  const document = TextDocument.create('file:///ws/a.yaml', 'yaml', 1, 'kind: Deployment\n');
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
});
