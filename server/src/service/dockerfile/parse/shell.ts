import type { Logical } from './logical';

/** A shell word: its value with quotes removed, and document offsets of the word as written. */
export interface ShellWord {
  value: string;
  start: number;
  end: number;
}

/** One simple command of a RUN: its words (leading `VAR=value` assignments dropped) and what separates it from the next. */
export interface ShellCommand {
  /** The program and its arguments. */
  words: ShellWord[];
  name: string;
  /** The operator after this command: `&&`, `||`, `;`, `|`, `&`, a newline, or '' at the end. */
  next: string;
  /** Document offset of the operator after this command (-1 at the end). */
  nextAt: number;
  /** Document offsets from the first word to the last. */
  start: number;
  end: number;
  /** How many `( ... )` subshells enclose the command: a `cd` in one lasts only until its `)`. */
  subshell: number;
}

/**
 * Splits shell text into simple commands. Not a full POSIX parser: quotes, escapes, `$(...)` and backquotes are kept
 * inside words, and the control operators split commands. It is what the best-practice rules need (which program
 * runs with which arguments) and it is linear in the text. The patterns of a `case` (`amd64 | arm64)`) are skipped:
 * their `|` is an alternative, not a pipe, and a pattern is not a command.
 */
export function parseShell(logical: Logical): ShellCommand[] {
  const source = logical.text;
  const commands: ShellCommand[] = [];
  let words: ShellWord[] = [];
  let subshell = 0;
  /** Open `case ... in` statements; `inPatterns` is true where the next clause's pattern list is expected. */
  let openCases = 0;
  let inPatterns = false;
  const finish = (next: string, at = -1) => {
    const nextAt = at === -1 ? -1 : logical.docOffset(at);
    let first = 0;
    // Reserved words that open a compound command (`if`, `then`, `do`, `!`...) and leading `VAR=value` assignments
    // are not the program: `then echo x | sha256sum -c` runs echo.
    while (
      first < words.length &&
      (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[first].value) || LEADING_RESERVED.has(words[first].value))
    )
      first++;
    const kept = words.slice(first);
    if (kept.length > 0) {
      commands.push({
        words: kept,
        name: kept[0].value,
        next,
        nextAt,
        start: kept[0].start,
        end: kept[kept.length - 1].end,
        subshell,
      });
    } else if (commands.length > 0 && next !== '' && commands[commands.length - 1].next === '') {
      commands[commands.length - 1].next = next;
      commands[commands.length - 1].nextAt = nextAt;
    }
    words = [];
  };
  let index = 0;
  while (index < source.length) {
    const char = source[index];
    if (char === ' ' || char === '\t' || char === '\r') {
      index++;
      continue;
    }
    if (inPatterns) {
      index = skipCasePatterns(source, index, () => {
        openCases--;
      });
      inPatterns = false;
      continue;
    }
    if (char === '\n') {
      finish('\n', index);
      index++;
      continue;
    }
    if (char === '#' && (index === 0 || isBlank(source.charCodeAt(index - 1)))) {
      while (index < source.length && source[index] !== '\n') index++;
      continue;
    }
    const two = source.slice(index, index + 2);
    if (two === '&&' || two === '||' || two === ';;') {
      finish(two, index);
      index += two === ';;' && source[index + 2] === '&' ? 3 : 2;
      // After a clause's `;;` comes the next pattern list (or `esac`).
      if (two === ';;' && openCases > 0) inPatterns = true;
      continue;
    }
    if (two === ';&' && openCases > 0) {
      finish(';', index);
      index += 2;
      inPatterns = true;
      continue;
    }
    if (char === ';' || char === '|' || char === '&') {
      finish(char, index);
      index++;
      continue;
    }
    if (char === '(' || char === ')' || char === '{' || char === '}') {
      // Subshells and groups: their contents are commands like any other.
      if (char === '{' || char === '}') {
        const after = source[index + 1];
        if (after !== undefined && !isBlank(after.charCodeAt(0)) && after !== ';') {
          const word = readWord(source, index);
          words.push({ value: word.value, start: logical.docOffset(index), end: logical.docEnd(word.end) });
          index = word.end;
          continue;
        }
      }
      finish(';');
      if (char === '(') subshell++;
      else if (char === ')' && subshell > 0) subshell--;
      index++;
      continue;
    }
    const word = readWord(source, index);
    if (words.length === 0 && word.value === 'esac' && openCases > 0) {
      // The last clause of a case may end without `;;`.
      openCases--;
      index = word.end;
      continue;
    }
    words.push({ value: word.value, start: logical.docOffset(index), end: logical.docEnd(word.end) });
    index = word.end === index ? index + 1 : word.end;
    if (words.length === 3 && words[0].value === 'case' && word.value === 'in') {
      // `case WORD in`: a command of its own, then the first pattern list.
      finish(';');
      openCases++;
      inPatterns = true;
    }
  }
  finish('');
  return commands;
}

