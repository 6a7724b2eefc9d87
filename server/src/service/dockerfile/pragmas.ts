import type { Fix } from '../types';
import type { DockerfileContext } from './context';
import type { Comment, Instruction } from './parse/model';

const IGNORE = /^hadolint\s+(global\s+)?ignore\s*=\s*([\w/-]+(?:\s*,\s*[\w/-]+)*)/;
/**
 * BuildKit's `# check=skip=A,B` (or `skip=all`) in the comments right above an instruction applies to that instruction
 * (frontend/dockerfile/linter/linter.go `WithMergedConfigFromComments`: the value ends at the first space).
 */
const CHECK_COMMENT = /^check\s*=\s*(\S*)/i;
const ALL = '*';

/**
 * The same finding under each tool's name (issue 13: one diagnostic, either tool's pragma silences it): Shipshape
 * reports the hadolint id, BuildKit's `# check=skip=` names the check.
 */
const SAME_FINDING: Record<string, readonly string[]> = {
  DL3025: ['JSONArgsRecommended'],
  DL4000: ['MaintainerDeprecated'],
  DL3000: ['WorkdirRelativePath'],
  DL3024: ['DuplicateStageName'],
  DL4003: ['MultipleInstructionsDisallowed'],
  DL4004: ['MultipleInstructionsDisallowed'],
  DL3012: ['MultipleInstructionsDisallowed'],
  DL3063: ['ReservedStageName'],
  DL3029: ['FromPlatformFlagConstDisallowed'],
  // Reported by BuildKit's check (the same finding), silenced by hadolint's id too.
  SecretsUsedInArgOrEnv: ['DL3064'],
  RedundantTargetPlatform: ['DL3065'],
};

/** The other tool's names for the finding reported as `id` (DL3065 for RedundantTargetPlatform). */
export function sameFindingNames(id: string): readonly string[] {
  return SAME_FINDING[id] ?? [];
}

/** The ids of a `skip=` list in a check directive or comment (`skip=A,B;error=true`). */
function skippedIds(value: string): string[] {
  const ids: string[] = [];
  for (const part of value.split(';')) {
    const [key, list = ''] = part.split('=').map((piece) => piece.trim());
    if (key !== 'skip') continue;
    for (const id of list.split(',').map((piece) => piece.trim())) if (id) ids.push(id === 'all' ? ALL : id);
  }
  return ids;
}

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
      for (const id of skippedIds(directive.value)) {
        if (id === ALL) this.skipAll = true;
        else this.global.add(id);
      }
    }
    const comments = context.parsed.comments;
    if (comments.length === 0) return;
    const instructions = context.instructions;
    let next = 0;
    for (const comment of comments) {
      const check = CHECK_COMMENT.exec(comment.text);
      const match = IGNORE.exec(comment.text);
      if (!match && !check) continue;
      const ids = match ? match[2].split(',').map((id) => id.trim()) : skippedIds(check![1]);
      if (match?.[1]) {
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
      if (match && comment.line === target.line - 1) {
        const idsStart = comment.start + context.text.slice(comment.start, comment.end).indexOf(match[2]);
        this.pragmaAbove.set(target.line, { comment, idsEnd: idsStart + match[2].length });
      }
    }
  }

  /** True when `id` is suppressed for a finding starting on `line`. */
  suppressed(id: string, line: number): boolean {
    if (this.skipAll) return true;
    const here = this.byLine.get(line);
    if (this.global.has(id) || here?.has(id) === true) return true;
    // `# check=skip=all` above an instruction silences BuildKit's checks there (the ids that are not hadolint's).
    if (here?.has(ALL) && !/^(DL|SC)\d/.test(id) && !id.startsWith('dockerfile/')) return true;
    return (SAME_FINDING[id] ?? []).some(
      (name) => this.global.has(name) || here?.has(name) === true || here?.has(ALL) === true,
    );
  }
}

/**
 * "Ignore this rule here": merges the id into the `# hadolint ignore=` line right above the instruction, or writes
 * one there, instead of stacking a second pragma line.
 */
export function ignoreFix(
  context: DockerfileContext,
  suppressions: Suppressions,
  instruction: Instruction,
  id: string,
): Fix {
  const above = suppressions.pragmaAbove.get(instruction.line);
  if (above) return { title: messages.ignoreTitle(id), edits: [context.insert(above.idsEnd, `,${id}`)] };
  const lineStart = context.lineStartOf(instruction.keywordStart);
  return {
    title: messages.ignoreTitle(id),
    edits: [context.insert(lineStart, `${context.indentOf(instruction.keywordStart)}# hadolint ignore=${id}\n`)],
  };
}
