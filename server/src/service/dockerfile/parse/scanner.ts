import { Logical } from './logical';
import type { Comment, Directive, Heredoc, Instruction, JsonForm, ParsedDockerfile, Word } from './model';

const DIRECTIVE = /^[ \t]*#[ \t]*([a-zA-Z][a-zA-Z0-9_-]*)[ \t]*=[ \t]*(.*?)[ \t]*$/;
const HEREDOC = /<<(-?)(["']?)([A-Za-z0-9_][A-Za-z0-9_.-]*)\2/g;
const HEREDOC_INSTRUCTIONS = new Set(['RUN', 'COPY', 'ADD']);

/**
 * Scans a Dockerfile in one linear pass into instructions with exact document offsets. BuildKit's own grammar:
 * directives at the top, `#` comment lines (also inside continuations), the escape character joining lines,
 * here-documents. It never throws: any text, even binary junk, scans into something rules can report on.
 */
export function scanDockerfile(text: string): ParsedDockerfile {
  const lineStarts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) lineStarts.push(index + 1);
  const lineCount = lineStarts.length;
  const lineEnd = (line: number) => {
    let end = line + 1 < lineCount ? lineStarts[line + 1] - 1 : text.length;
    if (end > lineStarts[line] && text.charCodeAt(end - 1) === 13) end--;
    return end;
  };

  const directives: Directive[] = [];
  const comments: Comment[] = [];
  const instructions: Instruction[] = [];
  let escape = '\\';
  let line = 0;

  // Directives: only before any blank line, other comment or instruction.
  for (; line < lineCount; line++) {
    const start = lineStarts[line];
    const content = text.slice(start, lineEnd(line));
    const match = DIRECTIVE.exec(content);
    if (!match) break;
    const name = match[1].toLowerCase();
    if (directives.some((directive) => directive.name === name)) break;
    const valueStart = start + content.indexOf(match[2], content.indexOf('=') + 1);
    directives.push({ name, value: match[2], start: start + content.indexOf('#'), end: start + content.length, valueStart, line });
    if (name === 'escape' && (match[2] === '`' || match[2] === '\\')) escape = match[2];
  }

  const firstNonBlank = (from: number, to: number) => {
    let index = from;
    while (index < to && (text.charCodeAt(index) === 32 || text.charCodeAt(index) === 9)) index++;
    return index;
  };
  /** Where a line's continuation escape sits (trailing whitespace allowed after it), or -1. */
  const continuationAt = (from: number, to: number) => {
    let index = to - 1;
    while (index >= from && (text.charCodeAt(index) === 32 || text.charCodeAt(index) === 9)) index--;
    return index >= from && text[index] === escape ? index : -1;
  };

  while (line < lineCount) {
    const start = lineStarts[line];
    const end = lineEnd(line);
    const first = firstNonBlank(start, end);
    if (first === end) {
      line++;
      continue;
    }
    if (text[first] === '#') {
      comments.push({ text: text.slice(first + 1, end).trim(), start: first, end, line });
      line++;
      continue;
    }
    // An instruction: the keyword, then the rest of the logical line.
    let keywordEnd = first;
    while (keywordEnd < end && !isSpace(text.charCodeAt(keywordEnd))) keywordEnd++;
    if (keywordEnd - first > 1 && text[keywordEnd - 1] === escape && keywordEnd === continuationAt(first, end) + 1) keywordEnd--;
    const written = text.slice(first, keywordEnd);
    const parts: string[] = [];
    const segments: Array<{ at: number; doc: number }> = [];
    const emptyContinuations: number[] = [];
    let length = 0;
    let segmentStart = keywordEnd;
    let currentEnd = end;
    let lastLine = line;
    let lastEnd = end;
    for (;;) {
      const escapeAt = continuationAt(segmentStart, currentEnd);
      const segmentEnd = escapeAt === -1 ? currentEnd : escapeAt;
      segments.push({ at: length, doc: segmentStart });
      parts.push(text.slice(segmentStart, segmentEnd));
      length += segmentEnd - segmentStart;
      lastLine = line;
      lastEnd = currentEnd;
      line++;
      if (escapeAt === -1) break;
      // Continued: skip comment lines and note empty ones; stop at the end of the file.
      let next = -1;
      while (line < lineCount) {
        const nextStart = lineStarts[line];
        const nextEnd = lineEnd(line);
        const nextFirst = firstNonBlank(nextStart, nextEnd);
        if (nextFirst === nextEnd) {
          if (line + 1 < lineCount) emptyContinuations.push(nextStart);
          line++;
          continue;
        }
        if (text[nextFirst] === '#') {
          comments.push({ text: text.slice(nextFirst + 1, nextEnd).trim(), start: nextFirst, end: nextEnd, line });
          line++;
          continue;
        }
        next = line;
        break;
      }
      if (next === -1) break;
      segmentStart = lineStarts[next];
      currentEnd = lineEnd(next);
    }
    const body = new Logical(parts.length === 1 ? parts[0] : parts.join(''), segments);
    const keyword = written.toUpperCase();
    const instruction = buildInstruction(body, keyword, written, first, keywordEnd, escape);
    instruction.line = lineOf(lineStarts, first);
    instruction.endLine = lastLine;
    instruction.end = lastEnd;
    instruction.emptyContinuations = emptyContinuations.filter((offset) => offset < lastEnd);
    // Here-documents: their bodies follow the instruction's last line.
    const heredocKeyword = keyword === 'ONBUILD' ? instruction.trigger?.keyword : keyword;
    if (heredocKeyword && HEREDOC_INSTRUCTIONS.has(heredocKeyword) && !instruction.json && body.text.includes('<<')) {
      HEREDOC.lastIndex = 0;
      for (let match = HEREDOC.exec(body.text); match; match = HEREDOC.exec(body.text)) {
        if (body.text[match.index + match[0].length] === '<' || body.text[match.index - 1] === '<') continue;
        const stripTabs = match[1] === '-';
        const name = match[3];
        const contentStart = line < lineCount ? lineStarts[line] : text.length;
        let terminated = false;
        let contentEnd = text.length;
        while (line < lineCount) {
          const candidateStart = lineStarts[line];
          const candidate = text.slice(candidateStart, lineEnd(line));
          line++;
          if ((stripTabs ? candidate.replace(/^\t+/, '') : candidate) === name) {
            terminated = true;
            contentEnd = candidateStart;
            lastLine = line - 1;
            lastEnd = lineEnd(lastLine);
            break;
          }
        }
        if (!terminated) {
          lastLine = lineCount - 1;
          lastEnd = text.length;
        }
        const heredoc: Heredoc = {
          name,
          start: body.docOffset(match.index),
          end: body.docEnd(match.index + match[0].length),
          contentStart,
          contentEnd,
          terminated,
        };
        (instruction.trigger ?? instruction).heredocs.push(heredoc);
        instruction.endLine = lastLine;
        instruction.end = lastEnd;
      }
    }
    instructions.push(instruction);
  }
  return { text, lineStarts, escape, directives, comments, instructions };
}

function buildInstruction(body: Logical, keyword: string, written: string, start: number, keywordEnd: number, escape: string): Instruction {
  const instruction: Instruction = {
    keyword,
    written,
    keywordStart: start,
    keywordEnd,
    start,
    end: keywordEnd,
    line: 0,
    endLine: 0,
    body,
    flags: [],
    args: [],
    argsAt: body.text.length,
    json: undefined,
    heredocs: [],
    trigger: undefined,
    emptyContinuations: [],
  };
  const source = body.text;
  let at = 0;
  // Flags come first: `--name[=value]` words.
  for (;;) {
    at = skipSpaces(source, at);
    if (!source.startsWith('--', at)) break;
    const wordEnd = wordEndAt(source, at, escape);
    const raw = source.slice(at, wordEnd);
    const equals = raw.indexOf('=');
    const name = equals === -1 ? raw.slice(2) : raw.slice(2, equals);
    instruction.flags.push({
      name,
      value: equals === -1 ? undefined : raw.slice(equals + 1),
      start: body.docOffset(at),
      end: body.docEnd(wordEnd),
      nameStart: body.docOffset(at + 2),
      nameEnd: body.docEnd(at + 2 + name.length),
      valueStart: equals === -1 ? body.docEnd(wordEnd) : body.docOffset(at + equals + 1),
    });
    at = wordEnd;
  }
  instruction.argsAt = at;
  if (keyword === 'ONBUILD') {
    const triggerStart = skipSpaces(source, at);
    if (triggerStart < source.length) {
      const triggerKeywordEnd = wordEndAt(source, triggerStart, escape);
      const triggerWritten = source.slice(triggerStart, triggerKeywordEnd);
      const triggerBody = body.slice(triggerKeywordEnd);
      instruction.trigger = buildInstruction(
        triggerBody,
        triggerWritten.toUpperCase(),
        triggerWritten,
        body.docOffset(triggerStart),
        body.docEnd(triggerKeywordEnd),
        escape,
      );
    }
  }
  const args: Word[] = [];
  for (let index = skipSpaces(source, at); index < source.length; index = skipSpaces(source, index)) {
    const wordEnd = wordEndAt(source, index, escape);
    args.push({ value: source.slice(index, wordEnd), start: body.docOffset(index), end: body.docEnd(wordEnd) });
    index = wordEnd;
  }
  instruction.args = args;
  if (source.charCodeAt(skipSpaces(source, at)) === 91 /* [ */) instruction.json = parseJsonForm(source, skipSpaces(source, at), body);
  instruction.end = body.docEnd(source.length);
  return instruction;
}

/** A JSON array of strings, as BuildKit accepts it for the exec form; undefined when it is not one (then it is shell form). */
function parseJsonForm(source: string, open: number, body: Logical): JsonForm | undefined {
  const values: Word[] = [];
  let index = skipSpaces(source, open + 1);
  if (source[index] === ']') {
    return skipSpaces(source, index + 1) === source.length ? { values, start: body.docOffset(open), end: body.docEnd(index + 1) } : undefined;
  }
  for (;;) {
    if (source[index] !== '"') return undefined;
    const stringStart = index;
    index++;
    while (index < source.length && source[index] !== '"') index += source[index] === '\\' ? 2 : 1;
    if (index >= source.length) return undefined;
    const raw = source.slice(stringStart, index + 1);
    let value: string;
    try {
      value = JSON.parse(raw) as string;
    } catch {
      // Not valid JSON (a bad escape): BuildKit then reads the whole thing as shell form, and so do we.
      return undefined;
    }
    values.push({ value, start: body.docOffset(stringStart), end: body.docEnd(index + 1) });
    index = skipSpaces(source, index + 1);
    if (source[index] === ',') {
      index = skipSpaces(source, index + 1);
      continue;
    }
    if (source[index] === ']' && skipSpaces(source, index + 1) === source.length) {
      return { values, start: body.docOffset(open), end: body.docEnd(index + 1) };
    }
    return undefined;
  }
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

function skipSpaces(source: string, index: number): number {
  while (index < source.length && isSpace(source.charCodeAt(index))) index++;
  return index;
}

/** The end of the word starting at `index`: whitespace ends it, except inside quotes or after the escape character. */
function wordEndAt(source: string, index: number, escape: string): number {
  let quote = '';
  while (index < source.length) {
    const char = source[index];
    if (char === escape && index + 1 < source.length) {
      index += 2;
      continue;
    }
    if (quote) {
      if (char === quote) quote = '';
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (isSpace(source.charCodeAt(index))) {
      break;
    }
    index++;
  }
  return index;
}

/** The zero-based line of a document offset. */
export function lineOf(lineStarts: readonly number[], offset: number): number {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (lineStarts[middle] <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}
