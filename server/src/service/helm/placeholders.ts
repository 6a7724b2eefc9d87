import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import type { YamlPath } from '../yaml/parsedYaml';
import { isTemplatePlaceholder } from './mask';

/**
 * Whether the field at `path` of a masked template may be printed (or changed) by a template action, so that a rule
 * cannot say it is missing or what it holds: on the way down, a value that is a placeholder (`resources: {{ toYaml
 * .Values.resources }}`) holds anything below it; a map with a placeholder key (`{{- include "labels" . | nindent 4
 * }}` among its keys) may hold any key it lacks; a sequence with a placeholder item may hold any item.
 * For plain (untemplated) YAML it is always false.
 */
export function mayBeSetByTemplate(root: Node | null | undefined, path: YamlPath): boolean {
  let node: unknown = root;
  for (const step of path) {
    if (isPlaceholderScalar(node)) return true;
    if (isMap(node) && typeof step === 'string') {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === step);
      if (!pair) return node.items.some((item) => isPair(item) && isPlaceholderScalar(item.key));
      node = pair.value;
    } else if (isSeq(node) && typeof step === 'number') {
      if (step >= node.items.length) return node.items.some(isPlaceholderScalar);
      node = node.items[step];
    } else {
      return false;
    }
  }
  if (isPlaceholderScalar(node)) return true;
  if (isMap(node)) return node.items.some((item) => isPair(item) && isPlaceholderScalar(item.key));
  if (isSeq(node)) return node.items.some(isPlaceholderScalar);
  return false;
}

function isPlaceholderScalar(node: unknown): boolean {
  return isScalar(node) && typeof node.value === 'string' && isTemplatePlaceholder(node.value);
}
