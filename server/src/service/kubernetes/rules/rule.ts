import type { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import type { KindName } from '../kinds';
import type { KnownManifest } from '../manifest';

/**
 * A Kubernetes rule: a stable id, a default severity, a one-line description (the README's rule table and SARIF
 * use it), the kinds it looks at, and a `check` that returns findings with exact ranges and, beside each, its fixes.
 */
export interface KubernetesRule {
  readonly id: string;
  readonly severity: DiagnosticSeverity;
  readonly description: string;
  readonly kinds: readonly KindName[];
  check(manifest: KnownManifest): RuleFinding[];
}
