import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { catalogueEntry, docsUrl } from './catalogue';
import type { Finding } from './types';

const links = new Map<string, string | undefined>();

/** A finding code's documentation page, computed once per code. */
function documentationLink(code: string): string | undefined {
  if (!links.has(code)) {
    const entry = catalogueEntry(code);
    links.set(code, entry ? docsUrl(entry) : undefined);
  }
  return links.get(code);
}

/** A finding as an LSP diagnostic: the fixes stay on the server; the code links to its documentation. */
export function toDiagnostic(found: Finding): Diagnostic {
  const { fixes: _fixes, ...diagnostic } = found;
  // Errors and warnings link to their documentation (Dockerfile rules to hadolint's and BuildKit's pages, always):
  // the link on each of thousands of hints and notes would cost a large file's every publish a third more JSON.
  if (
    diagnostic.codeDescription ||
    (found.severity !== DiagnosticSeverity.Error && found.severity !== DiagnosticSeverity.Warning)
  )
    return diagnostic;
  const href = documentationLink(found.code);
  return href ? { ...diagnostic, codeDescription: { href } } : diagnostic;
}
