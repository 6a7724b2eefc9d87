import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import { replaceNode } from '../../yaml/edits';
import { isKindName, KINDS } from '../kinds';
import type { KubernetesRule } from './rule';

/** The scalable kinds an HPA may target, with the apiVersion that serves each. */
const SCALABLE: Record<string, string> = { Deployment: 'apps/v1', StatefulSet: 'apps/v1', ReplicaSet: 'apps/v1', ReplicationController: 'v1' };

export const messages = {
  mismatch: (apiVersion: string, kind: string, served: string) => `scaleTargetRef: ${apiVersion} does not serve ${kind}; use ${served}. The HPA would find no target`,
  fixTitle: (served: string) => `Change scaleTargetRef.apiVersion to ${served}`,
};

/** `scaleTargetRef` whose apiVersion does not serve its kind (`v1` + Deployment, the old extensions group). */
export const hpaTargetRefRule: KubernetesRule = {
  id: 'k8s/hpa-target-ref',
  severity: DiagnosticSeverity.Error,
  description: 'An HPA scaleTargetRef whose apiVersion does not serve its kind (v1 + Deployment).',
  kinds: ['HorizontalPodAutoscaler'],
  check(manifest) {
    const kind = manifest.stringAt(['spec', 'scaleTargetRef', 'kind']);
    const apiVersionNode = manifest.nodeAt(['spec', 'scaleTargetRef', 'apiVersion']);
    const apiVersion = manifest.stringAt(['spec', 'scaleTargetRef', 'apiVersion']);
    if (kind === undefined || apiVersion === undefined || !apiVersionNode) return [];
    const served = SCALABLE[kind] ?? (isKindName(kind) ? KINDS[kind].served[0] : undefined);
    if (served === undefined || served === apiVersion) return [];
    const finding: RuleFinding = {
      range: manifest.rangeOf(apiVersionNode),
      message: messages.mismatch(apiVersion, kind, served),
      fixes: [{ title: messages.fixTitle(served), edits: [replaceNode(manifest, apiVersionNode, served)], isPreferred: true }],
    };
    return [finding];
  },
};
