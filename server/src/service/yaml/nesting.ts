/**
 * How deeply a YAML text nests, estimated in one linear pass without parsing: the `yaml` parser and composer
 * recurse once per level, and 10,000 nested sequences overflow the stack (and take seconds before that).
 * No Deployment or HPA comes near the limit; a text beyond it is reported once and not parsed.
 */
export const MAX_YAML_NESTING = 256;

/**
 * The nesting depth of a YAML text: open block collections (by indentation and by `- `, `? `, `: ` indicators
 * on one line, as in `- - - a`) plus open flow collections (`[`, `{`). Block scalars' contents, quoted strings and
 * comments are skipped. An estimate (a sequence written at its parent key's indentation counts as its parent's
 * level), exact enough to keep the parser far from the stack's end. Stops counting once past `limit`.
 */
export function yamlNestingDepth(text: string, limit = MAX_YAML_NESTING): number {
  const blockColumns: number[] = [];
  let flow = 0;
  let deepest = 0;
  let blockScalarParent = -1;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    let column = lineStart;
    while (column < lineEnd && text[column] === ' ') column++;
    const indent = column - lineStart;
    const blank = column >= lineEnd || text[column] === '#' || text[column] === '\r';
    if (blockScalarParent >= 0 && (blank || indent > blockScalarParent)) {
      // Inside a block scalar (`|` or `>`): its lines are text, however they are indented.
    } else if (!blank) {
      blockScalarParent = -1;
      if (flow === 0) {
        while (blockColumns.length > 0 && blockColumns[blockColumns.length - 1] >= indent) blockColumns.pop();
        // Each indicator followed by a space opens one more level on the same line: `- - key: - a`.
        let at = column;
        for (;;) {
          blockColumns.push(at - lineStart);
          if (blockColumns.length > limit) return blockColumns.length;
          const char = text[at];
          if ((char === '-' || char === '?' || char === ':') && (text[at + 1] === ' ' || at + 1 >= lineEnd)) {
            at++;
            while (at < lineEnd && text[at] === ' ') at++;
            if (at >= lineEnd) break;
          } else {
            break;
          }
        }
      }
      const scanned = scanLine(text, column, lineEnd, flow, blockColumns.length, limit);
      flow = scanned.flow;
      deepest = Math.max(deepest, scanned.deepest);
      if (deepest > limit) return deepest;
      if (scanned.blockScalar) blockScalarParent = indent;
    }
    deepest = Math.max(deepest, blockColumns.length + flow);
    if (deepest > limit) return deepest;
    lineStart = lineEnd + 1;
  }
  return deepest;
}

/**
 * Flow brackets on one line and block indicators later on it (`key: - - a`, which the lexer recurses on even though
 * it is invalid), outside quotes and comments; whether the line opens a block scalar.
 */
function scanLine(
  text: string,
  from: number,
  to: number,
  flow: number,
  block: number,
  limit: number,
): { flow: number; deepest: number; blockScalar: boolean } {
  let deepest = block + flow;
  let indicators = 0;
  let quote = '';
  let lastSignificant = '';
  let lastSignificantAt = -1;
  for (let at = from; at < to; at++) {
    const char = text[at];
    if (quote) {
      if (char === quote) quote = '';
      continue;
    }
    if (char === '#' && (at === from || text[at - 1] === ' ' || text[at - 1] === '\t')) break;
    if ((char === '"' || char === "'") && (at === from || /[\s[{,:]/.test(text[at - 1]))) quote = char;
    else if (char === '[' || char === '{') {
      flow++;
      if (block + flow > deepest) deepest = block + flow;
      if (deepest > limit) break;
    } else if ((char === ']' || char === '}') && flow > 0) flow--;
    else if (
      flow === 0 &&
      (char === '-' || char === '?' || char === ':') &&
      at > from &&
      (at + 1 >= to || text[at + 1] === ' ')
    ) {
      indicators++;
      if (block + indicators > deepest) deepest = block + indicators;
      if (deepest > limit) break;
    }
    if (char !== ' ' && char !== '\t' && char !== '\r') {
      lastSignificant = char;
      lastSignificantAt = at;
    }
  }
  // `key: |`, `- >-`, `key: |2+`: the following more-indented lines are a block scalar.
  const tail = lastSignificantAt >= 0 ? text.slice(Math.max(from, lastSignificantAt - 3), lastSignificantAt + 1) : '';
  const blockScalar = flow === 0 && /(?:^|[\s:-])[|>][0-9+-]{0,2}$/.test(tail) && lastSignificant !== '';
  return { flow, deepest, blockScalar };
}
