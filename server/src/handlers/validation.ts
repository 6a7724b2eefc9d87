import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { toDiagnostic, type ShipshapeLanguageService } from '../service';
import { clampDiagnostics } from './ranges';

/** Above this size a document's validation waits for a short pause in typing (see `request`). */
const LARGE_DOCUMENT = 256 * 1024;
const LARGE_DOCUMENT_PAUSE_MS = 15;

/**
 * Publishes diagnostics for open documents. Changes are coalesced: however many edits arrive before the next turn of
 * the event loop, one validation runs, on the latest version, and a result for a superseded version is dropped.
 * A large document (thousands of diagnostics to re-send) waits for a 15 ms pause in typing first, so that the
 * completion request that follows a keystroke is answered before the document is re-validated, not after.
 */
export class ValidationScheduler {
  private readonly pending = new Set<string>();
  private scheduled = false;
  private pause: NodeJS.Timeout | undefined;
  /** Requests being answered (completion, hover): validation waits for them, they are what the user waits on. */
  private answering = 0;

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly service: ShipshapeLanguageService,
    /** Files beside Dockerfiles, read asynchronously: a validation that asked for one not read yet is run again once it is. */
    private readonly nearbyFiles?: { readonly pending: boolean; settled(): Promise<void> },
  ) {}

  request(uri: string): void {
    this.pending.add(uri);
    const large = (this.documents.get(uri)?.getText().length ?? 0) > LARGE_DOCUMENT;
    if (large) {
      if (this.pause) clearTimeout(this.pause);
      this.pause = setTimeout(() => {
        this.pause = undefined;
        this.run();
      }, LARGE_DOCUMENT_PAUSE_MS);
    } else if (!this.scheduled && !this.pause) {
      this.scheduled = true;
      setImmediate(() => this.run());
    }
  }

  /** Runs a request handler; validation that falls due meanwhile waits until it has answered. */
  async whileAnswering<T>(handler: () => Promise<T>): Promise<T> {
    this.answering++;
    try {
      return await handler();
    } finally {
      this.answering--;
      if (this.answering === 0 && this.pending.size > 0 && !this.scheduled && !this.pause) {
        this.scheduled = true;
        setImmediate(() => this.run());
      }
    }
  }

  requestAll(): void {
    for (const document of this.documents.all()) this.request(document.uri);
  }

  private run(): void {
    this.scheduled = false;
    if (this.pause) return; // a large document is waiting for a pause: it runs everything pending then
    if (this.answering > 0) return; // whileAnswering runs it when the answer is out
    const uris = [...this.pending];
    this.pending.clear();
    const generation = this.service.indexGeneration;
    for (const uri of uris) {
      const document = this.documents.get(uri);
      if (!document) continue;
      try {
        const diagnostics = clampDiagnostics(document, this.service.validate(document).map(toDiagnostic));
        if (this.nearbyFiles?.pending) {
          // Published once the config and ignore files it asked for are read: no flicker of findings they turn off.
          void this.nearbyFiles.settled().then(() => this.request(uri));
          continue;
        }
        void this.connection.sendDiagnostics({ uri, version: document.version, diagnostics });
      } catch (error) {
        // A rule that throws must not take the server down: log it and keep serving the other documents.
        this.connection.console.error(`Validation of ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
    }
    // What these documents hold changed what other documents see (an HPA's Deployment, say): re-check those.
    if (this.service.indexGeneration !== generation) {
      for (const document of this.documents.all()) if (!uris.includes(document.uri)) this.request(document.uri);
    }
  }
}
