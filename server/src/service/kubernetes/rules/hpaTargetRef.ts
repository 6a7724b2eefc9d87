import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import { replaceNode } from '../../yaml/edits';
import { isPlaceholder } from '../placeholders';
import type { KubernetesRule } from './rule';

/** The scalable kinds an HPA may target, with the API group that serves each today and its preferred apiVersion. */
const SCALABLE: Record<string, { group: string; served: string }> = {
  Deployment: { group: 'apps', served: 'apps/v1' },
  StatefulSet: { group: 'apps', served: 'apps/v1' },
  ReplicaSet: { group: 'apps', served: 'apps/v1' },
  ReplicationController: { group: '', served: 'v1' },
};

export const messages = {
  wrongGroup: (apiVersion: string, kind: string, served: string) =>
    `scaleTargetRef: the API group of ${apiVersion} does not serve ${kind}; use ${served}. The HPA will report FailedGetScale`,
  oldVersion: (apiVersion: string, served: string) =>
    `scaleTargetRef: ${apiVersion} is an old version; the HPA finds its target by group and kind, so it works, but write ${served}`,
  fixTitle: (served: string) => `Change scaleTargetRef.apiVersion to ${served}`,
};

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/**
 * The HPA controller finds its target by group and kind only (pkg/controller/podautoscaler/horizontal.go: it parses
 * scaleTargetRef.apiVersion, keeps the group, and asks the RESTMapper for every version of that group and kind). So
 * `apps/v1beta1` still works (a hint), while `v1` or `extensions/v1beta1` for a Deployment name a group that does
 * not serve it (an error: FailedGetScale). A templated apiVersion or kind (`{{ include "chart.deployment.apiVersion" . }}`,
 * `${API}`) is unknown, not wrong: it is judged only once rendered (the background `helm template` sees the value).
 */
export const hpaTargetRefRule: KubernetesRule = {
  id: 'k8s/hpa-target-ref',
  severity: DiagnosticSeverity.Error,
  description:
    'a `scaleTargetRef` whose API group does not serve its kind (`v1` or `extensions/v1beta1` + Deployment: FailedGetScale); an old version of the right group (`apps/v1beta1`) is a hint, as the controller matches group and kind',
  family: 'kubernetes-hpa',
  reference: 'pkg/controller/podautoscaler/horizontal.go: the target is found by group and kind through the RESTMapper',
  fix: '`apps/v1`',
  kinds: ['HorizontalPodAutoscaler'],
  check(manifest) {
    const kind = manifest.stringAt(['spec', 'scaleTargetRef', 'kind']);
    const apiVersionNode = manifest.nodeAt(['spec', 'scaleTargetRef', 'apiVersion']);
    const apiVersion = manifest.stringAt(['spec', 'scaleTargetRef', 'apiVersion']);
    if (kind === undefined || apiVersion === undefined || !apiVersionNode) return [];
    if (isPlaceholder(apiVersion) || isPlaceholder(kind)) return [];
    const scalable = SCALABLE[kind];
    if (scalable === undefined || scalable.served === apiVersion) return [];
    const sameGroup = groupOf(apiVersion) === scalable.group;
    const finding: RuleFinding = {
      range: manifest.rangeOf(apiVersionNode),
      message: sameGroup
        ? messages.oldVersion(apiVersion, scalable.served)
        : messages.wrongGroup(apiVersion, kind, scalable.served),
      fixes: [
        {
          title: messages.fixTitle(scalable.served),
          edits: [replaceNode(manifest, apiVersionNode, scalable.served)],
          isPreferred: true,
        },
      ],
      ...(sameGroup ? { severity: DiagnosticSeverity.Hint } : {}),
    };
    return [finding];
  },
};
