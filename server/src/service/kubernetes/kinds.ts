/**
 * The kinds Shipshape understands, the apiVersions that serve them, and the ones Kubernetes removed.
 * Source: the Kubernetes deprecated API migration guide (kubernetes.io/docs/reference/using-api/deprecation-guide/).
 */
export type KindName =
  | 'Deployment'
  | 'StatefulSet'
  | 'DaemonSet'
  | 'ReplicaSet'
  | 'Job'
  | 'CronJob'
  | 'Pod'
  | 'HorizontalPodAutoscaler'
  | 'Service'
  | 'PodDisruptionBudget';

/** The kinds whose object is, or holds, a pod template: every pod-spec rule applies to them. */
export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'ReplicaSet' | 'Job' | 'CronJob' | 'Pod';

export const WORKLOAD_KINDS: readonly WorkloadKind[] = [
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
  'CronJob',
  'Pod',
];

/** The workloads that keep pods running (restartPolicy Always, liveness/readiness probes make sense). */
export const LONG_RUNNING_KINDS: readonly WorkloadKind[] = [
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Pod',
];

/** The workloads with a `spec.selector` that must select their template's labels (apps/v1 requires it). */
export const SELECTOR_KINDS: readonly WorkloadKind[] = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'];

/** The kinds an HPA can scale that Shipshape indexes (the scale subresource; ReplicationController is not indexed). */
export const SCALABLE_KINDS: readonly WorkloadKind[] = ['Deployment', 'StatefulSet', 'ReplicaSet'];

export function isScalableKind(kind: unknown): kind is WorkloadKind {
  return (SCALABLE_KINDS as readonly unknown[]).includes(kind);
}

export function isWorkloadKind(kind: unknown): kind is WorkloadKind {
  return (WORKLOAD_KINDS as readonly unknown[]).includes(kind);
}

export interface KindInfo {
  kind: KindName;
  /** apiVersions the current API server serves for this kind, the preferred one first. */
  served: readonly string[];
  /** apiVersions that once served it, with the Kubernetes release that stopped serving them. */
  removed: Readonly<Record<string, string>>;
  /**
   * The generated schema that validates each served apiVersion. A kind whose schema is not bundled has none here:
   * it gets rules but no schema validation, completion or hover.
   */
  schemas: Readonly<Partial<Record<string, SchemaId>>>;
}

export type { BundledSchemaId as SchemaId } from './schemas';
import type { BundledSchemaId as SchemaId } from './schemas';

const APPS_1_16 = { 'extensions/v1beta1': '1.16', 'apps/v1beta1': '1.16', 'apps/v1beta2': '1.16' };

export const KINDS: Readonly<Record<KindName, KindInfo>> = {
  Deployment: {
    kind: 'Deployment',
    served: ['apps/v1'],
    removed: APPS_1_16,
    schemas: { 'apps/v1': 'deployment-apps-v1' },
  },
  StatefulSet: {
    kind: 'StatefulSet',
    served: ['apps/v1'],
    removed: { 'apps/v1beta1': '1.16', 'apps/v1beta2': '1.16' },
    schemas: { 'apps/v1': 'statefulset-apps-v1' },
  },
  DaemonSet: {
    kind: 'DaemonSet',
    served: ['apps/v1'],
    removed: { 'extensions/v1beta1': '1.16', 'apps/v1beta2': '1.16' },
    schemas: { 'apps/v1': 'daemonset-apps-v1' },
  },
  ReplicaSet: {
    kind: 'ReplicaSet',
    served: ['apps/v1'],
    removed: APPS_1_16,
    schemas: { 'apps/v1': 'replicaset-apps-v1' },
  },
  Job: { kind: 'Job', served: ['batch/v1'], removed: {}, schemas: { 'batch/v1': 'job-batch-v1' } },
  CronJob: {
    kind: 'CronJob',
    served: ['batch/v1'],
    removed: { 'batch/v1beta1': '1.25', 'batch/v2alpha1': '1.21' },
    schemas: { 'batch/v1': 'cronjob-batch-v1' },
  },
  Pod: { kind: 'Pod', served: ['v1'], removed: {}, schemas: { v1: 'pod-v1' } },
  Service: { kind: 'Service', served: ['v1'], removed: {}, schemas: { v1: 'service-v1' } },
  PodDisruptionBudget: {
    kind: 'PodDisruptionBudget',
    served: ['policy/v1'],
    removed: { 'policy/v1beta1': '1.25' },
    schemas: { 'policy/v1': 'pdb-policy-v1' },
  },
  HorizontalPodAutoscaler: {
    kind: 'HorizontalPodAutoscaler',
    served: ['autoscaling/v2', 'autoscaling/v1'],
    removed: { 'autoscaling/v2beta1': '1.25', 'autoscaling/v2beta2': '1.26' },
    schemas: { 'autoscaling/v2': 'hpa-autoscaling-v2', 'autoscaling/v1': 'hpa-autoscaling-v1' },
  },
};

export function isKindName(kind: unknown): kind is KindName {
  return typeof kind === 'string' && Object.prototype.hasOwnProperty.call(KINDS, kind);
}

/** The schema for a document, when one is bundled for its kind: see `schemaFor`. */
export function schemaIdFor(kind: KindName, apiVersion: string | undefined): SchemaId | undefined {
  const info = KINDS[kind];
  return (apiVersion !== undefined ? info.schemas[apiVersion] : undefined) ?? info.schemas[info.served[0]];
}

/** Whether a kind has a bundled schema: only those get schema validation, completion and hover. */
export function hasSchema(kind: KindName): boolean {
  return schemaIdFor(kind, undefined) !== undefined;
}

/**
 * The schema for a document: its own apiVersion's when served, else the preferred version's (so fields still get
 * checked). Only for kinds that have one (`hasSchema`).
 */
export function schemaFor(kind: KindName, apiVersion: string | undefined): SchemaId {
  const id = schemaIdFor(kind, apiVersion);
  if (id === undefined) throw new Error(`no bundled schema for ${kind}`);
  return id;
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
