import type { RuleMeta } from '../../catalogue/ruleMeta';
import type { RuleFinding } from '../../types';
import type { KindName } from '../kinds';
import type { KnownManifest } from '../manifest';
import type { KubernetesVersion } from '../../../../../common/src/contract';

/**
 * A Kubernetes rule: a stable id, a default severity, a one-line description (the README's rule table and SARIF
 * use it), the kinds it looks at, and a `check` that returns findings with exact ranges and, beside each, its fixes.
 */
export interface KubernetesRule extends RuleMeta {
  readonly family: 'kubernetes-structure' | 'kubernetes-deployment' | 'kubernetes-workloads' | 'kubernetes-hpa';
  readonly kinds: readonly KindName[];
  check(manifest: KnownManifest, target?: RuleTarget): RuleFinding[];
}

/** What a rule may need beyond the document: the Kubernetes version checked against (newest bundled if unset). */
export interface RuleTarget {
  kubernetesVersion: KubernetesVersion;
  /** Image names whose tag a kustomization that builds the document sets (DocumentContext.taggedImages). */
  taggedImages?: readonly string[];
  /** The document is a Kustomize patch: what it leaves out, the object it patches may have (DocumentContext.partial). */
  partial?: boolean;
}
