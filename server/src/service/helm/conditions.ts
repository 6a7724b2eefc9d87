/**
 * The condition of an `{{ if }}`, read as far as `not`, `and`, `or` and parentheses go: what tells two separate `if`s
 * that never both print (`if not .Values.pdb.maxUnavailable` and `if .Values.pdb.maxUnavailable`; `if and .a (not .b)`
 * and `if .b`). Anything else (`eq .x "y"`, `hasKey $spec "k"`, a pipeline) is an atom known by its text, true or
 * false independently of every other atom: two conditions are exclusive only when that alone makes them so.
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

/** Whether no assignment of the atoms makes both true. */
export function exclusiveConditions(a: Condition, b: Condition): boolean {
  const atoms = new Map<string, number>();
  collectAtoms(a, atoms);
  collectAtoms(b, atoms);
  if (atoms.size > MAX_ATOMS) return false;
  for (let assignment = 0; assignment < 1 << atoms.size; assignment++) {
    if (evaluate(a, atoms, assignment) && evaluate(b, atoms, assignment)) return false;
  }
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
    return { op: 'atom', text: this.tokens.slice(start, this.at).join(' ') };
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
