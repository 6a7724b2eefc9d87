import type { Diagnostic, DiagnosticSeverity, Range, TextEdit } from 'vscode-languageserver-types';

/** A quick fix: a title and the text edits that make it, in the coordinates of the document it was found in. */
export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The one fix that is clearly right: VS Code's auto-fix and `shipshape check --fix` apply only these. */
  isPreferred?: boolean;
  /**
   * The same fix as one insertion in snippet syntax (`cpu: ${1:100m}`), for editors that can insert snippets: the user
   * tabs through the placeholders instead of hunting for them. `edits` stays the plain version (CLI, other editors).
   */
  snippet?: TextEdit;
}

/** A diagnostic with the fixes that resolve it. `code` is always a stable string id (`k8s/api-version`, `DL3007`). */
export interface Finding extends Diagnostic {
  code: string;
  fixes: Fix[];
}

/** What a rule reports before the rule's id, severity and source are stamped on it. */
export interface RuleFinding {
  range: Range;
  message: string;
  fixes?: Fix[];
  /** Overrides the rule's default severity for this one finding. */
  severity?: DiagnosticSeverity;
  /** Extra, rule-specific facts (machine-readable; shown in JSON output). */
  data?: Record<string, unknown>;
  /**
   * Dockerfile: another (0-based) line whose suppression pragmas silence this finding too, when the peers report the
   * same finding at different instructions (a duplicate CMD: BuildKit at the ignored one, hadolint at the next).
   */
  pragmaLine?: number;
}

export { DIAGNOSTIC_SOURCE as SOURCE } from '../../../common/src/contract';

/**
 * Read-only access to files beside the one being checked (`.dockerignore`, `.hadolint.yaml`, config files). The
 * server and the CLI pass the real disk; tests pass a map. Returns undefined for a missing or unreadable file.
 */
export interface FileSystem {
  readFile(path: string): string | undefined;
}

export const NO_FILES: FileSystem = { readFile: () => undefined };
