import { isScalar } from 'yaml';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { isPlaceholder, mayBeSetLater } from '../placeholders';
import type { KubernetesRule } from './rule';

/** A DNS-1123 label: what a pod's `subdomain` (which the controller sets to serviceName) must be. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export const messages = {
  missing:
    'spec.serviceName is not set: the pods get no stable DNS names (pod-0.<service>), which is what a StatefulSet is usually for',
  invalid: (name: string) =>
    `spec.serviceName: "${name}" is not a DNS-1123 label (lowercase letters, digits and '-', at most 63 characters); the pods' subdomain cannot be set`,
};

/**
 * `spec.serviceName` names the Service that gives a StatefulSet's pods their DNS names. It is optional (Kubernetes
 * 1.33 marked it so and validates it as a DNS-1123 label when set: kubernetes/kubernetes#130233; before, an invalid
 * one left the controller unable to create pods), so a missing one is information, an invalid one an error. Whether
 * a Service of that name exists is the cross-file rule k8s/statefulset-service.
 */
export const statefulSetServiceNameRule: KubernetesRule = {
  id: 'k8s/statefulset-service-name',
  severity: DiagnosticSeverity.Error,
  description:
    'a StatefulSet `serviceName` that is not a DNS-1123 label (error); none at all (information: no stable pod DNS names)',
  family: 'kubernetes-workloads',
  reference:
    'pkg/apis/apps/validation: ValidateStatefulSetSpec (serviceName optional, a DNS-1123 label when set; kubernetes/kubernetes#130233)',
  kinds: ['StatefulSet'],
  check(manifest) {
    const spec = manifest.mapAt(['spec']);
    if (!spec || !manifest.root) return [];
    const node = manifest.nodeAt(['serviceName'], spec);
    if (node === undefined || (isScalar(node) && (node.value === null || node.value === ''))) {
      if (mayBeSetLater(manifest, manifest.root, ['spec', 'serviceName'])) return [];
      const anchor = manifest.pairIn(spec, 'serviceName')?.key ?? manifest.pairAt(['spec'])?.key;
      return anchor
        ? [{ range: manifest.rangeOf(anchor), message: messages.missing, severity: DiagnosticSeverity.Information }]
        : [];
    }
    if (!isScalar(node) || typeof node.value !== 'string' || isPlaceholder(node.value)) return [];
    const name = node.value;
    return name.length <= 63 && DNS_LABEL.test(name)
      ? []
      : [{ range: manifest.rangeOf(node), message: messages.invalid(name) }];
  },
};
