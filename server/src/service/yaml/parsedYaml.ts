import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import { MAX_YAML_NESTING, yamlNestingDepth } from './nesting';
import type { Document, Node, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { Position, Range } from 'vscode-languageserver-types';

/** A path into a YAML document: map keys and sequence indexes. */
export type YamlPath = ReadonlyArray<string | number>;

/** The largest YAML document (the text between two `---`) that is parsed: far above any real Deployment or HPA. */
export const MAX_YAML_DOCUMENT_CHARS = 128 * 1024;

/** Aliases are followed at most this many times when one value is turned into plain data (alias bombs). */
export const MAX_ALIAS_COUNT = 1000;

/**
 * One parsed YAML document with the helpers rules need: node lookup by path, exact ranges (relative to the
 * document's own text), and the plain-data view. The AST is never mutated: fixes are computed as text edits.
 */
export class ParsedYaml {
  readonly document: Document.Parsed;
  /** Offsets where lines start, as the editor counts lines (`\r\n`, `\n`, lone `\r`); computed on first use. */
  private lineStarts: number[] | undefined;
  private plainData: { value: unknown; error?: string } | undefined;

  /**
   * Why the text was not parsed, if it was not: a document over MAX_YAML_DOCUMENT_CHARS (a 1 MB flow map takes
   * seconds to parse and validate) or nested deeper than MAX_YAML_NESTING (the parser recurses per level and
   * overflows the stack). The document is then empty; the caller says once that it was not checked.
   */
  readonly skipped: string | undefined;

  constructor(readonly text: string) {
    this.skipped =
      text.length > MAX_YAML_DOCUMENT_CHARS
        ? `Shipshape did not check this document: ${Math.round(text.length / 1024)} KB is over the ${MAX_YAML_DOCUMENT_CHARS / 1024} KB it checks in one YAML document`
        : yamlNestingDepth(text) > MAX_YAML_NESTING
          ? `Shipshape did not check this document: its YAML nesting is deeper than ${MAX_YAML_NESTING} levels`
          : undefined;
    this.document = parseDocument(this.skipped ? '' : text, {
      prettyErrors: false,
      uniqueKeys: true,
      strict: true,
      logLevel: 'error',
    });
  }

  get root(): Node | null {
    return this.document.contents;
  }

  /**
   * Zero-based LSP position of an offset in this document's text. Lines are counted as the editor counts them: the
   * `yaml` library's LineCounter knows only `\n`, and a lone `\r` then put every later range on the wrong line
   * (or past a line's end). An offset inside a `\r\n` pair is placed before it.
   */
  positionAt(offset: number): Position {
    const starts = (this.lineStarts ??= editorLineStarts(this.text));
    let at = Math.max(0, Math.min(Math.floor(offset) || 0, this.text.length));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle] <= at) low = middle;
      else high = middle - 1;
    }
    if (at > starts[low] && this.text[at - 1] === '\r' && this.text[at] === '\n') at--;
    return { line: low, character: at - starts[low] };
  }

  rangeAt(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  /** The range of a node's value (without trailing comments). */
  rangeOf(node: Node): Range {
    const [start, valueEnd] = node.range ?? [0, 0, 0];
    return this.rangeAt(start, valueEnd);
  }

  /** Follows an alias to the node it names; other nodes come back as they are. */
  resolve(node: unknown): Node | undefined {
    if (isAlias(node)) {
      const target = node.resolve(this.document);
      return target ?? undefined;
    }
    return (node as Node | null | undefined) ?? undefined;
  }

  /** The node at a path, following aliases; undefined when any step is missing or of the wrong shape. */
  nodeAt(path: YamlPath, from: Node | null = this.root): Node | undefined {
    let node: Node | undefined = this.resolve(from);
    for (const step of path) {
      if (typeof step === 'number') {
        node = isSeq(node) ? this.resolve(node.items[step]) : undefined;
      } else {
        node = isMap(node) ? this.resolve(this.pairIn(node, step)?.value) : undefined;
      }
      if (node === undefined) return undefined;
    }
    return node;
  }

  /** The key/value pair for `key` in a map node. */
  pairIn(map: YAMLMap, key: string): Pair<Scalar, Node | null> | undefined {
    for (const item of map.items) {
      if (isPair(item) && isScalar(item.key) && String(item.key.value) === key)
        return item as Pair<Scalar, Node | null>;
    }
    return undefined;
  }

  /** The pair whose key is the last step of the path. */
  pairAt(path: YamlPath): Pair<Scalar, Node | null> | undefined {
    if (path.length === 0) return undefined;
    const parent = this.nodeAt(path.slice(0, -1));
    const last = path[path.length - 1];
    return isMap(parent) && typeof last === 'string' ? this.pairIn(parent, last) : undefined;
  }

  mapAt(path: YamlPath, from: Node | null = this.root): YAMLMap | undefined {
    const node = this.nodeAt(path, from);
    return isMap(node) ? node : undefined;
  }

  seqAt(path: YamlPath, from: Node | null = this.root): YAMLSeq | undefined {
    const node = this.nodeAt(path, from);
    return isSeq(node) ? node : undefined;
  }

  /** The scalar value at a path as a string, or undefined when it is absent or not a scalar. */
  stringAt(path: YamlPath, from: Node | null = this.root): string | undefined {
    const node = this.nodeAt(path, from);
    return isScalar(node) && node.value !== null && node.value !== undefined ? String(node.value) : undefined;
  }

  /** Plain data, computed once. Alias bombs and other failures come back as `error` instead of throwing. */
  plain(): { value: unknown; error?: string } {
    if (!this.plainData) {
      try {
        this.plainData = { value: this.document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
      } catch (error) {
        this.plainData = { value: undefined, error: error instanceof Error ? error.message : String(error) };
      }
    }
    return this.plainData;
  }

  /** Zero-based column where a node starts. */
  columnOf(node: Node): number {
    return this.positionAt(node.range?.[0] ?? 0).character;
  }

  /** Offset of the start of the line that contains `offset`. */
  lineStart(offset: number): number {
    return this.text.lastIndexOf('\n', offset - 1) + 1;
  }

  /** Offset just past the line break of the line that contains `offset` (or the text's end). */
  lineEnd(offset: number): number {
    const index = this.text.indexOf('\n', offset);
    return index === -1 ? this.text.length : index + 1;
  }
}

function editorLineStarts(text: string): number[] {
  const starts = [0];
  if (!text.includes('\r')) {
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
    return starts;
  }
  for (let at = 0; at < text.length; at++) {
    const char = text.charCodeAt(at);
    if (char === 13 && text.charCodeAt(at + 1) === 10) at++;
    if (char === 10 || char === 13) starts.push(at + 1);
  }
  return starts;
}

/** Formats a path the way Kubernetes documentation does: `spec.template.spec.containers[0].image`. */
export function formatPath(path: YamlPath): string {
  let text = '';
  for (const step of path) {
    if (typeof step === 'number') text += `[${step}]`;
    else text += text === '' ? step : /^[A-Za-z0-9_-]+$/.test(step) ? `.${step}` : `["${step}"]`;
  }
  return text === '' ? '(document)' : text;
}

/**
 * Every scalar value under `root` with its path (map keys that are strings, list indexes), for the checks that judge
 * a value by what the schema says of its path. Aliases are not followed; nesting past 64 levels is not visited.
 */
export function scalarsWithPaths(root: Node | null): Array<{ node: Scalar; path: YamlPath }> {
  const found: Array<{ node: Scalar; path: YamlPath }> = [];
  const visit = (node: Node | null | undefined, path: YamlPath, depth: number): void => {
    if (!node || depth > 64) return;
    if (isMap(node)) {
      for (const pair of node.items)
        if (isScalar(pair.key) && typeof pair.key.value === 'string')
          visit(pair.value as Node | null, [...path, pair.key.value], depth + 1);
    } else if (isSeq(node)) node.items.forEach((item, index) => visit(item as Node, [...path, index], depth + 1));
    else if (isScalar(node)) found.push({ node, path });
  };
  visit(root, [], 0);
  return found;
}
