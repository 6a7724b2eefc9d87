import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { deletePair } from '../../yaml/edits';
import type { KubernetesRule } from './rule';

export const messages = {
  replicas:
    'spec.replicas: a DaemonSet has no replicas (it runs one pod on every eligible node); the API server rejects the unknown field',
  remove: 'Remove spec.replicas',
};

/**
 * `replicas` copied from a Deployment into a DaemonSet. With the DaemonSet schema bundled, the schema's unknown-field
 * finding sits on the same key and gives way to this one (one finding, said in the DaemonSet's terms).
 */
export const daemonSetReplicasRule: KubernetesRule = {
  id: 'k8s/daemonset-replicas',
  severity: DiagnosticSeverity.Error,
  description: '`spec.replicas` in a DaemonSet, which has none (one pod per node)',
  family: 'kubernetes-workloads',
  reference: 'strict field validation: DaemonSetSpec has no replicas field',
  fix: 'remove it',
  kinds: ['DaemonSet'],
  check(manifest) {
    const pair = manifest.pairAt(['spec', 'replicas']);
    if (!pair) return [];
    return [
      {
        range: manifest.rangeOf(pair.key),
        message: messages.replicas,
        // The field never did anything: removing it changes nothing the cluster does.
        fixes: [{ title: messages.remove, edits: [deletePair(manifest, pair)], isPreferred: true }],
      },
    ];
  },
};
