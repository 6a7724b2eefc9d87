import { isMap, isScalar, isSeq } from 'yaml';
import type { Range } from 'vscode-languageserver-types';
import type { YamlPath } from '../yaml/parsedYaml';
import type { KnownManifest } from './manifest';
import { isPlaceholder, mayBeEqual, mayBeSetLater } from './placeholders';

/**
 * Labels and label selectors as the cross-document rules need them: plain strings, and whether a template or a
 * placeholder may add or change some once the file is rendered (`open`). An open side never proves a mismatch.
 */
export interface LabelMap {
  labels: Readonly<Record<string, string>>;
  /** A template action or placeholder may print labels here (or the value is not a map at all). */
  open: boolean;
}

export interface SelectorExpression {
  key: string;
  operator: string;
  values: string[];
}

/** A Service's `selector` (matchLabels only) or a LabelSelector (matchLabels and matchExpressions). */
export interface LabelSelector extends LabelMap {
  expressions: SelectorExpression[];
  /** Where to point at the selector: its key. */
  range: Range;
}

/** The string labels of the map at `path`; absent means none (closed). */
export function readLabelMap(manifest: KnownManifest, path: YamlPath): LabelMap {
  const labels: Record<string, string> = {};
  if (manifest.root && mayBeSetLater(manifest, manifest.root, path)) return { labels, open: true };
  const node = manifest.nodeAt(path);
  if (node === undefined || (isScalar(node) && (node.value === null || node.value === undefined)))
    return { labels, open: false };
  if (!isMap(node)) return { labels, open: true };
  let open = false;
  for (const item of node.items) {
    const value = manifest.resolve(item.value);
    if (!isScalar(item.key) || !isScalar(value)) {
      open = true; // a merge key, an alias to something odd, a nested map: not a label we can read
      continue;
    }
    const key = String(item.key.value);
    if (isPlaceholder(key)) open = true;
    else labels[key] = value.value === null ? '' : String(value.value);
  }
  return { labels, open };
}

/** A LabelSelector (`matchLabels` + `matchExpressions`) at `path`; undefined when the object has none. */
export function readLabelSelector(manifest: KnownManifest, path: YamlPath): LabelSelector | undefined {
  const pair = manifest.pairAt(path);
  if (!pair) return undefined;
  const matchLabels = readLabelMap(manifest, [...path, 'matchLabels']);
  const selector = manifest.nodeAt(path);
  const open =
    matchLabels.open ||
    (selector !== undefined && !isMap(selector) && !(isScalar(selector) && selector.value === null)) ||
    (manifest.root !== null && mayBeSetLater(manifest, manifest.root, [...path, 'matchExpressions']));
  const expressions: SelectorExpression[] = [];
  let openExpressions = false;
  const list = manifest.nodeAt([...path, 'matchExpressions']);
  for (const item of isSeq(list) ? list.items : []) {
    const expression = manifest.resolve(item);
    const key = isMap(expression) ? manifest.stringAt(['key'], expression) : undefined;
    const operator = isMap(expression) ? manifest.stringAt(['operator'], expression) : undefined;
    const valuesNode = isMap(expression) ? manifest.nodeAt(['values'], expression) : undefined;
    const values = isSeq(valuesNode)
      ? valuesNode.items.map((value) => (isScalar(value) ? String(value.value) : ''))
      : [];
    if (key === undefined || operator === undefined || isPlaceholder(key) || values.some(isPlaceholder)) {
      openExpressions = true;
      continue;
    }
    expressions.push({ key, operator, values });
  }
  return {
    labels: matchLabels.labels,
    open: open || openExpressions,
    expressions,
    range: manifest.rangeOf(pair.key),
  };
}

/** A Service's `spec.selector`: a plain map of labels. */
export function readServiceSelector(manifest: KnownManifest): LabelSelector | undefined {
  const pair = manifest.pairAt(['spec', 'selector']);
  if (!pair) return undefined;
  return { ...readLabelMap(manifest, ['spec', 'selector']), expressions: [], range: manifest.rangeOf(pair.key) };
}

/** Whether a selector selects nothing and everything in its own sense: no labels and no expressions. */
export function isEmptySelector(selector: LabelSelector): boolean {
  return !selector.open && Object.keys(selector.labels).length === 0 && selector.expressions.length === 0;
}

/**
 * Labels the controllers add to the pods they create (pod-template-hash, job-name, the StatefulSet's pod name, ...):
 * absent from the template, present on every pod. A selector on one of them is not answered by the template.
 */
const CONTROLLER_LABELS = new Set([
  'pod-template-hash',
  'controller-revision-hash',
  'pod-template-generation',
  'controller-uid',
  'job-name',
  'statefulset.kubernetes.io/pod-name',
  'apps.kubernetes.io/pod-index',
  'batch.kubernetes.io/job-name',
  'batch.kubernetes.io/controller-uid',
  'batch.kubernetes.io/job-completion-index',
]);

export function isControllerLabel(key: string): boolean {
  return CONTROLLER_LABELS.has(key);
}

/**
 * Whether a selector selects pods with these labels: true, false, or undefined when a template or placeholder on
 * either side leaves it open. Label values with placeholders match what they can become (see `mayBeEqual`); with
 * `exact`, a placeholder on either side leaves the answer open instead (for rules that need to know which pods).
 */
export function selects(selector: LabelSelector, pod: LabelMap, exact = false): boolean | undefined {
  if (selector.open) return undefined;
  let open = false;
  const equal = (wanted: string, actual: string): boolean => {
    if (wanted === actual) return true;
    if (exact && (isPlaceholder(wanted) || isPlaceholder(actual)) && mayBeEqual(wanted, actual)) open = true;
    return !exact && mayBeEqual(wanted, actual);
  };
  for (const [key, wanted] of Object.entries(selector.labels)) {
    const actual = pod.labels[key];
    if (actual === undefined) {
      if (pod.open || isPlaceholder(wanted) || CONTROLLER_LABELS.has(key)) return undefined;
      return false;
    }
    if (!equal(wanted, actual)) {
      if (open) return undefined;
      return false;
    }
  }
  for (const { key, operator, values } of selector.expressions) {
    const actual = pod.labels[key];
    if (actual === undefined && (pod.open || CONTROLLER_LABELS.has(key))) return undefined;
    if (exact && actual !== undefined && isPlaceholder(actual)) return undefined;
    const matches =
      operator === 'In'
        ? actual !== undefined && values.some((value) => mayBeEqual(value, actual))
        : operator === 'NotIn'
          ? actual === undefined || !values.includes(actual)
          : operator === 'Exists'
            ? actual !== undefined
            : operator === 'DoesNotExist'
              ? actual === undefined
              : true;
    if (!matches) return false;
  }
  return true;
}
