import { KINDS, isKindName } from './kinds';
import { documentStartOffsets } from '../yaml/chunks';
import { mentionsKubernetesKind } from './manifest';
export { SEMANTIC_TOKEN_LEGEND } from './semanticTokenLegend';

/**
 * Semantic highlighting for what decides everything else in a manifest: the top-level `kind` value (a type) and
 * `apiVersion` value (a namespace), with `deprecated` on an apiVersion Kubernetes removed for that kind, which
 * VS Code draws struck through. The legend: semanticTokenLegend.ts.
 */

const TYPE = 0;
const NAMESPACE = 1;
const DEPRECATED = 1 << 0;

const TOP_LEVEL = /^(apiVersion|kind)([ \t]*:[ \t]*)(["']?)([^\s"'#]+)\3/gm;

/** LSP's relative encoding: [deltaLine, deltaStart, length, type, modifiers] per token, in document order. */
export function kubernetesSemanticTokens(text: string): number[] {
  if (!mentionsKubernetesKind(text)) return [];
  const documentStarts = [0, ...documentStartOffsets(text)];

  // Each document's kind decides whether its apiVersion is a removed one: collect first, then encode in order.
  const found: Array<{ offset: number; length: number; type: number; document: number; value: string }> = [];
  const kindOf = new Map<number, string>();
  let document = 0;
  TOP_LEVEL.lastIndex = 0;
  for (let match; (match = TOP_LEVEL.exec(text));) {
    while (document + 1 < documentStarts.length && documentStarts[document + 1] <= match.index) document++;
    const offset = match.index + match[1].length + match[2].length + match[3].length;
    const isKind = match[1] === 'kind';
    if (isKind) kindOf.set(document, match[4]);
    found.push({ offset, length: match[4].length, type: isKind ? TYPE : NAMESPACE, document, value: match[4] });
  }

  const data: number[] = [];
  let previousLine = 0;
  let previousStart = 0;
  let line = 0;
  let lineStart = 0;
  for (const token of found) {
    const kind = kindOf.get(token.document);
    if (!isKindName(kind)) continue; // only the documents Shipshape knows
    while (true) {
      const next = text.indexOf('\n', lineStart);
      if (next === -1 || next >= token.offset) break;
      line++;
      lineStart = next + 1;
    }
    const character = token.offset - lineStart;
    const deprecated = token.type === NAMESPACE && token.value in KINDS[kind].removed ? DEPRECATED : 0;
    data.push(
      line - previousLine,
      line === previousLine ? character - previousStart : character,
      token.length,
      token.type,
      deprecated,
    );
    previousLine = line;
    previousStart = character;
  }
  return data;
}
