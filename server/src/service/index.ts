/** The Shipshape language service: everything the LSP server, the CLI and other editors need, with no transport. */
export { ShipshapeLanguageService, toDiagnostic, nonOverlappingPreferredEdits, FILE_CODES } from './languageService';
export type { ShipshapeLanguage } from './languageService';
export type { FileSystem, Finding, Fix } from './types';
export { NO_FILES, SOURCE } from './types';
export { applyEdits, matchLineEndings } from './common/applyEdits';
export { SCHEMA_CODES } from './kubernetes/schemaValidation';
export { YAML_CODES } from './kubernetes/analyze';
export { SEMANTIC_TOKEN_LEGEND } from './kubernetes/semanticTokens';

import { DOCKERFILE_RULES } from './dockerfile';
import { KUBERNETES_RULES } from './kubernetes/rules';
import { ShipshapeLanguageService } from './languageService';
import type { FileSystem } from './types';

export { KUBERNETES_RULES };

export function createLanguageService(options: { fileSystem?: FileSystem } = {}): ShipshapeLanguageService {
  return new ShipshapeLanguageService(options);
}

/** Every rule id Shipshape reports, with a one-line description (SARIF, docs). */
export function ruleDescriptions(): Map<string, string> {
  return new Map([
    ...KUBERNETES_RULES.map((rule): [string, string] => [rule.id, rule.description]),
    ['k8s/schema-required', 'A required field is missing.'],
    ['k8s/schema-unknown-field', 'A key the Kubernetes schema does not have.'],
    ['k8s/schema-type', 'A value of the wrong type.'],
    ['k8s/schema-enum', 'A value outside the allowed set.'],
    ['yaml/syntax', 'Broken YAML in a Kubernetes document.'],
    ['yaml/alias-limit', 'A document whose aliases expand too far (alias bomb).'],
    ['yaml/not-checked', 'A document too large or too deeply nested to check (information).'],
    ['shipshape/file-too-large', 'The file is over the size limit and was not analysed.'],
    ...DOCKERFILE_RULES.map((rule): [string, string] => [rule.id, rule.description]),
  ]);
}
