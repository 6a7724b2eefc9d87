import type { DiagnosticSeverity } from 'vscode-languageserver-types';

/** The README table a rule is listed in, and the part of the product it belongs to. */
export type RuleFamily =
  | 'kubernetes-structure'
  | 'kubernetes-deployment'
  | 'kubernetes-workloads'
  | 'kubernetes-hpa'
  | 'kubernetes-workspace'
  | 'dockerfile';

/** Where a Dockerfile rule's id and semantics come from. */
export type RuleOrigin = 'hadolint' | 'buildkit' | 'syntax';

/**
 * What every rule (and every other finding code) says about itself, whatever its family: the catalogue, SARIF, the
 * README's rule tables and the tests all read this. A rule adds its `check` beside it (per document, across files, or
 * per Dockerfile); a finding code that no rule object produces (schema, syntax, file size) is this alone.
 */
export interface RuleMeta {
  /** Stable id: the diagnostic's `code`, what settings, suppressions and pragmas name. */
  readonly id: string;
  readonly family: RuleFamily;
  readonly severity: DiagnosticSeverity;
  /** What it catches, one sentence of Markdown (the README's "what it catches" column, SARIF's description). */
  readonly description: string;
  /** What its fix does, when it has one; "suggestion: ..." for fixes that fix-all and --fix never apply. */
  readonly fix?: string;
  /** The upstream behaviour it mirrors (Kubernetes source, controller, or the peer checker): why it is this severity. */
  readonly reference?: string;
  /** Dockerfile rules: hadolint's, BuildKit's or Shipshape's own syntax checks. */
  readonly origin?: RuleOrigin;
  /** Off-by-default rules run only when configured. */
  readonly enabledByDefault?: false;
}
