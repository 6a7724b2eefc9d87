/**
 * Finds the Go template actions (`{{ ... }}`) of a Helm template and says what each one does to the text around it:
 * prints something (a value, an `include`, a `toYaml | nindent N`), or prints nothing (`if`, `else`, `end`, `range`,
 * `with`, a variable assignment, a comment, a `fail`). The grammar followed is text/template's lexer (lex.go in the Go
 * source: actions end at the first `}}` outside a string, a raw string or a comment; `{{-` and `-}}` trim spaces).
 */

export type ActionKind = 'output' | 'control' | 'comment';

/** What a control action does to the nesting of the template. */
export type ControlEffect = 'open' | 'branch' | 'close' | 'none';

export interface TemplateAction {
  /** Offset of `{{`. */
  start: number;
  /** Offset just past `}}` (or the end of the line, for an action that is never closed). */
  end: number;
  kind: ActionKind;
  effect: ControlEffect;
  /** `define`: its body is a named template, printed elsewhere, never here. */
  defines: boolean;
  /** `range`: its body is printed once per item, with `.` and its variables bound to each in turn. */
  ranges: boolean;
  /**
   * `with`, `else with`, `range`: the branch it starts runs with `.` bound to another value, so a condition written in
   * it that reads `.Values.x` reads something else than the same text outside.
   */
  bindsDot: boolean;
  /** It reads a template variable (`$name`, not `$.`): its value may differ between two places of equal text. */
  readsVariable: boolean;
  /** `if`, `with`, `else if`, `else with`: the text of the condition (what follows the word), read by conditions.ts. */
  condition?: string;
  /** The N of the last `indent N` / `nindent N` of an output action: the column its output starts at. */
  indent?: number;
  /** That last call is `nindent`: the output starts on a line of its own (after the line break it prints first). */
  startsLine?: boolean;
  /**
   * The named template an output action prints (`include "x" .`, `template "x" .`, first in its pipeline): without an
   * `indent` after it, where its lines go is the named template's to say, not the action's column.
   */
  helper?: string;
  closed: boolean;
}

const OPENERS = new Set(['if', 'range', 'with', 'define', 'block']);
/**
 * Actions that are neither blocks nor printing: `break` and `continue`, and `fail`, which stops the rendering with its
 * message (Helm's function: a rendering that reaches it prints no manifest at all). Read as printing, an indented
 * `{{- fail "maxReplicas is required" }}` guard above `apiVersion:` became a scalar that broke the whole document.
 */
const SILENT = new Set(['break', 'continue', 'fail']);
const INDENT_CALL = /\b(n?)indent\s+(\d{1,3})\b/g;
/** `include "name" ...`, `template "name" ...` (a raw-string name too) opening a pipeline. */
const HELPER_CALL = /^(include|template)\s+(?:"((?:[^"\\]|\\.)*)"|`([^`]*)`)/;

/** Every action in the text, in order. Cheap: one pass, no regular expression over the whole text. */
export function findActions(text: string): TemplateAction[] {
  const actions: TemplateAction[] = [];
  let start = text.indexOf('{{');
  while (start !== -1) {
    const { end, closed } = actionEnd(text, start + 2);
    actions.push(classify(text, start, end, closed));
    start = text.indexOf('{{', end);
  }
  return actions;
}

/** Where the action whose body starts at `from` ends: after its `}}`, skipping strings and comments. */
function actionEnd(text: string, from: number): { end: number; closed: boolean } {
  let index = from;
  while (index < text.length) {
    const char = text[index];
    if (char === '"') {
      index = skipQuoted(text, index + 1, '"');
    } else if (char === '`') {
      const close = text.indexOf('`', index + 1);
      index = close === -1 ? text.length : close + 1;
    } else if (char === '/' && text[index + 1] === '*') {
      const close = text.indexOf('*/', index + 2);
      index = close === -1 ? text.length : close + 2;
    } else if (char === '}' && text[index + 1] === '}') {
      return { end: index + 2, closed: true };
    } else if (char === '{' && text[index + 1] === '{') {
      break; // a new action starts: this one was never closed
    } else {
      index++;
    }
  }
  // Never closed (the user is typing it): it covers the rest of its line, so the lines below still parse.
  const lineEnd = text.indexOf('\n', from);
  return { end: lineEnd === -1 ? text.length : lineEnd, closed: false };
}

/** Past the closing quote of a Go string (escapes honoured); a string never spans lines. */
function skipQuoted(text: string, from: number, quote: string): number {
  let index = from;
  while (index < text.length) {
    const char = text[index];
    if (char === '\\') index += 2;
    else if (char === quote) return index + 1;
    else if (char === '\n') return index;
    else index++;
  }
  return index;
}

function classify(text: string, start: number, end: number, closed: boolean): TemplateAction {
  let bodyStart = start + 2;
  let bodyEnd = closed ? end - 2 : end;
  if (text[bodyStart] === '-') bodyStart++;
  if (closed && text[bodyEnd - 1] === '-') bodyEnd--;
  const body = text.slice(bodyStart, bodyEnd).trim();
  const action: TemplateAction = {
    start,
    end,
    closed,
    kind: 'output',
    effect: 'none',
    defines: false,
    ranges: false,
    bindsDot: false,
    readsVariable: body.includes('$') && VARIABLE.test(body),
  };
  if (body.startsWith('/*')) {
    action.kind = 'comment';
    return action;
  }
  const word = WORD.exec(body)?.[0] ?? '';
  if (OPENERS.has(word)) {
    action.kind = 'control';
    action.effect = 'open';
    action.defines = word === 'define';
    action.ranges = word === 'range';
    action.bindsDot = word === 'range' || word === 'with';
    if (word === 'if' || word === 'with') action.condition = body.slice(word.length).trim();
  } else if (word === 'else' || word === 'end') {
    action.kind = 'control';
    action.effect = word === 'else' ? 'branch' : 'close';
    const chained = ELSE_CHAIN.exec(body);
    if (chained) action.condition = body.slice(chained[0].length).trim();
    action.bindsDot = chained?.[1] === 'with';
  } else if (SILENT.has(word) || (body.startsWith('$') && ASSIGNMENT.test(body))) {
    action.kind = 'control';
  } else {
    const helper = HELPER_CALL.exec(body);
    if (helper) action.helper = helper[2] ?? helper[3];
    // The last indent of the pipeline is the one that places the output.
    if (body.includes('indent'))
      for (const match of body.matchAll(INDENT_CALL)) {
        action.indent = Number(match[2]);
        action.startsLine = match[1] === 'n';
      }
  }
  return action;
}

const WORD = /^[a-z]+/;
const ELSE_CHAIN = /^else\s+(if|with)\b/;
const VARIABLE = /\$[A-Za-z_]/;
const ASSIGNMENT = /^\$\w*\s*:?=/;
