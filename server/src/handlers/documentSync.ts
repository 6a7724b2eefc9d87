import type {
  Connection,
  DidChangeTextDocumentParams,
  DidCloseTextDocumentParams,
  DidOpenTextDocumentParams,
  NotificationHandler,
  TextDocumentContentChangeEvent,
  TextDocuments,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { HandlerGuard } from './guard';
import { isRange } from './params';

/**
 * `documents.listen(connection)`, with the document notifications checked first: a didOpen without text or a
 * didChange with a malformed change is dropped (and logged once) instead of creating a document whose text is
 * undefined, which every later request and validation would trip over.
 */
export function listenToDocuments(
  documents: TextDocuments<TextDocument>,
  connection: Connection,
  guard: HandlerGuard,
): void {
  const checked = <P>(method: string, handler: NotificationHandler<P>, problem: (params: P) => string | undefined) =>
    guard.notification<P>(method, (params) => {
      const found = problem(params);
      if (found) throw new Error(`ignored a malformed ${method}: ${found}`);
      return handler(params);
    });
  const facade = Object.create(connection) as Connection;
  facade.onDidOpenTextDocument = (handler) =>
    connection.onDidOpenTextDocument(checked<DidOpenTextDocumentParams>('textDocument/didOpen', handler, openProblem));
  facade.onDidChangeTextDocument = (handler) =>
    connection.onDidChangeTextDocument(
      checked<DidChangeTextDocumentParams>('textDocument/didChange', handler, changeProblem),
    );
  facade.onDidCloseTextDocument = (handler) =>
    connection.onDidCloseTextDocument(
      checked<DidCloseTextDocumentParams>('textDocument/didClose', handler, (params) =>
        uriProblem(params?.textDocument),
      ),
    );
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
  const found =
    uriProblem(params?.textDocument) ??
    (typeof params.textDocument.version !== 'number' ? 'textDocument.version is not a number' : undefined);
  if (found) return found;
  if (!Array.isArray(params.contentChanges)) return 'contentChanges is not an array';
  for (const change of params.contentChanges as unknown[]) {
    const { text, range } = (change ?? {}) as { text?: unknown; range?: unknown };
    if (typeof text !== 'string') return 'a content change has no text';
    if (range !== undefined && !isRange(range)) return 'a content change has a malformed range';
  }
  return undefined;
}

/**
 * TextDocument with one repair: an incremental change that joins a `\r` and a `\n` into one line break (typing
 * `\n` just after a lone `\r`, deleting what stood between them) leaves TextDocument's incremental line table one
 * line too long, and every position the server computes after it off by a line (issue 15, item 6). Such a change
 * rebuilds the document from its text; every other change stays incremental.
 */
export const LINE_SAFE_DOCUMENTS = {
  create: TextDocument.create,
  update(document: TextDocument, changes: TextDocumentContentChangeEvent[], version: number): TextDocument {
    let rebuild = false;
    for (const change of changes) {
      if (!('range' in change) || !change.range) {
        document = TextDocument.update(document, [change], version);
        continue;
      }
      const text = document.getText();
      const start = document.offsetAt(change.range.start);
      const end = document.offsetAt(change.range.end);
      const before = text[Math.min(start, end) - 1];
      const after = text[Math.max(start, end)];
      const inserted = change.text;
      if (
        (before === '\r' && (inserted.startsWith('\n') || (inserted === '' && after === '\n'))) ||
        (after === '\n' && inserted.endsWith('\r'))
      )
        rebuild = true;
      document = TextDocument.update(document, [change], version);
    }
    return rebuild ? TextDocument.create(document.uri, document.languageId, version, document.getText()) : document;
  },
};
