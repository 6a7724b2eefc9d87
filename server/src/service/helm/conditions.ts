/**
 * The condition of an `{{ if }}`, read as far as `not`, `and`, `or` and parentheses go: what tells two separate `if`s
 * that never both print (`if not .Values.pdb.maxUnavailable` and `if .Values.pdb.maxUnavailable`; `if and .a (not .b)`
 * and `if .b`). Anything else (`hasKey $spec "k"`, a pipeline) is an atom known by its text, true or false
 * independently of every other atom, with one exception: `eq X "a"` and `eq X "b"` (a value against literals, `ne`
 * read as `not eq`) never both hold for the same X, so `if eq .Values.kind "Deployment"` and `if eq .Values.kind
 * "StatefulSet"` are exclusive; and `empty X` is `not X`. Two conditions are exclusive only when that alone makes them
 * so. A `with X` holds exactly when `if X` would (text/template tests the same truth of X for both), so its condition
 * is read the same way: `with .Values.podAnnotations` and `if not .Values.podAnnotations` never both print.
 */
export type Condition =
  { op: 'atom'; text: string } | { op: 'not'; arg: Condition } | { op: 'and' | 'or'; args: Condition[] };

/** Atoms in two conditions together, at most: exclusivity is decided by trying every assignment of them. */
export const MAX_ATOMS = 6;
/** A condition longer than this is not read (a hostile template stays cheap). */
const MAX_LENGTH = 300;

/** The condition of an `if` action's body after `if`, or undefined when it cannot be read. */
export function parseCondition(text: string): Condition | undefined {
  if (text.length > MAX_LENGTH || text.includes('|') || /\$\w*\s*:?=/.test(text)) return undefined;
  const tokens = tokenize(text);
  if (!tokens) return undefined;
  const parser = new Parser(tokens);
  const condition = parser.expression();
  return condition && parser.done() ? condition : undefined;
}

/** Whether no assignment of the atoms makes both true (one that makes two `eq`s of a value hold at once is none). */
export function exclusiveConditions(a: Condition, b: Condition): boolean {
  const atoms = new Map<string, number>();
  collectAtoms(a, atoms);
  collectAtoms(b, atoms);
  if (atoms.size > MAX_ATOMS) return false;
  const equalities = equalitiesOf(atoms);
  for (let assignment = 0; assignment < 1 << atoms.size; assignment++) {
    if (!possible(equalities, assignment)) continue;
    if (evaluate(a, atoms, assignment) && evaluate(b, atoms, assignment)) return false;
  }
  return true;
}

/** An `eq` atom: its bit in an assignment, the value it compares, and the literals it compares it with. */
interface Equality {
  bit: number;
  subject: string;
  literals: ReadonlySet<string>;
}

/**
 * `eq X L1 L2...` (X a field or variable: `.Values.kind`, `$.Values.kind`, `$kind`; each L a string, number or
 * boolean literal, keyed with its type: `eq .x 1` and `eq .x "1"` compare different things), either way round.
 */
function equalityOf(text: string): { subject: string; literals: Set<string> } | undefined {
  const words = text.split(' ');
  if (words[0] !== 'eq' || words.length < 3) return undefined;
  const subjects = words.slice(1).filter((word) => /^[.$]/.test(word));
  const literals = words.slice(1).filter((word) => !/^[.$]/.test(word));
  if (subjects.length !== 1 || (words[1] !== subjects[0] && words.length !== 3)) return undefined;
  const keys = new Set<string>();
  for (const literal of literals) {
    const key = literalKey(literal);
    if (key === undefined) return undefined;
    keys.add(key);
  }
  return { subject: subjects[0], literals: keys };
}

function literalKey(word: string): string | undefined {
  if (word.startsWith('"')) {
    try {
      return `s:${JSON.parse(word) as string}`;
    } catch {
      return undefined;
    }
  }
  if (word.startsWith('`') && word.endsWith('`') && word.length >= 2) return `s:${word.slice(1, -1)}`;
  if (/^-?\d+(\.\d+)?$/.test(word)) return `n:${Number(word)}`;
  if (word === 'true' || word === 'false') return `b:${word}`;
  return undefined;
}

function equalitiesOf(atoms: ReadonlyMap<string, number>): Equality[] {
  const equalities: Equality[] = [];
  for (const [text, bit] of atoms) {
    const equality = equalityOf(text);
    if (equality) equalities.push({ bit, ...equality });
  }
  return equalities;
}

/**
 * Whether some value of each compared field satisfies the `eq`s the assignment makes true and the ones it makes
 * false: one of the literals every true one names, and none a false one names (a value outside them all makes
 * every `eq` false, so only the true ones can conflict).
 */
