/** The Shipshape language service: everything the LSP server, the CLI and other editors need, with no transport. */
export { ShipshapeLanguageService, toDiagnostic, nonOverlappingPreferredEdits, FILE_CODES } from './languageService';
export type { ShipshapeLanguage } from './languageService';
export type { FileSystem, Finding, Fix } from './types';
export { NO_FILES, SOURCE } from './types';
export { applyEdits, matchLineEndings } from './common/applyEdits';
export { SCHEMA_CODES } from './kubernetes/schemaValidation';
export { YAML_CODES } from './kubernetes/analyze';
export { SEMANTIC_TOKEN_LEGEND } from './kubernetes/semanticTokens';
export { ruleCatalogue, ruleTable, docsUrl, FAMILY_TITLES, type RuleMeta, type RuleFamily } from './catalogue';

import { ruleCatalogue } from './catalogue';
import { KUBERNETES_RULES } from './kubernetes/rules';
import { ShipshapeLanguageService } from './languageService';
import type { FileSystem } from './types';

export { KUBERNETES_RULES };

export function createLanguageService(options: { fileSystem?: FileSystem } = {}): ShipshapeLanguageService {
  return new ShipshapeLanguageService(options);
}

/** Every rule id Shipshape reports, with its description (SARIF, docs): read from the one rule catalogue. */
export function ruleDescriptions(): Map<string, string> {
  return new Map(ruleCatalogue().map((entry): [string, string] => [entry.id, entry.description]));
}
