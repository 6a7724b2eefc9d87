/**
 * A `.dockerignore` pattern as a matcher that never backtracks (issue 15, item 3): the same language as the regular
 * expression it replaces (`*`: any run of characters but a slash; `?`: one such character; a double star: anything;
 * a double star and a slash: any run of whole folders, or none; `[...]` classes with `!` negation; `\` escapes), simulated as a set of states over the path, O(pattern x path). A regular expression built
 * from `*a*a*a*a*a*b` took seconds on a 200-character path, and `[z-a]` threw, failing the whole Dockerfile's check.
 */
type Token =
  | { kind: 'char'; char: string }
  | { kind: 'one' }
  | { kind: 'class'; test: (char: string) => boolean }
  | { kind: 'star' }
  | { kind: 'any' }
  /** The start of a double star and a slash (an anything-run, then a slash): entered, or skipped whole. */
  | { kind: 'group' };

export interface GlobMatcher {
  test(path: string): boolean;
}

export function compileGlob(pattern: string): GlobMatcher {
  const tokens = tokenize(pattern);
  return { test: (path) => matches(tokens, path) };
}

function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index];
    if (char === '*') {
      if (pattern[index + 1] === '*') {
        index++;
        if (pattern[index + 1] === '/') {
          index++;
          tokens.push({ kind: 'group' }, { kind: 'any' }, { kind: 'char', char: '/' });
        } else {
          tokens.push({ kind: 'any' });
        }
      } else {
        tokens.push({ kind: 'star' });
      }
    } else if (char === '?') {
      tokens.push({ kind: 'one' });
    } else if (char === '[' && pattern.indexOf(']', index + 1) !== -1) {
      const close = pattern.indexOf(']', index + 1);
      tokens.push({ kind: 'class', test: characterClass(pattern.slice(index + 1, close)) });
      index = close;
    } else if (char === '\\' && index + 1 < pattern.length) {
      index++;
      tokens.push({ kind: 'char', char: pattern[index] });
    } else {
      tokens.push({ kind: 'char', char });
    }
  }
  return tokens;
}

/** `[abc]`, `[a-z]`, `[!a-z]` (a reversed range matches nothing rather than throwing). */
function characterClass(body: string): (char: string) => boolean {
  const negated = body.startsWith('!') || body.startsWith('^');
  const members = negated ? body.slice(1) : body;
  const ranges: Array<[number, number]> = [];
  for (let index = 0; index < members.length; index++) {
    const low = members.charCodeAt(index);
    if (members[index + 1] === '-' && index + 2 < members.length) {
      ranges.push([low, members.charCodeAt(index + 2)]);
      index += 2;
    } else {
      ranges.push([low, low]);
    }
  }
  return (char) => {
    const code = char.charCodeAt(0);
    const inside = ranges.some(([low, high]) => code >= low && code <= high);
    return negated ? !inside : inside;
  };
}

function matches(tokens: readonly Token[], path: string): boolean {
  let states = closure(tokens, new Set([0]));
  for (const char of path) {
    const next = new Set<number>();
    for (const state of states) {
      const token = tokens[state];
      if (!token) continue;
      switch (token.kind) {
        case 'char':
          if (token.char === char) next.add(state + 1);
          break;
        case 'one':
          if (char !== '/') next.add(state + 1);
          break;
        case 'class':
          if (token.test(char)) next.add(state + 1);
          break;
        case 'star':
          if (char !== '/') next.add(state);
          break;
        case 'any':
          next.add(state);
          break;
      }
    }
    if (next.size === 0) return false;
    states = closure(tokens, next);
  }
  return states.has(tokens.length);
}

/** Adds the states reachable without reading a character: past a star or a double star, past a whole folder group. */
function closure(tokens: readonly Token[], states: Set<number>): Set<number> {
  const pending = [...states];
  while (pending.length > 0) {
    const state = pending.pop()!;
    const token = tokens[state];
    const targets =
      token?.kind === 'star' || token?.kind === 'any'
        ? [state + 1]
        : token?.kind === 'group'
          ? [state + 1, state + 3]
          : [];
    for (const target of targets) {
      if (!states.has(target)) {
        states.add(target);
        pending.push(target);
      }
    }
  }
  return states;
}
