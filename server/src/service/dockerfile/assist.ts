import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CompletionItemKind,
  MarkupKind,
  type CompletionItem,
  type Hover,
  type Position,
} from 'vscode-languageserver-types';
import { flagsOf, MOUNT_OPTIONS, MOUNT_TYPES, NETWORK_VALUES, SECURITY_VALUES, SHARING_VALUES } from './catalog';
import { DockerfileContext, type Stage } from './context';
import { EMPTY_CONFIG } from './config/hadolintConfig';
import type { Instruction, ParsedDockerfile } from './parse/model';
import { parseDockerfile } from './parse/fromAst';
import { walkScopes, type Definition } from './scope';
import { findReferences } from './variables';

export const messages = {
  definedBy: (kind: string, line: number) => `Defined by ${kind} on line ${line}`,
  builtin: 'Not defined in this Dockerfile: predefined by BuildKit or, usually, set by the base image',
  noValue: '(no default: set with --build-arg)',
};

/** What the cursor is in: the instruction holding it, the word before it and where that word starts. */
interface CursorContext {
  context: DockerfileContext;
  instruction: Instruction | undefined;
  offset: number;
  wordStart: number;
  word: string;
}

function cursorAt(document: TextDocument, position: Position): CursorContext {
  const text = document.getText();
  const parsed: ParsedDockerfile = parseDockerfile(text);
  const context = new DockerfileContext(parsed, EMPTY_CONFIG, undefined);
  const offset = document.offsetAt(position);
  let wordStart = offset;
  while (wordStart > 0 && !/\s/.test(text[wordStart - 1])) wordStart--;
  const instruction = parsed.instructions.find(
    (candidate) => candidate.keywordStart <= offset && offset <= candidate.end,
  );
  return { context, instruction, offset, wordStart, word: text.slice(wordStart, offset) };
}

/**
 * Completion Shipshape adds to rcjsuen's: current BuildKit flags and their values (`--mount=type=cache,...`), stage
 * names after `--from=` and in FROM, and variables in scope after `$`. Undefined when none of these apply, so the
 * caller falls back to dockerfile-language-service.
 */
