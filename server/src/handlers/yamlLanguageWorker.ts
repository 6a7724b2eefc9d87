// The worker thread of handlers/schemaLanguageWorker.ts (its own bundle: server/out/yamlLanguageWorker.js):
// yaml-language-server's completion and hover, loaded here, in parallel with the server's start-up, not on its
// main thread. Messages: the schemas once, then completion and hover requests, answered in order.
import { parentPort } from 'node:worker_threads';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position } from 'vscode-languageserver-types';
import type { InlineSchema, YamlSchemaLanguage } from '../service';
import { yamlLanguageServer } from '../yamlLanguageServer';

export type SchemaLanguageMessage =
  | { type: 'schemas'; schemas: InlineSchema[] }
  | { type: 'complete' | 'hover'; id: number; uri: string; version: number; text: string; position: Position };

let language: YamlSchemaLanguage | undefined;

parentPort?.on('message', (message: SchemaLanguageMessage) => {
  if (message.type === 'schemas') {
    language = yamlLanguageServer(message.schemas);
    return;
  }
  const { id } = message;
  const document = TextDocument.create(message.uri, 'yaml', message.version, message.text);
  const answer = async () => {
    if (!language) throw new Error('no schemas yet');
    return message.type === 'complete'
      ? await language.complete(document, message.position)
      : await language.hover(document, message.position);
  };
  answer().then(
    (result) => parentPort?.postMessage({ id, result: result ?? null }),
    (error: unknown) =>
      parentPort?.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
