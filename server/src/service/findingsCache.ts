import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ShipshapeSettings } from '../../../common/src/contract';
import type { Finding } from './types';

/**
 * Each open document's latest findings, with their fixes: what code actions and fix-all are served from, matched
 * by version. And findings made elsewhere (background work on a worker thread) waiting for the validation of their
 * version and settings to take them.
 */
export class FindingsCache {
  private readonly latest = new Map<string, { version: number; findings: Finding[] }>();
  private readonly adopted = new Map<string, { version: number; settings: ShipshapeSettings; findings: Finding[] }>();

  /** The findings of this version of the document, if it was validated. */
  latestFor(document: TextDocument): Finding[] | undefined {
    const latest = this.latest.get(document.uri);
    return latest && latest.version === document.version ? latest.findings : undefined;
  }

  remember(document: TextDocument, findings: Finding[]): void {
    this.latest.set(document.uri, { version: document.version, findings });
  }

  /** Findings made elsewhere for one version of a document, under these settings. */
  adopt(uri: string, version: number, settings: ShipshapeSettings, findings: Finding[]): void {
    this.adopted.set(uri, { version, settings, findings });
  }

  /** Whether findings made elsewhere wait for this version and these settings. */
  hasAdopted(document: TextDocument, settings: ShipshapeSettings): boolean {
    const adopted = this.adopted.get(document.uri);
    return adopted !== undefined && adopted.version === document.version && adopted.settings === settings;
  }

  /** The findings made elsewhere for this version and these settings, taken once (a later validation recomputes). */
  takeAdopted(document: TextDocument, settings: ShipshapeSettings): Finding[] | undefined {
    const adopted = this.hasAdopted(document, settings) ? this.adopted.get(document.uri)?.findings : undefined;
    this.adopted.delete(document.uri);
    return adopted;
  }

  forget(uri: string): void {
    this.latest.delete(uri);
    this.adopted.delete(uri);
  }
}
