/** A `$NAME` or `${NAME...}` reference inside a word: the name, and document offsets of the whole reference and the name. */
export interface VariableReference {
  name: string;
  start: number;
  end: number;
  nameStart: number;
  nameEnd: number;
  /** `${NAME:-default}` and friends: the reference has a fallback, so an undefined variable is intended. */
  hasModifier: boolean;
}

const REFERENCE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)([^}]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/** The variable references in `text`, which starts at document offset `offset`; `\$` (with the file's escape) is literal. */
export function findReferences(text: string, offset: number, escape: string): VariableReference[] {
  if (!text.includes('$')) return [];
  const references: VariableReference[] = [];
  REFERENCE.lastIndex = 0;
  for (let match = REFERENCE.exec(text); match; match = REFERENCE.exec(text)) {
    if (match.index > 0 && text[match.index - 1] === escape) continue;
    const name = match[1] ?? match[3];
    const nameStart = offset + match.index + (match[1] ? 2 : 1);
    references.push({
      name,
      start: offset + match.index,
      end: offset + match.index + match[0].length,
      nameStart,
      nameEnd: nameStart + name.length,
      hasModifier: Boolean(match[2]),
    });
  }
  return references;
}

/** One `key=value` (or legacy `key value`) pair of an ENV, ARG or LABEL, with document offsets. */
export interface KeyValue {
  key: string;
  value: string | undefined;
  keyStart: number;
  keyEnd: number;
  valueStart: number;
  end: number;
}

/** Removes one level of surrounding quotes, as BuildKit does for ENV/ARG/LABEL values. */
export function unquote(value: string): string {
  if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value[value.length - 1] === value[0])
    return value.slice(1, -1);
  return value;
}
