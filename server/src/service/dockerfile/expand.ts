/**
 * BuildKit's word expansion (moby/buildkit frontend/dockerfile/shell/lex.go, `ProcessWordWithMatches`), for the
 * checks that must know what a word becomes with the defaults alone: quotes are removed (single quotes keep `$`
 * literal), the escape character keeps the next one literal, and `$NAME`, `${NAME}`, `${NAME-word}`,
 * `${NAME:-word}`, `${NAME+word}`, `${NAME:+word}`, `${NAME?msg}`, `${NAME#pattern}`, `${NAME##pattern}`,
 * `${NAME%pattern}`, `${NAME%%pattern}`, `${NAME/pattern/replacement}` and `${NAME//pattern/replacement}` expand as
 * there. An unset variable becomes "" (BuildKit leaves it for UndefinedVar/UndefinedArgInFrom to report).
 * dockerfile-ast resolves a plain `$NAME` to an ARG's text but knows none of the operators, hence this module.
 */

/** What BuildKit fails on (bad substitution, `${NAME?}` unset, an unclosed quote): it then skips its checks. */
export class ExpansionError extends Error {}

/** The variables set, by name; a name absent is unset (which `${NAME-word}` tells apart from set to ""). */
export type Variables = ReadonlyMap<string, string>;

/** `word` expanded with `variables`; throws `ExpansionError` where BuildKit's lexer returns an error. */
export function expandWord(word: string, variables: Variables, escape = '\\'): string {
  return new Expander([...word], variables, escape).until(undefined, false);
}

/** The single-character special parameters of POSIX sh (`$@`, `$#`...): BuildKit reads them as names. */
const SPECIAL = new Set(['@', '*', '#', '?', '-', '$', '!', '0']);
const NAME_CHAR = /^[\p{L}\p{N}_]$/u;
const DIGIT = /^\p{Nd}$/u;

class Expander {
  private at = 0;
  /** Set while reading a `#`, `%` or `/` pattern, as BuildKit's `rawEscapes` (double quotes inside follow it too). */
  private rawEscapes = false;

  constructor(
    private readonly chars: readonly string[],
    private readonly variables: Variables,
    private readonly escape: string,
  ) {}

  private peek(): string | undefined {
    return this.chars[this.at];
  }

  private next(): string | undefined {
    return this.chars[this.at++];
  }

  /**
   * Reads up to `stop` (consumed) or the end. `rawEscapes` keeps the escape character in the result: BuildKit does
   * so inside `#`, `%` and `/` patterns, where `\*` must still reach the pattern as an escaped `*`.
   */
  until(stop: string | undefined, rawEscapes: boolean): string {
    const outer = this.rawEscapes;
    this.rawEscapes = rawEscapes;
    try {
      return this.read(stop);
    } finally {
      this.rawEscapes = outer;
    }
  }

  private read(stop: string | undefined): string {
    let result = '';
    for (let ch = this.peek(); ch !== undefined; ch = this.peek()) {
      if (ch === stop) {
        this.next();
        return result;
      }
      if (ch === '$') result += this.dollar();
      else if (ch === "'") result += this.singleQuoted();
      else if (ch === '"') result += this.doubleQuoted();
      else {
        this.next();
        if (ch === this.escape) {
          if (this.rawEscapes) result += ch;
          const escaped = this.next();
          if (escaped === undefined) break;
          result += escaped;
        } else result += ch;
      }
    }
    if (stop !== undefined) throw new ExpansionError(`unexpected end of statement while looking for matching ${stop}`);
    return result;
  }

  private singleQuoted(): string {
    this.next();
    let result = '';
    for (let ch = this.next(); ch !== "'"; ch = this.next()) {
      if (ch === undefined)
        throw new ExpansionError('unexpected end of statement while looking for matching single-quote');
      result += ch;
    }
    return result;
  }

  /** Inside double quotes only `$` expands, and the escape character escapes only `"`, `$` and itself. */
  private doubleQuoted(): string {
    this.next();
    let result = '';
    for (;;) {
      const peeked = this.peek();
      if (peeked === undefined)
        throw new ExpansionError('unexpected end of statement while looking for matching double-quote');
      if (peeked === '"') {
        this.next();
        return result;
      }
      if (peeked === '$') {
        result += this.dollar();
        continue;
      }
      let ch = this.next() as string;
      if (ch === this.escape) {
        if (this.rawEscapes) result += ch;
        const following = this.peek();
        if (following === undefined) continue; // BuildKit drops an escape at the end of the word
        if (following === '"' || following === '$' || following === this.escape) ch = this.next() as string;
      }
      result += ch;
    }
  }

