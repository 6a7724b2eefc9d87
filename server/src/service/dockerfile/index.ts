import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionList, DocumentSymbol, FoldingRange, FormattingOptions, Hover, Position, TextEdit } from 'vscode-languageserver-types';
import type { ShipshapeSettings } from '../../../../common/src/contract';
import type { Finding, FileSystem } from '../types';

/** One entry of the Dockerfile rule catalogue (README table, SARIF rule descriptions). */
export interface DockerfileRuleInfo {
  id: string;
  description: string;
}

/** Every Dockerfile rule id with its description. */
export const DOCKERFILE_RULES: readonly DockerfileRuleInfo[] = [];

/**
 * Dockerfile intelligence. Files next to the Dockerfile (`.hadolint.yaml`, `.dockerignore`) are read through the
 * injected file system, so the service stays pure and testable.
 */
export class DockerfileService {
  constructor(private readonly fileSystem: FileSystem) {}

  validate(document: TextDocument, settings: ShipshapeSettings): Finding[] {
    void document;
    void settings;
    void this.fileSystem;
    return [];
  }

  async complete(document: TextDocument, position: Position): Promise<CompletionList> {
    void document;
    void position;
    return { isIncomplete: false, items: [] };
  }

  async hover(document: TextDocument, position: Position): Promise<Hover | null> {
    void document;
    void position;
    return null;
  }

  symbols(document: TextDocument): DocumentSymbol[] {
    void document;
    return [];
  }

  foldingRanges(document: TextDocument): FoldingRange[] {
    void document;
    return [];
  }

  format(document: TextDocument, options: FormattingOptions): TextEdit[] {
    void document;
    void options;
    return [];
  }
}
