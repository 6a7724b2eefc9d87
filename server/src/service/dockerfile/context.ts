import type { Position, Range, TextEdit } from 'vscode-languageserver-types';
import type { HadolintConfig } from './config/hadolintConfig';
import type { DockerIgnore } from './config/dockerignore';
import { Logical } from './parse/logical';
import type { Instruction, ParsedDockerfile, Word } from './parse/model';
import { parseShell, type ShellCommand } from './parse/shell';

/**
 * A build stage: its FROM, its name (`AS name`), its base image or parent stage, and its instructions. Instructions
 * written before any FROM (other than the global ARGs) form an implicit stage without a FROM: BuildKit rejects such a
 * file (dockerfile/no-from), and hadolint checks those instructions as it checks any others, so the rules still
 * read them as a stage (hadolint's specs mostly omit FROM).
 */
export interface Stage {
  index: number;
  /** The stage's FROM; undefined for the implicit stage of instructions written before any FROM. */
  from: Instruction | undefined;
  /** The `AS name` word, if any. */
  name: Word | undefined;
  /** The base image word (`node:20`, `${BASE}`, or a previous stage's name). */
  image: Word | undefined;
  /** The earlier stage this one builds on (`FROM builder`), if any. */
  parent: Stage | undefined;
  instructions: Instruction[];
}

/** The "AS" word of a FROM and the stage name after it, when written so. */
export function fromParts(from: Instruction): {
  image: Word | undefined;
  as: Word | undefined;
  name: Word | undefined;
} {
  const [image, as, name] = from.args;
  const hasAs = as !== undefined && as.value.toUpperCase() === 'AS';
  return { image, as: hasAs ? as : undefined, name: hasAs ? name : undefined };
}

/**
 * What every rule reads: the file parsed once (by dockerfile-ast), its stages, shell commands parsed on first use and shared, the
 * hadolint configuration and the `.dockerignore`, and helpers that turn document offsets into LSP ranges and edits.
 */
export class DockerfileContext {
  readonly text: string;
  readonly instructions: readonly Instruction[];
  readonly stages: readonly Stage[];
  /** ARGs before the first FROM: the only variables FROM can use. */
  readonly globalArgs: readonly Instruction[];
  private readonly shellCache = new Map<Instruction, ShellCommand[]>();
  private readonly memos = new Map<string, unknown>();
  private readonly stageByInstruction = new Map<Instruction, Stage>();

  constructor(
    readonly parsed: ParsedDockerfile,
    readonly config: HadolintConfig,
    readonly dockerignore: DockerIgnore | undefined,
  ) {
    this.text = parsed.text;
    this.instructions = parsed.instructions;
    const stages: Stage[] = [];
    const globalArgs: Instruction[] = [];
    for (const instruction of parsed.instructions) {
      if (instruction.keyword === 'FROM') {
        const { image, name } = fromParts(instruction);
        const imageName = image?.value.toLowerCase();
        const parent =
          imageName === undefined
            ? undefined
            : [...stages].reverse().find((stage) => stage.name?.value.toLowerCase() === imageName);
        stages.push({ index: stages.length, from: instruction, name, image, parent, instructions: [] });
      } else if (stages.length === 0) {
        if (instruction.keyword === 'ARG') {
          globalArgs.push(instruction);
          continue;
        }
        stages.push({
          index: 0,
          from: undefined,
          name: undefined,
          image: undefined,
          parent: undefined,
          instructions: [],
        });
      }
      const stage = stages[stages.length - 1];
      stage.instructions.push(instruction);
      this.stageByInstruction.set(instruction, stage);
      if (instruction.trigger) this.stageByInstruction.set(instruction.trigger, stage);
    }
    this.stages = stages;
    this.globalArgs = globalArgs;
  }

  stageOf(instruction: Instruction): Stage | undefined {
    return this.stageByInstruction.get(instruction);
  }

  /** The stage named `name` (case-insensitive, as BuildKit compares), defined before `before` if given. */
  stageNamed(name: string, before?: Stage): Stage | undefined {
    const lower = name.toLowerCase();
    return this.stages.find(
      (stage) => (before === undefined || stage.index < before.index) && stage.name?.value.toLowerCase() === lower,
    );
  }

  /** The shell commands of a shell-form RUN (and of its here-documents), parsed once per validation. */
  shell(instruction: Instruction): ShellCommand[] {
    let commands = this.shellCache.get(instruction);
    if (commands === undefined) {
      commands = [];
      if (!instruction.json) {
        commands = parseShell(instruction.body.slice(instruction.argsAt));
        for (const heredoc of instruction.heredocs) {
          commands.push(
            ...parseShell(
              Logical.single(this.text.slice(heredoc.contentStart, heredoc.contentEnd), heredoc.contentStart),
            ),
          );
        }
      }
      this.shellCache.set(instruction, commands);
    }
    return commands;
  }

  /** Every RUN, ONBUILD RUN triggers included. */
  runs(): readonly Instruction[] {
    return this.memo('runs', () => {
      const runs: Instruction[] = [];
      for (const instruction of this.instructions) {
        const effective = instruction.trigger ?? instruction;
        if (effective.keyword === 'RUN') runs.push(effective);
      }
      return runs;
    });
  }

  /** A value computed once per validation and shared by the rules that need it (`key` names it). */
  memo<T>(key: string, compute: () => T): T {
    if (!this.memos.has(key)) this.memos.set(key, compute());
    return this.memos.get(key) as T;
  }

  position(offset: number): Position {
    return this.parsed.document.positionAt(offset);
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }

  edit(start: number, end: number, newText: string): TextEdit {
    return { range: this.range(start, end), newText };
  }

  insert(offset: number, newText: string): TextEdit {
    return this.edit(offset, offset, newText);
  }

  /** The offset where the line holding `offset` starts. */
  lineStartOf(offset: number): number {
    return this.parsed.document.offsetAt({ line: this.parsed.document.positionAt(offset).line, character: 0 });
  }

  /** The indentation of the line holding `offset`. */
  indentOf(offset: number): string {
    const start = this.lineStartOf(offset);
    return /^[ \t]*/.exec(this.text.slice(start, offset))?.[0] ?? '';
  }
}
