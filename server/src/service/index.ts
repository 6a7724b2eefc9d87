/** The Shipshape language service: everything the LSP server, the CLI and other editors need, with no transport. */
export { ShipshapeLanguageService, toDiagnostic, nonOverlappingPreferredEdits, FILE_CODES } from './languageService';
export type { ShipshapeLanguage } from './languageService';
export type { Finding, Fix } from './types';
export { SOURCE } from './types';
export { applyEdits } from './common/applyEdits';
export { KUBERNETES_RULES } from './kubernetes/rules';
export { SCHEMA_CODES } from './kubernetes/schemaValidation';
export { YAML_CODES } from './kubernetes/analyze';

import { ShipshapeLanguageService } from './languageService';

export function createLanguageService(): ShipshapeLanguageService {
  return new ShipshapeLanguageService();
}