function possible(equalities: readonly Equality[], assignment: number): boolean {
  if (equalities.length < 2) return true;
  const bySubject = new Map<string, { allowed?: Set<string>; excluded: Set<string> }>();
  for (const { bit, subject, literals } of equalities) {
    let value = bySubject.get(subject);
    if (!value) bySubject.set(subject, (value = { excluded: new Set() }));
    if (((assignment >> bit) & 1) === 1)
      value.allowed = new Set([...(value.allowed ?? literals)].filter((literal) => literals.has(literal)));
    else for (const literal of literals) value.excluded.add(literal);
  }
  for (const { allowed, excluded } of bySubject.values())
    if (allowed && [...allowed].every((literal) => excluded.has(literal))) return false;
  return true;
}

function collectAtoms(condition: Condition, atoms: Map<string, number>): void {
  if (condition.op === 'atom') {
    if (!atoms.has(condition.text)) atoms.set(condition.text, atoms.size);
  } else if (condition.op === 'not') collectAtoms(condition.arg, atoms);
  else for (const arg of condition.args) collectAtoms(arg, atoms);
}

function evaluate(condition: Condition, atoms: Map<string, number>, assignment: number): boolean {
  switch (condition.op) {
    case 'atom':
      return ((assignment >> atoms.get(condition.text)!) & 1) === 1;
    case 'not':
      return !evaluate(condition.arg, atoms, assignment);
    case 'and':
      return condition.args.every((arg) => evaluate(arg, atoms, assignment));
    case 'or':
      return condition.args.some((arg) => evaluate(arg, atoms, assignment));
  }
}

/** Words, strings and parentheses; undefined for anything unbalanced. */
function tokenize(text: string): string[] | undefined {
  const tokens: string[] = [];
  const token = /\s*(\(|\)|"(?:[^"\\]|\\.)*"|`[^`]*`|[^\s()"`]+)/y;
  let depth = 0;
  while (token.lastIndex < text.length) {
    const start = token.lastIndex;
    const match = token.exec(text);
    if (!match) return /^\s*$/.test(text.slice(start)) ? (depth === 0 ? tokens : undefined) : undefined;
    if (match[1] === '(') depth++;
    else if (match[1] === ')' && --depth < 0) return undefined;
    tokens.push(match[1]);
  }
  return depth === 0 ? tokens : undefined;
}

/**
 * text/template's call syntax: `not X`, `and X Y...`, `or X Y...` where each argument is a word or a parenthesized
 * expression; any other call (or a bare word) is an atom, its tokens joined by single spaces.
 */
class Parser {
  private at = 0;
  constructor(private readonly tokens: readonly string[]) {}

  done(): boolean {
    return this.at === this.tokens.length;
  }

  /** A whole expression up to the end or the closing parenthesis. */
  expression(): Condition | undefined {
    const head = this.tokens[this.at];
    if (head === 'not' || head === 'and' || head === 'or') {
      this.at++;
      const args: Condition[] = [];
      while (this.at < this.tokens.length && this.tokens[this.at] !== ')') {
        const arg = this.argument();
        if (!arg) return undefined;
        args.push(arg);
      }
      if (head === 'not') return args.length === 1 ? { op: 'not', arg: args[0] } : undefined;
      return args.length >= 1 ? { op: head, args } : undefined;
    }
    const start = this.at;
    let depth = 0;
    while (this.at < this.tokens.length && (depth > 0 || this.tokens[this.at] !== ')')) {
      if (this.tokens[this.at] === '(') depth++;
      else if (this.tokens[this.at] === ')') depth--;
      this.at++;
    }
    if (this.at === start) return undefined;
    return atomOf(this.tokens.slice(start, this.at));
  }

  private argument(): Condition | undefined {
    const token = this.tokens[this.at];
    if (token !== '(') {
      this.at++;
      return { op: 'atom', text: token };
    }
    this.at++;
    const inner = this.expression();
    if (!inner || this.tokens[this.at] !== ')') return undefined;
    this.at++;
    return inner;
  }
}

/**
 * An atom of these tokens: `ne X L` is read as `not (eq X L)`, so that it meets the `eq`s of X; `empty X` as `not X`
 * (Sprig's `empty` is true exactly for the values `if` takes as false: false, 0, nil, an empty string, list or map).
 */
function atomOf(tokens: readonly string[]): Condition {
  if (tokens[0] === 'ne' && tokens.length === 3)
    return { op: 'not', arg: { op: 'atom', text: ['eq', ...tokens.slice(1)].join(' ') } };
  if (tokens[0] === 'empty' && tokens.length === 2 && /^[.$]/.test(tokens[1]))
    return { op: 'not', arg: { op: 'atom', text: tokens[1] } };
  return { op: 'atom', text: tokens.join(' ') };
}
