import type { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import type { DockerfileContext } from '../context';

/** Where a rule comes from: its id and semantics follow hadolint's wiki, BuildKit's checks, or Shipshape's syntax checks. */
export type RuleOrigin = 'hadolint' | 'buildkit' | 'syntax';

/**
 * A Dockerfile rule: a stable id (hadolint's `DL3007`, BuildKit's `UndefinedVar`, `dockerfile/...` for syntax),
 * a default severity, a one-line description, and a `check` that reads the shared, once-parsed file and returns
 * findings with exact ranges and, beside each, its fixes.
 */
export interface DockerfileRule {
  readonly id: string;
  readonly origin: RuleOrigin;
  readonly severity: DiagnosticSeverity;
  /** Off-by-default rules (as in hadolint's own defaults for version pinning) run only when configured. */
  readonly enabledByDefault?: false;
  readonly description: string;
  check(context: DockerfileContext): RuleFinding[];
}

const HADOLINT_WIKI = 'https://github.com/hadolint/hadolint/wiki/';
const BUILDKIT_DOCS = 'https://docs.docker.com/reference/build-checks/';

/** The documentation page of a rule, for the diagnostic's code link. */
export function ruleUrl(rule: DockerfileRule): string | undefined {
  if (rule.origin === 'hadolint') return HADOLINT_WIKI + rule.id;
  if (rule.origin === 'buildkit') return BUILDKIT_DOCS + rule.id.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase() + '/';
  return undefined;
}
