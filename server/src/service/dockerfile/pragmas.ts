import type { Fix } from '../types';
import type { DockerfileContext } from './context';
import type { Comment, Instruction } from './parse/model';

const IGNORE = /^hadolint\s+(global\s+)?ignore\s*=\s*([\w/-]+(?:\s*,\s*[\w/-]+)*)/;

export const messages = {
  ignoreTitle: (id: string) => `Ignore ${id} here (# hadolint ignore)`,
};

/**
 * The suppressions users already write: `# hadolint ignore=A,B` (the next instruction), `# hadolint global
 * ignore=A,B` (the whole file) and BuildKit's `# check=skip=A,B` directive (or `skip=all`).
 */
export class Suppressions {
  private readonly global = new Set<string>();
  private skipAll = false;
  /** Ignored ids per line of each instruction a pragma stands above. */
  private readonly byLine = new Map<number, Set<string>>();
  /** The pragma comment directly above an instruction (by the instruction's first line), for merging new ids in. */
  readonly pragmaAbove = new Map<number, { comment: Comment; idsEnd: number }>();

  constructor(context: DockerfileContext) {
    for (const directive of context.parsed.directives) {
      if (directive.name !== 'check') continue;
      for (const part of directive.value.split(';')) {
        const [key, value = ''] = part.split('=').map((piece) => piece.trim());
        if (key !== 'skip') continue;
        for (const id of value.split(',').map((piece) => piece.trim())) {
          if (id === 'all') this.skipAll = true;
          else if (id) this.global.add(id);
        }
      }
    }
    const comments = context.parsed.comments;
    if (comments.length === 0) return;
    const instructions = context.instructions;
    let next = 0;
    for (const comment of comments) {
      const match = IGNORE.exec(comment.text);
      if (!match) continue;
      const ids = match[2].split(',').map((id) => id.trim());
      if (match[1]) {
        for (const id of ids) this.global.add(id);
        continue;
      }
      while (next < instructions.length && instructions[next].line <= comment.line) next++;
      const target: Instruction | undefined = instructions[next];
      if (!target) continue;
      for (let line = target.line; line <= target.endLine; line++) {
        const set = this.byLine.get(line) ?? new Set<string>();
        for (const id of ids) set.add(id);
        this.byLine.set(line, set);
      }
      if (comment.line === target.line - 1) {
        const idsStart = comment.start + context.text.slice(comment.start, comment.end).indexOf(match[2]);
        this.pragmaAbove.set(target.line, { comment, idsEnd: idsStart + match[2].length });
      }
    }
  }

  /** True when `id` is suppressed for a finding starting on `line`. */
  suppressed(id: string, line: number): boolean {
    return this.skipAll || this.global.has(id) || this.byLine.get(line)?.has(id) === true;
  }
}

/**
 * "Ignore this rule here": merges the id into the `# hadolint ignore=` line right above the instruction, or writes
 * one there, instead of stacking a second pragma line.
 */
export function ignoreFix(context: DockerfileContext, suppressions: Suppressions, instruction: Instruction, id: string): Fix {
  const above = suppressions.pragmaAbove.get(instruction.line);
  if (above) return { title: messages.ignoreTitle(id), edits: [context.insert(above.idsEnd, `,${id}`)] };
  const lineStart = context.lineStartOf(instruction.keywordStart);
  return { title: messages.ignoreTitle(id), edits: [context.insert(lineStart, `${context.indentOf(instruction.keywordStart)}# hadolint ignore=${id}\n`)] };
}
