import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionList, Hover, Position } from 'vscode-languageserver-types';

/**
 * The port to a YAML language service that completes and hovers from JSON schemas: what Shipshape's completion and
 * hover use of yaml-language-server, and no more. The service stays free of LSP libraries: the implementation
 * (server/src/yamlLanguageServer.ts, which imports yaml-language-server) is injected by whoever creates the service
 * (server.ts, the tests), and the CLI, which neither completes nor hovers, never loads it.
 */
export interface YamlSchemaLanguage {
  complete(document: TextDocument, position: Position): Promise<CompletionList | null | undefined>;
  hover(document: TextDocument, position: Position): Promise<Hover | null | undefined>;
}

/** A schema, inline, and the document URIs it applies to (`*.deployment-apps-v1.yaml`). */
export interface InlineSchema {
  uri: string;
  fileMatch: string[];
  schema: unknown;
}

/**
 * Makes the YAML language for the bundled schemas; called once, on the first completion or hover, so that an
 * implementation may load its library only then (server start-up stays fast).
 */
export type YamlSchemaLanguageFactory = (schemas: InlineSchema[]) => YamlSchemaLanguage | Promise<YamlSchemaLanguage>;

/** Without a YAML language: schema completion and hover offer nothing (the CLI). */
export const NO_SCHEMA_LANGUAGE: YamlSchemaLanguageFactory = () => ({
  complete: async () => undefined,
  hover: async () => undefined,
});
