import type { RuleMeta, RuleOrigin } from '../../catalogue/ruleMeta';
import type { RuleFinding } from '../../types';
import type { DockerfileContext } from '../context';

export type { RuleOrigin } from '../../catalogue/ruleMeta';

/**
 * A Dockerfile rule: a stable id (hadolint's `DL3007`, BuildKit's `UndefinedVar`, `dockerfile/...` for syntax),
 * a default severity, a one-line description, and a `check` that reads the shared, once-parsed file and returns
 * findings with exact ranges and, beside each, its fixes. Its family is always `dockerfile` (the catalogue adds it).
 */
export interface DockerfileRule extends Omit<RuleMeta, 'family'> {
  readonly origin: RuleOrigin;
  check(context: DockerfileContext): RuleFinding[];
}

const HADOLINT_WIKI = 'https://github.com/hadolint/hadolint/wiki/';
const BUILDKIT_DOCS = 'https://docs.docker.com/reference/build-checks/';

/** The documentation page of a rule, for the diagnostic's code link. */
export function ruleUrl(rule: DockerfileRule): string | undefined {
  if (rule.origin === 'hadolint') return HADOLINT_WIKI + rule.id;
  if (rule.origin === 'buildkit')
    return BUILDKIT_DOCS + rule.id.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase() + '/';
  return undefined;
}
