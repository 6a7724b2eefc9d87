import type {
  Connection,
  DidChangeTextDocumentParams,
  DidCloseTextDocumentParams,
  DidOpenTextDocumentParams,
  NotificationHandler,
  TextDocuments,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { HandlerGuard } from './guard';
import { isRange } from './params';

/**
 * `documents.listen(connection)`, with the document notifications checked first: a didOpen without text or a
 * didChange with a malformed change is dropped (and logged once) instead of creating a document whose text is
 * undefined, which every later request and validation would trip over.
 */
export function listenToDocuments(documents: TextDocuments<TextDocument>, connection: Connection, guard: HandlerGuard): void {
  const checked = <P>(method: string, handler: NotificationHandler<P>, problem: (params: P) => string | undefined) =>
    guard.notification<P>(method, (params) => {
      const found = problem(params);
      if (found) throw new Error(`ignored a malformed ${method}: ${found}`);
      return handler(params);
    });
  const facade = Object.create(connection) as Connection;
  facade.onDidOpenTextDocument = (handler) => connection.onDidOpenTextDocument(checked<DidOpenTextDocumentParams>('textDocument/didOpen', handler, openProblem));
  facade.onDidChangeTextDocument = (handler) =>
    connection.onDidChangeTextDocument(checked<DidChangeTextDocumentParams>('textDocument/didChange', handler, changeProblem));
  facade.onDidCloseTextDocument = (handler) =>
    connection.onDidCloseTextDocument(checked<DidCloseTextDocumentParams>('textDocument/didClose', handler, (params) => uriProblem(params?.textDocument)));
  documents.listen(facade);
}

function uriProblem(textDocument: { uri?: unknown } | undefined | null): string | undefined {
  return typeof textDocument?.uri === 'string' ? undefined : 'textDocument.uri is not a string';
}

function openProblem(params: DidOpenTextDocumentParams): string | undefined {
  const textDocument = params?.textDocument;
  return (
    uriProblem(textDocument) ??
    (typeof textDocument.text !== 'string' ? 'textDocument.text is not a string' : undefined) ??
    (typeof textDocument.languageId !== 'string' ? 'textDocument.languageId is not a string' : undefined) ??
    (typeof textDocument.version !== 'number' ? 'textDocument.version is not a number' : undefined)
  );
}

function changeProblem(params: DidChangeTextDocumentParams): string | undefined {
  const found = uriProblem(params?.textDocument) ?? (typeof params.textDocument.version !== 'number' ? 'textDocument.version is not a number' : undefined);
  if (found) return found;
  if (!Array.isArray(params.contentChanges)) return 'contentChanges is not an array';
  for (const change of params.contentChanges as unknown[]) {
    const { text, range } = (change ?? {}) as { text?: unknown; range?: unknown };
    if (typeof text !== 'string') return 'a content change has no text';
    if (range !== undefined && !isRange(range)) return 'a content change has a malformed range';
  }
  return undefined;
}
