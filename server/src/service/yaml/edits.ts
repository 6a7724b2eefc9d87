import { isMap, isPair, isScalar } from 'yaml';
import type { Node, Pair, YAMLMap } from 'yaml';
import type { TextEdit } from 'vscode-languageserver-types';
import type { ParsedYaml } from './parsedYaml';

/**
 * Text edits on a YAML document, computed from the `yaml` AST's source offsets so that everything the edit does
 * not touch (comments, quoting, blank lines, key order) stays byte for byte as the user wrote it.
 */

export function replaceNode(yaml: ParsedYaml, node: Node, newText: string): TextEdit {
  const [start, end] = node.range ?? [0, 0];
  return { range: yaml.rangeAt(start, end), newText };
}

export function replaceText(yaml: ParsedYaml, start: number, end: number, newText: string): TextEdit {
  return { range: yaml.rangeAt(start, end), newText };
}

export function insertText(yaml: ParsedYaml, offset: number, newText: string): TextEdit {
  // Whole lines inserted at the end of a text that has no final line break would join its last line.
  const joinsLastLine =
    offset >= yaml.text.length && yaml.text.length > 0 && !yaml.text.endsWith('\n') && newText.endsWith('\n');
  return { range: yaml.rangeAt(offset, offset), newText: joinsLastLine ? '\n' + newText : newText };
}

/** The whole lines a block-style pair occupies: from its key's line start to the end of its value's last line. */
export function pairLines(yaml: ParsedYaml, pair: Pair): { start: number; end: number } {
  const keyStart = (pair.key as Node).range?.[0] ?? 0;
  const value = pair.value as Node | null;
  const valueEnd = value?.range?.[1] ?? (pair.key as Node).range?.[1] ?? keyStart;
  return { start: yaml.lineStart(keyStart), end: yaml.lineEnd(Math.max(keyStart, valueEnd - 1)) };
}

/** Deletes a block-style pair with its lines. */
export function deletePair(yaml: ParsedYaml, pair: Pair): TextEdit {
  const { start, end } = pairLines(yaml, pair);
  return replaceText(yaml, start, end, '');
}

/** Shifts every non-empty line of a block of text from one indentation to another. */
export function reindent(block: string, from: number, to: number): string {
  return block
    .split('\n')
    .map((line) => {
      if (line.trim() === '') return line;
      const leading = line.length - line.trimStart().length;
      return ' '.repeat(Math.max(0, leading - from + to)) + line.trimStart();
    })
    .join('\n');
}

/** The indentation of a block map's keys. */
export function mapIndent(yaml: ParsedYaml, map: YAMLMap): number {
  const first = map.items.find((item) => isPair(item) && isScalar(item.key));
  return first ? yaml.columnOf(first.key as Node) : yaml.columnOf(map);
}

/** Offset just past the last line of a block map's last pair: where a new key goes to be appended. */
export function endOfMap(yaml: ParsedYaml, map: YAMLMap): number {
  const last = map.items[map.items.length - 1];
  return last ? pairLines(yaml, last as Pair).end : yaml.lineEnd(map.range?.[0] ?? 0);
}

/** Renders `lines` (already relative to column 0) at an indentation, each ending with a line break. */
export function indentLines(lines: readonly string[], indent: number): string {
  return lines.map((line) => (line === '' ? '\n' : ' '.repeat(indent) + line + '\n')).join('');
}

/** Whether a map is written in block style (one key per line), the only style our structural fixes rewrite. */
export function isBlockMap(node: unknown): node is YAMLMap {
  return isMap(node) && !node.flow;
}
