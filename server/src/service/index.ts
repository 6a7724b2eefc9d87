/**
 * The Shipshape language service: everything the LSP server, the CLI and other editors need, with no transport.
 * Light to import: the analysis engines are loaded on first use (engines.ts), the rule catalogue from './catalogue'.
 */
export { ShipshapeLanguageService, toDiagnostic, nonOverlappingPreferredEdits, FILE_CODES } from './languageService';
export type { ShipshapeLanguage, LanguageServiceOptions } from './languageService';
export type { InlineSchema, YamlSchemaLanguage, YamlSchemaLanguageFactory } from './yaml/schemaLanguage';
export { languageOfPath } from './languageOfPath';
export type { FileSystem, Finding, Fix } from './types';
export { NO_FILES, SOURCE } from './types';
export { runBackgroundWork, BACKGROUND_MIN_CHARS, type BackgroundWork, type BackgroundResult } from './backgroundWork';
export { applyEdits, matchLineEndings } from './common/applyEdits';
export { SEMANTIC_TOKEN_LEGEND } from './kubernetes/semanticTokenLegend';

import { ShipshapeLanguageService, type LanguageServiceOptions } from './languageService';

export function createLanguageService(options: LanguageServiceOptions = {}): ShipshapeLanguageService {
  return new ShipshapeLanguageService(options);
}
