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

/**
 * Each finding's diagnostic, made once: a large file's findings are the same objects from one validation to the next
 * (cached per document), and so are then its diagnostics, which the server passes on as they are (ranges.ts).
 */
const diagnostics = new WeakMap<Finding, Diagnostic>();

/** A finding as an LSP diagnostic: the fixes stay on the server; the code links to its documentation. */
export function toDiagnostic(found: Finding): Diagnostic {
  let diagnostic = diagnostics.get(found);
  if (!diagnostic) {
    diagnostic = diagnosticOf(found);
    diagnostics.set(found, diagnostic);
  }
  return diagnostic;
}

function diagnosticOf(found: Finding): Diagnostic {
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
