import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { ShipshapeSettings } from '../../../common/src/contract';
import type { Finding } from './types';
import { SOURCE } from './types';

export const FILE_CODES = { tooLarge: 'shipshape/file-too-large' } as const;

/** The languages Shipshape serves, by VS Code language id. */
export type ShipshapeLanguage = 'yaml' | 'dockerfile';

/** Which of Shipshape's languages a document is in (by its language id), if any. */
export function languageOfDocument(document: TextDocument): ShipshapeLanguage | undefined {
  if (document.languageId === 'yaml') return 'yaml';
  if (document.languageId === 'dockerfile') return 'dockerfile';
  return undefined;
}

/** The document's language when its checks are enabled and the file is not over the size limit. */
export function enabledLanguage(document: TextDocument, settings: ShipshapeSettings): ShipshapeLanguage | undefined {
  const language = languageOfDocument(document);
  if (language === undefined || tooLarge(document, settings)) return undefined;
  if (language === 'yaml' && !settings.kubernetes.enable) return undefined;
  if (language === 'dockerfile' && !settings.dockerfile.enable) return undefined;
  return language;
}

/** Whether a document is over `shipshape.maxFileSizeMB` (it is then skipped, with one note). */
export function tooLarge(document: TextDocument, settings: ShipshapeSettings): boolean {
  return document.getText().length > settings.maxFileSizeMB * 1_048_576;
}

/** The one note on a file over the size limit. */
export function tooLargeFinding(document: TextDocument, settings: ShipshapeSettings): Finding {
  const megabytes = (document.getText().length / 1_048_576).toFixed(1);
  return {
    code: FILE_CODES.tooLarge,
    message: `Shipshape skipped this file: ${megabytes} MB is over the ${settings.maxFileSizeMB} MB limit (setting shipshape.maxFileSizeMB)`,
    severity: DiagnosticSeverity.Information,
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    source: SOURCE,
    fixes: [],
  };
}
