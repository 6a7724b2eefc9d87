import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Node, Pair, Scalar, YAMLMap } from 'yaml';
import type { ParsedYaml } from '../../yaml/parsedYaml';
import { isPlaceholder } from '../placeholders';

/**
 * isPlaceholder behind a cheap test: every placeholder form holds `$`, `{`, `__` or the masked-action character, and
 * most values hold none of them (the full pattern on every scalar was most of these rules' time on a large file).
 */
function holdsPlaceholder(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const candidate = value.includes('$') || value.includes('{') || value.includes('__') || value.includes('\uE000');
  return candidate && isPlaceholder(value);
}

/**
 * What the semantic rules may judge: literal values only. A placeholder (`${X}`, `{{ }}`, a masked Helm action) or a
 * null stands for a value not known yet, and yields undefined here, so no rule ever fires on one.
 */
export function literalString(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' && !holdsPlaceholder(node.value) ? node.value : undefined;
}

/** An integer written as a YAML number (a quoted one is a schema type error, reported there). */
export function literalInteger(node: unknown): number | undefined {
  return isScalar(node) && typeof node.value === 'number' && Number.isInteger(node.value) ? node.value : undefined;
}

/** A scalar with a value: not null, not a placeholder. */
export function isLiteral(node: unknown): node is Scalar {
  return isScalar(node) && node.value !== null && node.value !== undefined && !holdsPlaceholder(node.value);
}

/** The pairs of a map with a plain scalar key (a placeholder key, from a template, is skipped). */
export function literalPairs(map: YAMLMap | undefined): Array<{ pair: Pair; key: string; keyNode: Scalar }> {
  const result: Array<{ pair: Pair; key: string; keyNode: Scalar }> = [];
  for (const item of map?.items ?? []) {
    if (!isPair(item) || !isScalar(item.key) || item.key.value === null) continue;
    const key = String(item.key.value);
    if (!holdsPlaceholder(key)) result.push({ pair: item, key, keyNode: item.key });
  }
  return result;
}

/** Whether a map holds a key that is a placeholder: a template prints more keys there. */
export function hasPlaceholderKey(map: YAMLMap): boolean {
  return map.items.some((item) => isPair(item) && isScalar(item.key) && holdsPlaceholder(item.key.value));
}

/** The pairs of a map, among `keys`, whose values are set (not null): what the API server decodes as present. In document order. */
export function setKeys(yaml: ParsedYaml, map: YAMLMap, keys: readonly string[]): Pair<Scalar, Node>[] {
  const result: Pair<Scalar, Node>[] = [];
  for (const item of map.items) {
    if (!isPair(item) || !isScalar(item.key) || !keys.includes(String(item.key.value))) continue;
    const value = yaml.resolve(item.value);
    if (value !== undefined && !(isScalar(value) && value.value === null)) result.push(item as Pair<Scalar, Node>);
  }
  return result;
}

/** Map items of a sequence, resolved. */
export function mapItems(yaml: ParsedYaml, node: unknown): YAMLMap[] {
  if (!isSeq(node)) return [];
  return node.items.flatMap((item) => {
    const map = yaml.resolve(item);
    return isMap(map) ? [map] : [];
  });
}

/**
 * Whether a masked Helm template may have had exclusive branches between two offsets: `{{- if }}`/`{{- else }}`
 * lines mask to lines of spaces, so two volume sources or two list items with one name may be two renderings, never
 * one. A plain manifest's blank lines are empty; a line of spaces only is taken as a masked action.
 */
export function mayBeTemplateBranches(text: string, start: number, end: number): boolean {
  let at = text.indexOf('\n', start);
  while (at !== -1 && at < end) {
    let next = at + 1;
    while (text[next] === ' ' || text[next] === '\t') next++;
    if (next > at + 1 && (text[next] === '\n' || text[next] === '\r')) return true;
    at = text.indexOf('\n', at + 1);
  }
  return false;
}
