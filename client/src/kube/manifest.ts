import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';

/** A 0-based line/character range, as both vscode and LSP count. */
export interface LineRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

/** One `---` document of a manifest that declares a Kubernetes object. */
export interface ManifestObject {
  /** 0-based position among the file's documents (empty ones included, as editors count `---`). */
  document: number;
  apiVersion?: string;
  kind: string;
  name?: string;
  namespace?: string;
  /** The document's first line (where its content starts). */
  range: LineRange;
  /** Where a field path (`spec.template.spec.containers[0].image`) sits, when the document has it. */
  locate(fieldPath: string): LineRange | undefined;
  /** The document's content as plain data (for reading values such as a Deployment's selector and containers). */
  value(): unknown;
}

/** The Kubernetes objects of a (multi-document) manifest; documents without a `kind` are left out. */
export function parseManifest(text: string): ManifestObject[] {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, uniqueKeys: false });
  const objects: ManifestObject[] = [];
  const toRange = (from: number, to: number): LineRange => {
    const start = lineCounter.linePos(from);
    const end = lineCounter.linePos(to);
    return {
      start: { line: start.line - 1, character: start.col - 1 },
      end: { line: end.line - 1, character: end.col - 1 },
    };
  };
  (Array.isArray(documents) ? documents : [documents]).forEach((document, index) => {
    const contents = document.contents;
    if (!isMap(contents)) return;
    const kind = document.get('kind');
    if (typeof kind !== 'string' || kind === '') return;
    const apiVersion = document.get('apiVersion');
    const name = document.getIn(['metadata', 'name']);
    const namespace = document.getIn(['metadata', 'namespace']);
    const [from] = contents.range ?? [0, 0, 0];
    const firstLineEnd = text.indexOf('\n', from);
    objects.push({
      document: index,
      apiVersion: typeof apiVersion === 'string' ? apiVersion : undefined,
      kind,
      name: typeof name === 'string' ? name : undefined,
      namespace: typeof namespace === 'string' ? namespace : undefined,
      range: toRange(from, firstLineEnd === -1 ? text.length : firstLineEnd),
      locate: (fieldPath) => {
        const node = findNode(document, fieldPath);
        return node?.range ? toRange(node.range[0], node.range[1]) : undefined;
      },
      value: () => document.toJS({ maxAliasCount: 100 }),
    });
  });
  return objects;
}

/** The value node at an API field path (`a.b[0].c`, as the API server writes them), or the deepest key found. */
function findNode(document: Document, fieldPath: string): Node | undefined {
  const segments: Array<string | number> = [];
  for (const part of fieldPath.split('.')) {
    const match = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!match) return undefined;
    if (match[1] !== '') segments.push(match[1]);
    for (const index of match[2].matchAll(/\[(\d+)\]/g)) segments.push(Number(index[1]));
  }
  let node: unknown = document.contents;
  let found: Node | undefined;
  for (const segment of segments) {
    if (typeof segment === 'number' && isSeq(node)) node = node.items[segment];
    else if (typeof segment === 'string' && isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === segment);
      if (!pair) break;
      // Point at the key when the value is a block (a whole block is too wide to underline).
      found = (isScalar(pair.value) ? pair.value : pair.key) as Node;
      node = pair.value;
      continue;
    } else break;
    if (isScalar(node)) found = node;
  }
  return found;
}
