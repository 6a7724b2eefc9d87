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
}

/**
 * Splits shell text into simple commands. Not a full POSIX parser: quotes, escapes, `$(...)` and backquotes are kept
 * inside words, and the control operators split commands. It is what the best-practice rules need (which program
 * runs with which arguments) and it is linear in the text.
 */
export function parseShell(logical: Logical): ShellCommand[] {
  const source = logical.text;
  const commands: ShellCommand[] = [];
  let words: ShellWord[] = [];
  const finish = (next: string, at = -1) => {
    const nextAt = at === -1 ? -1 : logical.docOffset(at);
    let first = 0;
    while (first < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[first].value)) first++;
    const kept = words.slice(first);
    if (kept.length > 0) {
      commands.push({ words: kept, name: kept[0].value, next, nextAt, start: kept[0].start, end: kept[kept.length - 1].end });
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
      index += 2;
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
      index++;
      continue;
    }
    const word = readWord(source, index);
    words.push({ value: word.value, start: logical.docOffset(index), end: logical.docEnd(word.end) });
    index = word.end === index ? index + 1 : word.end;
  }
  finish('');
  return commands;
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
