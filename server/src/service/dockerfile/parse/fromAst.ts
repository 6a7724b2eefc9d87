import {
  DockerfileParser,
  Instruction as AstInstructionClass,
  type Argument,
  type Flag as AstFlag,
  type Heredoc as AstHeredoc,
  type Instruction as AstInstruction,
  type JSONInstruction,
  type Onbuild,
  type PropertyInstruction,
} from 'dockerfile-ast';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position } from 'vscode-languageserver-types';
import { readContinuedLine, type Logical } from './logical';
import type { Comment, Directive, Flag, Heredoc, Instruction, JsonForm, ParsedDockerfile, Word } from './model';

/** The instructions dockerfile-ast reads flags of (`getFlags`); the others' leading `--` words are taken as flags below. */
const AST_FLAGS = new Set(['FROM', 'COPY', 'ADD', 'RUN', 'HEALTHCHECK']);
/** Key/value instructions: dockerfile-ast's `getPropertyArguments` splits them as BuildKit does, quotes respected. */
const PROPERTIES = new Set(['ENV', 'ARG', 'LABEL']);
const HEREDOC_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);
/** BuildKit's parser-directive name: one word. */
const DIRECTIVE_NAME = /^[a-zA-Z][a-zA-Z0-9_-]*$/;

/**
 * The Shipshape model of a Dockerfile, built from dockerfile-ast's parse (one parse per call, shared by every
 * rule): instructions, keywords, arguments, flags, JSON forms, here-documents, ONBUILD triggers, comments and parser
 * directives all come from the AST. Document offsets are converted from the AST's LSP ranges through one
 * TextDocument. What dockerfile-ast does not expose is read from the document text, narrowly, and said so where it
 * is done: the logical line of an instruction (see `readContinuedLine`), `# check=` values with spaces, and which of
 * the AST's "directives" BuildKit would take as comments. A word's or flag value's text is the document text of the
 * AST's range (not the unescaped `getValue()`), so that offsets inside it stay document offsets. The AST's argument
 * split is cached for the duration of the call (`withArgumentCache`): it is most of dockerfile-ast's time.
 */
export function parseDockerfile(text: string): ParsedDockerfile {
  return withArgumentCache(() => adapt(text));
}

function adapt(text: string): ParsedDockerfile {
  const document = TextDocument.create('', 'dockerfile', 0, text);
  const ast = DockerfileParser.parse(text);
  const escape = ast.getEscapeCharacter();
  const offset = (position: Position) => document.offsetAt(position);

  const directives: Directive[] = [];
  const comments: Comment[] = [];
  let directivesEnded = false;
  for (const directive of ast.getDirectives()) {
    const range = directive.getRange();
    const start = offset(range.start);
    const end = offset(range.end);
    const nameRange = directive.getNameRange();
    const rawName = text.slice(offset(nameRange.start), offset(nameRange.end));
    const name = rawName.toLowerCase();
    // dockerfile-ast takes `# hadolint ignore=DL3008` on the first line for a directive named "hadolint"; BuildKit
    // takes a directive name to be one word before the `=`, and stops at a repeated one: the rest are comments.
    const equals = text.indexOf('=', offset(nameRange.end));
    directivesEnded ||=
      !DIRECTIVE_NAME.test(rawName) ||
      !/^[ \t]*$/.test(text.slice(offset(nameRange.end), equals)) ||
      directives.some((seen) => seen.name === name);
    if (directivesEnded) {
      comments.push({ text: text.slice(start + 1, end).trim(), start, end, line: range.start.line });
      continue;
    }
    const valueStart = offset(directive.getValueRange().start);
    // The value to the end of the line: dockerfile-ast's stops at the first space (`# check=skip=A; error=true`).
    const value = text.slice(valueStart, end).replace(/[ \t]+$/, '');
    directives.push({ name, value, start, end, valueStart, line: range.start.line });
  }
  for (const comment of ast.getComments()) {
    const range = comment.getRange();
    comments.push({
      text: comment.getContent(),
      start: offset(range.start),
      end: offset(range.end),
      line: range.start.line,
    });
  }

  const adapter = new Adapter(text, document, escape);
  const instructions = ast.getInstructions().map((instruction) => adapter.instruction(instruction));
  return { text, document, escape, directives, comments, instructions };
}

type SplitsArguments = { getRawArguments?: (this: AstInstruction) => Argument[] };
const SPLIT = Symbol('shipshape.arguments');
type CachesSplit = AstInstruction & { [SPLIT]?: Argument[] };