export function completeExtras(document: TextDocument, position: Position): CompletionItem[] | undefined {
  const cursor = cursorAt(document, position);
  const { context, instruction, word, wordStart, offset } = cursor;
  if (!instruction || offset <= instruction.keywordEnd) return undefined;
  const replace = (start: number) => ({ start: document.positionAt(start), end: position });
  const item = (
    label: string,
    kind: CompletionItemKind,
    start: number,
    detail?: string,
    insert = label,
  ): CompletionItem => ({
    label,
    kind,
    detail,
    textEdit: { range: replace(start), newText: insert },
  });
  const effective =
    instruction.trigger && offset >= instruction.trigger.keywordStart ? instruction.trigger : instruction;
  const stage = context.stageOf(instruction);
  const earlierStages = (before: Stage | undefined) =>
    context.stages
      .filter((candidate) => candidate.name && (before === undefined || candidate.index < before.index))
      .map((candidate) => candidate.name?.value ?? '');

  // Variables: `$NA|` or `${NA|`.
  const dollar = /\$\{?([A-Za-z0-9_]*)$/.exec(word);
  if (dollar) {
    const start = offset - dollar[1].length;
    return [...definitionsAt(context, instruction).values()]
      .filter((definition) => definition.kind !== 'builtin')
      .map((definition) =>
        item(definition.name, CompletionItemKind.Variable, start, definition.value ?? messages.noValue),
      );
  }

  // Flags and their values, only where flags may stand (before the first argument).
  const firstArg = effective.args[0];
  const inFlags = word.startsWith('--') && (firstArg === undefined || wordStart <= firstArg.start);
  if (inFlags) {
    const equals = word.indexOf('=');
    const flags = flagsOf(effective.keyword);
    if (equals === -1) {
      return Object.entries(flags).map(([name, info]) =>
        item(
          `--${name}`,
          CompletionItemKind.Property,
          wordStart,
          info.description,
          info.kind === 'boolean' ? `--${name}` : `--${name}=`,
        ),
      );
    }
    const name = word.slice(2, equals);
    const valueStart = wordStart + equals + 1;
    const value = word.slice(equals + 1);
    const values = (list: readonly string[], start: number, kind: CompletionItemKind = CompletionItemKind.EnumMember) =>
      list.map((entry) => item(entry, kind, start));
    switch (flags[name]?.kind) {
      case 'boolean':
        return values(['true', 'false'], valueStart);
      case 'network':
        return values(NETWORK_VALUES, valueStart);
      case 'security':
        return values(SECURITY_VALUES, valueStart);
      case 'mount': {
        const comma = value.lastIndexOf(',');
        const part = value.slice(comma + 1);
        const partStart = valueStart + comma + 1;
        const partEquals = part.indexOf('=');
        if (partEquals === -1) {
          const type = /(^|,)type=([a-z]+)/.exec(value)?.[2] ?? 'bind';
          return (MOUNT_OPTIONS[type] ?? MOUNT_OPTIONS.bind).map((option) =>
            item(option, CompletionItemKind.Property, partStart, undefined, `${option}=`),
          );
        }
        const key = part.slice(0, partEquals);
        const keyValueStart = partStart + partEquals + 1;
        if (key === 'type') return values(MOUNT_TYPES, keyValueStart);
        if (key === 'sharing') return values(SHARING_VALUES, keyValueStart);
        if (key === 'from') return values(earlierStages(stage), keyValueStart, CompletionItemKind.Reference);
        return [];
      }
      default:
        if (name === 'from') return values(earlierStages(stage), valueStart, CompletionItemKind.Reference);
        if (name === 'platform')
          return values(
            ['$BUILDPLATFORM', '$TARGETPLATFORM', 'linux/amd64', 'linux/arm64'],
            valueStart,
            CompletionItemKind.Value,
          );
        return [];
    }
  }

  // FROM <image>: the stages defined above are images too.
  if (
    effective.keyword === 'FROM' &&
    (firstArg === undefined || wordStart <= firstArg.start) &&
    !word.startsWith('-')
  ) {
    const current = context.stages.find((candidate) => candidate.from === effective);
    const names = earlierStages(current);
    return names.length > 0
      ? names.map((name) => item(name, CompletionItemKind.Reference, wordStart, 'build stage'))
      : undefined;
  }
  return undefined;
}

/** The variables defined before an instruction (global ARGs for FROM). */
function definitionsAt(context: DockerfileContext, target: Instruction): ReadonlyMap<string, Definition> {
  let result: ReadonlyMap<string, Definition> = new Map();
  walkScopes(context, (instruction, defined) => {
    if (instruction === target) result = new Map(defined);
  });
  return result;
}

/** Hover on `$VAR` (its value and where it is defined) and on a flag (what it does); undefined elsewhere. */
export function hoverExtras(document: TextDocument, position: Position): Hover | undefined {
  const { context, instruction, offset } = cursorAt(document, position);
  if (!instruction) return undefined;
  const effective = instruction.trigger ?? instruction;
  for (const flag of effective.flags) {
    if (offset >= flag.start && offset <= flag.nameEnd) {
      const info = flagsOf(effective.keyword)[flag.name];
      if (!info) return undefined;
      return {
        contents: {
          kind: MarkupKind.Markdown,
          value: `**--${flag.name}** (${effective.keyword})\n\n${info.description}`,
        },
        range: context.range(flag.start, flag.nameEnd),
      };
    }
  }
  const raw = context.text.slice(instruction.keywordEnd, instruction.end);
  const reference = findReferences(raw, instruction.keywordEnd, context.parsed.escape).find(
    (candidate) => candidate.start <= offset && offset <= candidate.end,
  );
  if (!reference) return undefined;
  const definition = definitionsAt(context, instruction).get(reference.name);
  const lines = [`**$${reference.name}**`];
  if (!definition || definition.kind === 'builtin') {
    lines.push('', messages.builtin);
  } else {
    lines.push('', definition.value === undefined ? messages.noValue : `\`\`\`\n${definition.value}\n\`\`\``);
    lines.push(
      '',
      messages.definedBy(`\`${definition.kind} ${definition.name}\``, context.position(definition.keyStart).line + 1),
    );
  }
  return {
    contents: { kind: MarkupKind.Markdown, value: lines.join('\n') },
    range: context.range(reference.start, reference.end),
  };
}
