/** The Shipshape language service: everything the LSP server, the CLI and other editors need, with no transport. */
export { ShipshapeLanguageService, toDiagnostic, nonOverlappingPreferredEdits, FILE_CODES } from './languageService';
export type { ShipshapeLanguage, LanguageServiceOptions } from './languageService';
export type { InlineSchema, YamlSchemaLanguage, YamlSchemaLanguageFactory } from './yaml/schemaLanguage';
export { languageOfPath } from './languageOfPath';
export type { FileSystem, Finding, Fix } from './types';
export { NO_FILES, SOURCE } from './types';
export { runBackgroundWork, BACKGROUND_MIN_CHARS, type BackgroundWork, type BackgroundResult } from './backgroundWork';
export { applyEdits, matchLineEndings } from './common/applyEdits';
export { SCHEMA_CODES } from './kubernetes/schemaValidation';
export { YAML_CODES } from './kubernetes/analyze';
export { SEMANTIC_TOKEN_LEGEND } from './kubernetes/semanticTokens';
export { ruleCatalogue, ruleTable, docsUrl, FAMILY_TITLES, type RuleMeta, type RuleFamily } from './catalogue';

import { ruleCatalogue } from './catalogue';
import { KUBERNETES_RULES } from './kubernetes/rules';
import { ShipshapeLanguageService, type LanguageServiceOptions } from './languageService';

export { KUBERNETES_RULES };

export function createLanguageService(options: LanguageServiceOptions = {}): ShipshapeLanguageService {
  return new ShipshapeLanguageService(options);
}

/** Every rule id Shipshape reports, with its description (SARIF, docs): read from the one rule catalogue. */
export function ruleDescriptions(): Map<string, string> {
  return new Map(ruleCatalogue().map((entry): [string, string] => [entry.id, entry.description]));
}
