import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import { isMap } from 'yaml';
import type { TextEdit } from 'vscode-languageserver-types';
import { endOfMap, indentLines, insertText, isBlockMap, mapIndent, replaceNode, replaceText } from '../../yaml/edits';
import type { KnownManifest } from '../manifest';
import { isPlaceholder } from '../placeholders';
import { KINDS, type KindName } from '../kinds';
import type { KubernetesRule } from './rule';
import { compareKubernetesVersions } from '../../../../../common/src/contract';

export const messages = {
  missing: (kind: KindName, served: string) => `apiVersion is missing: ${kind} is served by ${served}`,
  removed: (apiVersion: string, kind: KindName, release: string, served: string) =>
    `${apiVersion} no longer serves ${kind}: it was removed in Kubernetes ${release}. Use ${served}`,
  notServed: (apiVersion: string, kind: KindName, served: string) =>
    `${apiVersion} does not serve ${kind}. Use ${served}`,
  fixTitle: (served: string) => `Change apiVersion to ${served}`,
};

/** `apiVersion` must be one that serves the kind: `v1` + Deployment and the removed betas are the classic mistakes. */
export const apiVersionRule: KubernetesRule = {
  id: 'k8s/api-version',
  severity: DiagnosticSeverity.Error,
  description:
    'an apiVersion that does not serve the kind (`v1` + Deployment), or one Kubernetes removed (`extensions/v1beta1`, `apps/v1beta1/2` in 1.16; HPA `autoscaling/v2beta1` in 1.25, `v2beta2` in 1.26); the errors its old shape causes fold into it',
  family: 'kubernetes-structure',
  reference: 'kubernetes.io/docs/reference/using-api/deprecation-guide; pkg/controlplane storage versions',
  fix: 'change to the served version, converting the old fields with it',
  kinds: ['Deployment', 'HorizontalPodAutoscaler'],
  check(manifest, target) {
    const info = KINDS[manifest.kind];
    const served = info.served[0];
    const pair = manifest.pairAt(['apiVersion']);
    // `apiVersion: ${API_VERSION}` or `{{ include "x.apiVersion" . }}`: known only once rendered.
    const written = pair?.value?.range ? manifest.text.slice(pair.value.range[0], pair.value.range[1]) : '';
    if (isPlaceholder(written) || written.startsWith('{{')) return [];
    if (manifest.apiVersion === undefined) {
      const kindPair = manifest.pairAt(['kind']);
      const anchor = pair?.key ?? kindPair?.key;
      if (!anchor) return [];
      const lineStart = manifest.lineStart(anchor.range?.[0] ?? 0);
      const lineEnd = manifest.text.indexOf('\n', lineStart);
      const indent = ' '.repeat(manifest.columnOf(anchor));
      // No apiVersion line: add one above `kind`. An empty `apiVersion:` line: rewrite that line.
      const edit = pair
        ? replaceText(
            manifest,
            lineStart,
            lineEnd === -1 ? manifest.text.length : lineEnd,
            `${indent}apiVersion: ${served}`,
          )
        : insertText(manifest, lineStart, `${indent}apiVersion: ${served}\n`);
      return [
        {
          range: manifest.rangeOf(anchor),
          message: messages.missing(manifest.kind, served),
          fixes: [{ title: messages.fixTitle(served), edits: [edit], isPreferred: true }],
        },
      ];
    }
    const apiVersion = manifest.apiVersion;
    const valueNode = manifest.nodeAt(['apiVersion']);
    if (info.served.includes(apiVersion) || !valueNode) return [];
    const removedIn = info.removed[apiVersion];
    // Removed after the target version: that version still serves it (issue 12: the answer depends on the version).
    if (removedIn && target && compareKubernetesVersions(target.kubernetesVersion, removedIn) < 0) return [];
    const edits = [replaceNode(manifest, valueNode, served), ...selectorFromTemplate(manifest, apiVersion)];
    const finding: RuleFinding = {
      range: manifest.rangeOf(valueNode),
      message: removedIn
        ? messages.removed(apiVersion, manifest.kind, removedIn, served)
        : messages.notServed(apiVersion, manifest.kind, served),
      fixes: [{ title: messages.fixTitle(served), edits, isPreferred: true }],
      data: removedIn ? { removedIn } : undefined,
    };
    return [finding];
  },
};

/** The Deployment versions that defaulted a missing `spec.selector` to the pod template's labels; apps/v1 requires it. */
const SELECTOR_DEFAULTED = new Set(['extensions/v1beta1', 'apps/v1beta1', 'apps/v1beta2']);

/**
 * Moving a Deployment without a selector off an old version: write the selector those versions defaulted to (the
 * template's labels), so the object keeps its meaning and apps/v1 accepts it.
 */
function selectorFromTemplate(manifest: KnownManifest, apiVersion: string): TextEdit[] {
  if (manifest.kind !== 'Deployment' || !SELECTOR_DEFAULTED.has(apiVersion)) return [];
  const spec = manifest.mapAt(['spec']);
  const labels = manifest.mapAt(['spec', 'template', 'metadata', 'labels']);
  if (!spec || !isBlockMap(spec) || manifest.pairIn(spec, 'selector') || !isMap(labels) || labels.items.length === 0)
    return [];
  const labelsText = manifest.text.slice(labels.range?.[0] ?? 0, labels.range?.[1] ?? 0).trimEnd();
  const lines = isBlockMap(labels)
    ? [
        'selector:',
        '  matchLabels:',
        ...labelsText
          .split('\n')
          .map((line, index) => '    ' + (index === 0 ? line : line.slice(mapIndent(manifest, labels)))),
      ]
    : ['selector:', `  matchLabels: ${labelsText}`];
  return [insertText(manifest, endOfMap(manifest, spec), indentLines(lines, mapIndent(manifest, spec)))];
}
