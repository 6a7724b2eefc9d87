/**
 * The kinds Shipshape understands, the apiVersions that serve them, and the ones Kubernetes removed.
 * Source: the Kubernetes deprecated API migration guide (kubernetes.io/docs/reference/using-api/deprecation-guide/).
 */
export type KindName = 'Deployment' | 'HorizontalPodAutoscaler';

export interface KindInfo {
  kind: KindName;
  /** apiVersions the current API server serves for this kind, the preferred one first. */
  served: readonly string[];
  /** apiVersions that once served it, with the Kubernetes release that stopped serving them. */
  removed: Readonly<Record<string, string>>;
  /** The generated schema that validates each served apiVersion. */
  schemas: Readonly<Record<string, SchemaId>>;
}

export type SchemaId = 'deployment-apps-v1' | 'hpa-autoscaling-v2' | 'hpa-autoscaling-v1';

export const KINDS: Readonly<Record<KindName, KindInfo>> = {
  Deployment: {
    kind: 'Deployment',
    served: ['apps/v1'],
    removed: { 'extensions/v1beta1': '1.16', 'apps/v1beta1': '1.16', 'apps/v1beta2': '1.16' },
    schemas: { 'apps/v1': 'deployment-apps-v1' },
  },
  HorizontalPodAutoscaler: {
    kind: 'HorizontalPodAutoscaler',
    served: ['autoscaling/v2', 'autoscaling/v1'],
    removed: { 'autoscaling/v2beta1': '1.25', 'autoscaling/v2beta2': '1.26' },
    schemas: { 'autoscaling/v2': 'hpa-autoscaling-v2', 'autoscaling/v1': 'hpa-autoscaling-v1' },
  },
};

export function isKindName(kind: unknown): kind is KindName {
  return kind === 'Deployment' || kind === 'HorizontalPodAutoscaler';
}

/** The schema for a document: its own apiVersion's when served, else the preferred version's (so fields still get checked). */
export function schemaFor(kind: KindName, apiVersion: string | undefined): SchemaId {
  const info = KINDS[kind];
  return (apiVersion !== undefined ? info.schemas[apiVersion] : undefined) ?? info.schemas[info.served[0]];
}

/**
 * Whether an apiVersion could be Kubernetes' own. A `Deployment` of `argoproj.io/v1alpha1` or another CRD group is
 * somebody else's kind that happens to share the name, and Shipshape leaves it alone.
 */
export function isKubernetesGroup(apiVersion: string | undefined): boolean {
  if (apiVersion === undefined) return true;
  const slash = apiVersion.indexOf('/');
  if (slash === -1) return true;
  const group = apiVersion.slice(0, slash);
  return !group.includes('.') || group.endsWith('.k8s.io');
}