/**
 * dockerfile-ast (0.7) splits an instruction's arguments afresh on every call, and its own parse asks several times
 * per instruction (for the JSON form, the flags, the here-documents, on two instances of each instruction). For one
 * parse and its adaptation, each instruction keeps its split (on itself, so that it goes with the instruction) and
 * every caller gets its own copy of the array: the AST's instructions and arguments never change once built. The
 * library's method is put back before returning; if a later version has no such method, nothing is cached.
 */
function withArgumentCache<T>(run: () => T): T {
  const prototype = AstInstructionClass.prototype as unknown as SplitsArguments;
  const original = prototype.getRawArguments;
  if (typeof original !== 'function') return run();
  prototype.getRawArguments = function (this: CachesSplit) {
    let args = this[SPLIT];
    if (args === undefined) {
      args = original.call(this);
      this[SPLIT] = args;
    }
    return args.slice();
  };
  try {
    return run();
  } finally {
    prototype.getRawArguments = original;
  }
}

class Adapter {
  constructor(
    private readonly text: string,
    private readonly document: TextDocument,
    private readonly escape: string,
  ) {}

  private offset(position: Position): number {
    return this.document.offsetAt(position);
  }

  instruction(ast: AstInstruction): Instruction {
    const keyword = ast.getKeyword();
    const keywordRange = ast.getInstructionRange();
    const keywordStart = this.offset(keywordRange.start);
    const keywordEnd = this.offset(keywordRange.end);
    const range = ast.getRange();
    const line = this.readLine(keywordEnd);
    const body = line.body;

    // Arguments and flags: dockerfile-ast's words, each read once (the AST recomputes them on every call). Words
    // past the logical line are here-document bodies, which dockerfile-ast counts among the arguments.
    let flags: Flag[];
    let words: Argument[];
    if (AST_FLAGS.has(keyword)) {
      flags = (ast as JSONInstruction).getFlags().map((flag) => this.flag(flag, body));
      words = (ast as JSONInstruction).getArguments();
    } else {
      const all = PROPERTIES.has(keyword) ? (ast as PropertyInstruction).getPropertyArguments() : ast.getArguments();
      // BuildKit reads leading `--name=value` words as flags on every instruction (and refuses unknown ones), while
      // dockerfile-ast only has getFlags on the five that take some: the same split, on the AST's words.
      let count = 0;
      while (count < all.length && all[count].getValue().startsWith('--')) count++;
      flags = all.slice(0, count).map((word) => this.flagOfWord(word, body));
      words = count === 0 ? all : all.slice(count);
    }
    const args: Word[] = [];
    for (const word of words) {
      const wordRange = word.getRange();
      const start = this.offset(wordRange.start);
      if (start >= line.end) break;
      const end = this.offset(wordRange.end);
      args.push({ value: this.textOf(body, start, end, wordRange.start.line === wordRange.end.line), start, end });
    }

    // Where the arguments start in the logical line: after the flags and the blanks that follow them.
    let argsAt = flags.length > 0 ? body.logicalAt(flags[flags.length - 1].end - 1) + 1 : 0;
    while (argsAt < body.text.length && isSpace(body.text.charCodeAt(argsAt))) argsAt++;

    const json = 'getJSONStrings' in ast ? this.jsonForm(ast as JSONInstruction, body, line.end) : undefined;
    const instruction: Instruction = {
      keyword,
      written: ast.getInstruction(),
      keywordStart,
      keywordEnd,
      start: keywordStart,
      end: line.end,
      line: range.start.line,
      endLine: line.end === this.offset(range.end) ? range.end.line : this.document.positionAt(line.end).line,
      body,
      flags,
      args,
      argsAt,
      json,
      heredocs: [],
      trigger: undefined,
      emptyContinuations: line.emptyContinuations,
    };
    if (keyword === 'ONBUILD') {
      const trigger = (ast as Onbuild).getTriggerInstruction();
      if (trigger) instruction.trigger = this.instruction(trigger);
    }
    const effective = instruction.trigger ?? instruction;
    if (
      effective === instruction &&
      HEREDOC_KEYWORDS.has(keyword) &&
      !json &&
      args.some((word) => word.value.startsWith('<<'))
    ) {
      instruction.heredocs = this.heredocs(astHeredocs(ast as unknown as { getHeredocs(): AstHeredoc[] }), line.end);
    }
    if (effective.heredocs.length > 0) {
      // The instruction runs on to the end of its last here-document, as dockerfile-ast's range does.
      instruction.end = this.offset(range.end);
      instruction.endLine = range.end.line;
    }
    return instruction;
  }

  /** The logical line after a keyword (dockerfile-ast has no such text; see `readContinuedLine`). */
  private readLine(from: number) {
    return readContinuedLine(this.text, from, this.escape);
  }