  /** A name: digits if it starts with one, a single special parameter, or letters, digits and `_`. */
  private name(): string {
    const first = this.peek();
    if (first === undefined) return '';
    if (DIGIT.test(first)) {
      let digits = '';
      while (this.peek() !== undefined && DIGIT.test(this.peek() as string)) digits += this.next();
      return digits;
    }
    if (SPECIAL.has(first)) return this.next() as string;
    let name = '';
    while (this.peek() !== undefined && NAME_CHAR.test(this.peek() as string)) name += this.next();
    return name;
  }

  private dollar(): string {
    this.next();
    if (this.peek() !== '{') {
      const name = this.name();
      return name === '' ? '$' : (this.variables.get(name) ?? '');
    }
    this.next();
    const first = this.peek();
    if (first === undefined) throw new ExpansionError("syntax error: missing '}'");
    if (first === '{' || first === '}' || first === ':') throw new ExpansionError('syntax error: bad substitution');
    const name = this.name();
    let operator = this.next();
    const value = this.variables.get(name);
    if (operator === '}') return value ?? '';
    if (operator === '/') return this.replace(value);
    // `:` makes an empty value count as unset for `-`, `+` and `?`; BuildKit reads the next character as the operator.
    const colon = operator === ':';
    if (colon) operator = this.next();
    if (operator === undefined || !'+-?#%'.includes(operator))
      throw new ExpansionError(`unsupported modifier (${operator ?? ''}) in substitution`);
    let word = this.until('}', operator === '#' || operator === '%');
    const unset = value === undefined || (colon && value === '');
    switch (operator) {
      case '-':
        return unset ? word : (value ?? '');
      case '+':
        return unset ? '' : word;
      case '?':
        if (unset) throw new ExpansionError(`${name}: ${word || 'is not allowed to be unset or empty'}`);
        return value ?? '';
      default: {
        // `#`/`%` remove the shortest matching prefix/suffix, `##`/`%%` the longest.
        const greedy = word.startsWith(operator);
        if (greedy) word = word.slice(1);
        return operator === '#' ? trimPrefix(word, value ?? '', greedy) : trimSuffix(word, value ?? '', greedy);
      }
    }
  }

  /** `${NAME/pattern/replacement}` replaces the first (longest) match, `${NAME//pattern/replacement}` all. */
  private replace(value: string | undefined): string {
    const all = this.peek() === '/';
    if (all) this.next();
    const pattern = this.until('/', true);
    const replacement = this.until('}', true);
    const regex = patternToRegex(pattern, true, false, all);
    return (value ?? '').replace(regex, () => replacement);
  }
}

/**
 * A shell pattern as a regular expression, as BuildKit's `convertShellPatternToRegex`: `*` any string (shortest
 * unless `greedy`), `?` one character, `\` escapes `*`, `?` and `\` (and is dropped before `}` and `/`); no brackets.
 */
function patternToRegex(pattern: string, greedy: boolean, anchored: boolean, global = false): RegExp {
  const chars = [...pattern];
  let source = anchored ? '^' : '';
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (ch === '*') source += greedy ? '.*' : '.*?';
    else if (ch === '?') source += '.';
    else if (ch === '\\') {
      const escaped = chars[i + 1];
      if (escaped === '}' || escaped === '/') continue;
      if (escaped !== '*' && escaped !== '?' && escaped !== '\\')
        throw new ExpansionError(`invalid escape '\\${escaped ?? ''}'`);
      source += '\\' + escaped;
      i++;
    } else if ('[]{}.+()|^$'.includes(ch)) source += '\\' + ch;
    else source += ch;
  }
  return new RegExp(source, global ? 'g' : '');
}

function trimPrefix(pattern: string, value: string, greedy: boolean): string {
  const match = patternToRegex(pattern, greedy, true).exec(value);
  return match ? value.slice(match[0].length) : value;
}

/** Regular expressions find the leftmost match only, so BuildKit reverses both the pattern and the value. */
function trimSuffix(pattern: string, value: string, greedy: boolean): string {
  return reverse(trimPrefix(reversePattern(pattern), reverse(value), greedy));
}

function reverse(text: string): string {
  return [...text].reverse().join('');
}

/** Reverses a pattern but keeps each `\x` escape in front of the character it escapes. */
function reversePattern(pattern: string): string {
  const chars = [...pattern];
  const pieces: string[] = [];
  for (let i = 0; i < chars.length; i++) {
    if (chars[i] === '\\' && i < chars.length - 1) {
      pieces.push('\\' + chars[i + 1]);
      i++;
    } else pieces.push(chars[i]);
  }
  return pieces.reverse().join('');
}