const LEADING_RESERVED = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!']);

/**
 * Skips one pattern list of a case statement (`(a | b)`, or `esac` closing the case) from `index`, blanks and
 * newlines included, and returns the offset after it. `closeCase` is called when the list is `esac`.
 */
function skipCasePatterns(source: string, index: number, closeCase: () => void): number {
  while (index < source.length && /[\s;#]/.test(source[index])) {
    if (source[index] === '#') while (index < source.length && source[index] !== '\n') index++;
    else index++;
  }
  const word = readWord(source, index);
  if (word.value === 'esac') {
    closeCase();
    return word.end;
  }
  if (source[index] === '(') index++;
  while (index < source.length && source[index] !== ')') {
    if (/[\s|]/.test(source[index])) {
      index++;
      continue;
    }
    const pattern = readWord(source, index);
    index = pattern.end === index ? index + 1 : pattern.end;
  }
  return index + 1;
}

function readWord(source: string, index: number): { value: string; end: number } {
  let value = '';
  while (index < source.length) {
    const char = source[index];
    if (char === '\\') {
      if (source[index + 1] === '\n') {
        index += 2;
        continue;
      }
      value += source[index + 1] ?? '';
      index += 2;
      continue;
    }
    if (char === "'") {
      const close = source.indexOf("'", index + 1);
      const end = close === -1 ? source.length : close;
      value += source.slice(index + 1, end);
      index = end + 1;
      continue;
    }
    if (char === '"') {
      let cursor = index + 1;
      while (cursor < source.length && source[cursor] !== '"') {
        if (source[cursor] === '\\' && cursor + 1 < source.length) {
          value += source[cursor + 1];
          cursor += 2;
        } else {
          value += source[cursor];
          cursor++;
        }
      }
      index = cursor + 1;
      continue;
    }
    if (char === '$' && source[index + 1] === '(') {
      const end = matchingParen(source, index + 1);
      value += source.slice(index, end);
      index = end;
      continue;
    }
    if (char === '`') {
      const close = source.indexOf('`', index + 1);
      const end = close === -1 ? source.length : close + 1;
      value += source.slice(index, end);
      index = end;
      continue;
    }
    if (endsWord(source.charCodeAt(index))) break;
    value += char;
    index++;
  }
  return { value, end: Math.min(index, source.length) };
}

function matchingParen(source: string, open: number): number {
  let depth = 0;
  for (let index = open; index < source.length; index++) {
    if (source[index] === '(') depth++;
    else if (source[index] === ')' && --depth === 0) return index + 1;
  }
  return source.length;
}

/** True when `word` is one of a command's arguments, as a flag (`-y`) or inside a short-flag cluster (`-qy`). */
export function hasFlag(command: ShellCommand, long: readonly string[], short?: string): boolean {
  return command.words.some(
    (word) =>
      long.includes(word.value.split('=')[0]) ||
      (short !== undefined && /^-[A-Za-z]+$/.test(word.value) && word.value.includes(short)),
  );
}

function isBlank(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

/** Whitespace and the shell's control characters `;&|()` end a word. */
function endsWord(code: number): boolean {
  return isBlank(code) || code === 59 || code === 38 || code === 124 || code === 40 || code === 41;
}