  /**
   * The text of an AST span as written: on one line, the document slice; across continuations, the logical text.
   * Not the AST's unescaped `getValue()`, so that an offset inside a value is its document offset.
   */
  private textOf(body: Logical, start: number, end: number, oneLine: boolean): string {
    return oneLine ? this.text.slice(start, end) : body.textOf(start, end);
  }

  private flag(flag: AstFlag, body: Logical): Flag {
    const range = flag.getRange();
    const start = this.offset(range.start);
    const end = this.offset(range.end);
    const nameRange = flag.getNameRange();
    // `--` alone: dockerfile-ast puts the (empty) name before the flag; it is after the dashes.
    const nameStart = Math.max(this.offset(nameRange.start), Math.min(start + 2, end));
    const nameEnd = Math.max(this.offset(nameRange.end), nameStart);
    const valueRange = flag.getValueRange();
    const valueStart = valueRange ? this.offset(valueRange.start) : end;
    return {
      name: flag.getName(),
      value: valueRange ? this.textOf(body, valueStart, end, valueRange.start.line === range.end.line) : undefined,
      start,
      end,
      nameStart,
      nameEnd,
      valueStart,
    };
  }

  /** A leading `--name[=value]` word of an instruction dockerfile-ast has no getFlags for. */
  private flagOfWord(word: Argument, body: Logical): Flag {
    const range = word.getRange();
    const start = this.offset(range.start);
    const end = this.offset(range.end);
    const raw = this.textOf(body, start, end, range.start.line === range.end.line);
    const equals = raw.indexOf('=');
    const name = equals === -1 ? raw.slice(2) : raw.slice(2, equals);
    const at = body.logicalAt(start);
    return {
      name,
      value: equals === -1 ? undefined : raw.slice(equals + 1),
      start,
      end,
      nameStart: body.docOffset(at + 2),
      nameEnd: body.docEnd(at + 2 + name.length),
      valueStart: equals === -1 ? end : body.docOffset(at + equals + 1),
    };
  }

  /**
   * The exec form, from dockerfile-ast's brackets and JSON strings; undefined when BuildKit would read shell form:
   * no closing bracket, something after it, or not valid JSON (`["a",]`, a bad escape), which JSON.parse decides.
   */
  private jsonForm(ast: JSONInstruction, body: Logical, lineEnd: number): JsonForm | undefined {
    const open = ast.getOpeningBracket();
    const close = ast.getClosingBracket();
    if (!open || !close) return undefined;
    const start = this.offset(open.getRange().start);
    const end = this.offset(close.getRange().end);
    if (end > lineEnd || body.text.slice(body.logicalAt(end - 1) + 1).trim() !== '') return undefined;
    let decoded: unknown;
    try {
      decoded = JSON.parse(body.textOf(start, end));
    } catch {
      return undefined;
    }
    const strings = ast.getJSONStrings();
    if (
      !Array.isArray(decoded) ||
      decoded.length !== strings.length ||
      decoded.some((value) => typeof value !== 'string')
    )
      return undefined;
    const values: Word[] = strings.map((string, index) => {
      const range = string.getRange();
      return { value: decoded[index] as string, start: this.offset(range.start), end: this.offset(range.end) };
    });
    return { values, start, end };
  }

  /**
   * dockerfile-ast's here-documents: the `<<NAME` marker and whether a terminator was found. Each body runs from the
   * line after the previous one's terminator (the first: after the instruction's line) to its terminator line.
   */
  private heredocs(found: AstHeredoc[], lineEnd: number): Heredoc[] {
    const heredocs: Heredoc[] = [];
    let contentStart = this.offset({ line: this.document.positionAt(lineEnd).line + 1, character: 0 });
    for (const heredoc of found) {
      const marker = heredoc.getStartRange();
      const delimiter = heredoc.getDelimiterRange();
      const contentEnd = delimiter ? this.offset({ line: delimiter.start.line, character: 0 }) : this.text.length;
      heredocs.push({
        name: heredoc.getName(),
        start: this.offset(marker.start),
        end: this.offset(marker.end),
        contentStart: Math.min(contentStart, contentEnd),
        contentEnd,
        terminated: delimiter !== null,
      });
      contentStart = delimiter ? this.offset({ line: delimiter.end.line + 1, character: 0 }) : this.text.length;
    }
    return heredocs;
  }
}

/**
 * dockerfile-ast's here-documents of an instruction. Its getHeredocs throws on some broken input (`RUN <<EOF\`,
 * then `x#`, then `EOFx`: found by the fuzzer, issue 15), which failed the whole Dockerfile's check: none then.
 */
function astHeredocs(ast: { getHeredocs(): AstHeredoc[] }): AstHeredoc[] {
  try {
    return ast.getHeredocs();
  } catch {
    return [];
  }
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}
