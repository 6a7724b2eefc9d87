import { isMap, isScalar, isSeq } from 'yaml';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Fix, RuleFinding } from '../../types';
import {
  endOfMap,
  indentLines,
  insertText,
  isBlockMap,
  mapIndent,
  pairLines,
  replaceNode,
  replaceText,
} from '../../yaml/edits';
import { isPlaceholder, mayBeEqual } from '../placeholders';
import type { KubernetesRule } from './rule';
import { SELECTOR_KINDS } from '../kinds';

export const messages = {
  missingLabel: (key: string, value: string) =>
    `spec.selector.matchLabels: ${key}=${value} is not among spec.template.metadata.labels; the API server rejects a selector that does not match its template`,
  wrongValue: (key: string, selector: string, template: string) =>
    `spec.selector.matchLabels: ${key}=${selector}, but the template's label is ${key}=${template}`,
  expression: (key: string, operator: string) =>
    `spec.selector.matchExpressions: ${key} ${operator} does not match spec.template.metadata.labels`,
  addLabel: (key: string, value: string) => `Add ${key}: ${value} to the template's labels`,
  setLabel: (key: string, value: string) => `Set the template's ${key} to ${value}`,
};

/**
 * `spec.selector` must select the pod template's own labels. Fixes change the template, never the selector:
 * the selector of an existing Deployment is immutable, the template's labels are not.
 */
export const selectorMismatchRule: KubernetesRule = {
  id: 'k8s/selector-mismatch',
  severity: DiagnosticSeverity.Error,
  description: "`spec.selector` (matchLabels or matchExpressions) does not select the template's labels",
  family: 'kubernetes-deployment',
  reference:
    'pkg/apis/apps/validation: ValidateDeploymentSpec, ValidateStatefulSetSpec, ValidateDaemonSetSpec, ValidateReplicaSetSpec ("selector does not match template labels")',
  fix: "change the template's labels (the selector is immutable)",
  kinds: SELECTOR_KINDS,
  check(manifest) {
    const labels = manifest.mapAt(['spec', 'template', 'metadata', 'labels']);
    const templateLabels = new Map<string, string>();
    for (const item of labels?.items ?? []) {
      const value = manifest.resolve(item.value);
      if (isScalar(item.key) && isScalar(value)) templateLabels.set(String(item.key.value), String(value.value));
    }
    const findings: RuleFinding[] = [];
    const matchLabels = manifest.mapAt(['spec', 'selector', 'matchLabels']);
    for (const item of matchLabels?.items ?? []) {
      const value = manifest.resolve(item.value);
      if (!isScalar(item.key) || !isScalar(value)) continue;
      const key = String(item.key.value);
      const wanted = String(value.value);
      const actual = templateLabels.get(key);
      // A placeholder on either side (`app: ${APP}`) is known only after substitution: a mismatch only when no
      // substitution can make them equal (`{{ .Name }}-operator` is never `other`).
      if (
        actual === wanted ||
        (actual !== undefined && mayBeEqual(wanted, actual)) ||
        (actual === undefined && isPlaceholder(wanted))
      )
        continue;
      const fixes: Fix[] = [];
      if (actual === undefined && labels && isBlockMap(labels)) {
        fixes.push({
          title: messages.addLabel(key, wanted),
          edits: [
            insertText(
              manifest,
              endOfMap(manifest, labels),
              indentLines([`${renderKey(key)}: ${renderValue(wanted)}`], mapIndent(manifest, labels)),
            ),
          ],
          isPreferred: true,
        });
      } else if (actual === undefined && (!labels || labels.items.length === 0)) {
        const metadata = manifest.mapAt(['spec', 'template', 'metadata']);
        if (metadata && isBlockMap(metadata)) {
          const text = indentLines(
            ['labels:', `  ${renderKey(key)}: ${renderValue(wanted)}`],
            mapIndent(manifest, metadata),
          );
          // `labels:` with nothing after it, or `labels: {}`: write the block in its place, never a second key.
          const emptyPair = manifest.pairIn(metadata, 'labels');
          const lines = emptyPair && pairLines(manifest, emptyPair);
          const edit = lines
            ? replaceText(manifest, lines.start, lines.end, text)
            : insertText(manifest, endOfMap(manifest, metadata), text);
          fixes.push({ title: messages.addLabel(key, wanted), edits: [edit], isPreferred: true });
        }
      } else if (actual !== undefined && labels) {
        const labelValue = manifest.resolve(manifest.pairIn(labels, key)?.value);
        if (labelValue && labelValue.range)
          fixes.push({
            title: messages.setLabel(key, wanted),
            edits: [replaceNode(manifest, labelValue, renderValue(wanted))],
            isPreferred: true,
          });
      }
      findings.push({
        range: manifest.rangeOf(item.key),
        message: actual === undefined ? messages.missingLabel(key, wanted) : messages.wrongValue(key, wanted, actual),
        fixes,
      });
    }
    const expressions = manifest.seqAt(['spec', 'selector', 'matchExpressions']);
    for (const item of expressions?.items ?? []) {
      const expression = manifest.resolve(item);
      if (!isMap(expression)) continue;
      const key = manifest.stringAt(['key'], expression);
      const operator = manifest.stringAt(['operator'], expression);
      const valuesNode = manifest.nodeAt(['values'], expression);
      const values = isSeq(valuesNode)
        ? valuesNode.items.map((value) => (isScalar(value) ? String(value.value) : ''))
        : [];
      if (key === undefined || operator === undefined) continue;
      const actual = templateLabels.get(key);
      const matches =
        operator === 'In'
          ? actual !== undefined && values.includes(actual)
          : operator === 'NotIn'
            ? actual === undefined || !values.includes(actual)
            : operator === 'Exists'
              ? actual !== undefined
              : operator === 'DoesNotExist'
                ? actual === undefined
                : true;
      if (!matches)
        findings.push({
          range: manifest.rangeOf(manifest.nodeAt(['key'], expression)!),
          message: messages.expression(key, operator),
        });
    }
    return findings;
  },
};

function renderKey(key: string): string {
  return /^[A-Za-z0-9_./-]+$/.test(key) ? key : JSON.stringify(key);
}

/** Label values are strings: quote anything YAML would read as another type. */
function renderValue(value: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(value) && !/^(true|false|yes|no|on|off|null|y|n)$/i.test(value)
    ? value
    : JSON.stringify(value);
}
