import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { toDiagnostic, type ShipshapeLanguageService } from '../service';

/**
 * Publishes diagnostics for open documents. Changes are coalesced: however many edits arrive before the next turn of
 * the event loop, one validation runs, on the latest version, and a result for a superseded version is dropped.
 */
export class ValidationScheduler {
  private readonly pending = new Set<string>();
  private scheduled = false;

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly service: ShipshapeLanguageService,
  ) {}

  request(uri: string): void {
    this.pending.add(uri);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.run());
    }
  }

  requestAll(): void {
    for (const document of this.documents.all()) this.request(document.uri);
  }

  private run(): void {
    this.scheduled = false;
    const uris = [...this.pending];
    this.pending.clear();
    const generation = this.service.indexGeneration;
    for (const uri of uris) {
      const document = this.documents.get(uri);
      if (!document) continue;
      try {
        const diagnostics = this.service.validate(document).map(toDiagnostic);
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
