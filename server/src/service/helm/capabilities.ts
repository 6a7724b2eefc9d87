import { compareKubernetesVersions, type KubernetesVersion } from '../../../../common/src/contract';
import { KINDS } from '../kubernetes/kinds';

/** A kind as Kubernetes serves it: the apiVersions that serve it now, and the ones removed with their release. */
interface ServedKind {
  kind: string;
  served: readonly string[];
  removed: Readonly<Record<string, string>>;
}

/**
 * Kinds charts probe with `.Capabilities.APIVersions.Has "group/version/Kind"` that Shipshape does not check (so
 * `KINDS` does not list them). Source, as for `KINDS`: the Kubernetes deprecated API migration guide.
 */
const OTHER_PROBED_KINDS: readonly ServedKind[] = [
  {
    kind: 'Ingress',
    served: ['networking.k8s.io/v1'],
    removed: { 'extensions/v1beta1': '1.22', 'networking.k8s.io/v1beta1': '1.22' },
  },
  { kind: 'IngressClass', served: ['networking.k8s.io/v1'], removed: { 'networking.k8s.io/v1beta1': '1.22' } },
  { kind: 'NetworkPolicy', served: ['networking.k8s.io/v1'], removed: { 'extensions/v1beta1': '1.16' } },
  { kind: 'PodSecurityPolicy', served: [], removed: { 'policy/v1beta1': '1.25' } },
  { kind: 'EndpointSlice', served: ['discovery.k8s.io/v1'], removed: { 'discovery.k8s.io/v1beta1': '1.25' } },
  { kind: 'PriorityClass', served: ['scheduling.k8s.io/v1'], removed: { 'scheduling.k8s.io/v1beta1': '1.22' } },
  { kind: 'CSIDriver', served: ['storage.k8s.io/v1'], removed: { 'storage.k8s.io/v1beta1': '1.22' } },
];

/**
 * The `group/version/Kind` entries a cluster of a Kubernetes version serves, for `helm template --api-versions`.
 * Offline, helm knows only group/versions (from its own client library), so a chart's `.Capabilities.APIVersions.Has
 * "policy/v1/PodDisruptionBudget"` is false and it renders its fallback (`policy/v1beta1`, gone since 1.25): checked,
 * that fallback reads as the chart's own mistake. An apiVersion removed in a later release than the target is still
 * served by it.
 */
export function servedApiVersionKinds(kubernetesVersion: KubernetesVersion): string[] {
  const kinds: readonly ServedKind[] = [...Object.values(KINDS), ...OTHER_PROBED_KINDS];
  return kinds.flatMap(({ kind, served, removed }) => [
    ...served.map((apiVersion) => `${apiVersion}/${kind}`),
    ...Object.entries(removed)
      .filter(([, release]) => compareKubernetesVersions(kubernetesVersion, release) < 0)
      .map(([apiVersion]) => `${apiVersion}/${kind}`),
  ]);
}
