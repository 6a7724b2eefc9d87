import type { Fix } from '../types';
import type { DockerfileContext } from './context';
import type { Comment, Instruction } from './parse/model';
import { ALL_RULES } from './rules';

/**
 * `# hadolint ignore=A,B` (the next instruction), `# hadolint global ignore=...` (the file), `# hadolint stage
 * ignore=...` (from the next line to the next FROM): src/Hadolint/Pragma.hs. Shipshape's own and BuildKit's ids
 * are accepted too (hadolint's parser takes only DL/SC codes).
 */
const IGNORE = /^hadolint\s+(?:(global|stage)\s+)?ignore\s*=\s*([\w/-]+(?:\s*,\s*[\w/-]+)*)/;
/**
 * BuildKit's `# check=skip=A,B` (or `skip=all`) in the comments right above an instruction applies to that instruction
 * (frontend/dockerfile/linter/linter.go `WithMergedConfigFromComments`: the value ends at the first space).
 */
const CHECK_COMMENT = /^check\s*=\s*(\S*)/i;
const ALL = '*';
/** Shipshape's Dockerfile rule ids (read on first use: the rule modules load after this one). */
let knownIds: ReadonlySet<string> | undefined;
const KNOWN_IDS = (): ReadonlySet<string> => (knownIds ??= new Set(ALL_RULES.map((rule) => rule.id)));

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

/**
 * A BuildKit check and a hadolint rule that report the same thing on the same instruction where both fire, but
 * where each also fires alone: hadolint's DL3029 ("do not use --platform") on any FROM --platform other than
 * $BUILDPLATFORM/$TARGETPLATFORM, BuildKit's FromPlatformFlagConstDisallowed on constant platforms unless the stage
 * name mentions them. Where both fire on one line, the BuildKit finding is the one diagnostic (index.ts), and
 * either tool's pragma or `.hadolint.yaml` `ignored:` silences it; where only hadolint's fires, it is hadolint's.
 */
const TWINS: ReadonlyArray<{ hadolint: string; buildkit: string }> = [
  { hadolint: 'DL3029', buildkit: 'FromPlatformFlagConstDisallowed' },
];
const HADOLINT_TWIN = new Map(TWINS.map((twin) => [twin.buildkit, twin.hadolint]));

/** The hadolint id whose pragmas also silence the BuildKit check `id`, if any. */
export function hadolintTwin(id: string): string | undefined {
  return HADOLINT_TWIN.get(id);
}

/**
 * The hadolint ids whose pragmas and `ignored:` also silence the BuildKit check `id`: its twin (DL3029 for
 * FromPlatformFlagConstDisallowed) and the hadolint rule whose finding it reports (DL3065 for RedundantTargetPlatform).
 */
export function hadolintNames(id: string): readonly string[] {
  if (/^(DL|SC)\d/.test(id) || id.startsWith('dockerfile/')) return [];
  const twin = HADOLINT_TWIN.get(id);
  return [...(twin ? [twin] : []), ...(SAME_FINDING[id] ?? [])];
}

/**
 * The severity `.hadolint.yaml` `override:` gives a finding of `id`: under its own id, else under the other tool's name
 * for the same finding (DL3029 for FromPlatformFlagConstDisallowed and back, ReservedStageName for DL3063), as
 * `ignored:` and the pragmas follow the twins.
 */
export function overriddenSeverity<T>(id: string, override: ReadonlyMap<string, T>): T | undefined {
  const own = override.get(id);
  if (own !== undefined) return own;
  for (const name of [...hadolintNames(id), ...buildkitNames(id)]) {
    const aliased = name === id ? undefined : override.get(name);
    if (aliased !== undefined) return aliased;
  }
  return undefined;
}

/** The ids of a `skip=` (or `experimental=`) list in a check directive or comment (`skip=A,B;error=true`). */
function listedIds(value: string, wanted: 'skip' | 'experimental'): string[] {
  const ids: string[] = [];
  for (const part of value.split(';')) {
    const [key, list = ''] = part.split('=').map((piece) => piece.trim());
    if (key !== wanted) continue;
    for (const id of list.split(',').map((piece) => piece.trim())) if (id) ids.push(id === 'all' ? ALL : id);
  }
  return ids;
}

/** `error=true` in a check directive (Go's strconv.ParseBool: 1, t, T, TRUE, true, True). */
function errorOnWarning(value: string): boolean {
  return value.split(';').some((part) => {
    const [key, flag = ''] = part.split('=').map((piece) => piece.trim());
    return key === 'error' && ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(flag);
  });
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
  /** `# hadolint stage ignore=`: the ids from a line on (keys ascending, each FROM starting an empty region). */
  private readonly stageRegions: Array<{ from: number; ids: ReadonlySet<string> }> = [];
  /** `# check=error=true`: BuildKit fails the build on any of its checks' findings. */
  readonly checkError: boolean;
  /** BuildKit's experimental checks this file turns on (`# check=experimental=A,B` or `all`). */
  private readonly experimental = new Set<string>();
  /** The pragma comment directly above an instruction (by the instruction's first line), for merging new ids in. */
  readonly pragmaAbove = new Map<number, { comment: Comment; idsEnd: number }>();

  constructor(context: DockerfileContext) {
    let checkError = false;
    // BuildKit reads the first `check` directive only (frontend/dockerfile/parser/directives.go ParseDirective).
    const directive = context.parsed.directives.find((candidate) => candidate.name === 'check');
    if (directive) {
      for (const id of listedIds(directive.value, 'skip')) {
        if (id === ALL) this.skipAll = true;
        else this.global.add(id);
      }
      for (const id of listedIds(directive.value, 'experimental')) this.experimental.add(id);
      checkError = errorOnWarning(directive.value);
    }
    this.checkError = checkError;
    const comments = context.parsed.comments;
    if (comments.length === 0) return;
    // `disable-ignore-pragma: true` in .hadolint.yaml: hadolint's pragmas count for nothing (BuildKit's still do).
    const hadolintPragmas = !context.config.disableIgnorePragma;
    const instructions = context.instructions;
    const froms = instructions.filter((instruction) => instruction.keyword === 'FROM').map((from) => from.line);
    const stagePragmas = new Map<number, Set<string>>();
    let next = 0;
    for (const comment of comments) {
      const check = CHECK_COMMENT.exec(comment.text);
      const match = hadolintPragmas ? IGNORE.exec(comment.text) : null;
      if (!match && !check) continue;
      const ids = match ? match[2].split(',').map((id) => id.trim()) : listedIds(check![1], 'skip');
      // hadolint drops a pragma that lists anything but rule codes (`ignore=crazy,DL3002` ignores nothing); Shipshape
      // also takes its own and BuildKit's ids, so it drops a pragma naming none of those.
      if (match && !ids.every((id) => /^[DLSC0-9]+$/.test(id) || KNOWN_IDS().has(id))) continue;
      if (check) for (const id of listedIds(check[1], 'experimental')) this.experimental.add(id);
      if (match?.[1] === 'global') {
        for (const id of ids) this.global.add(id);
        continue;
      }
      if (match?.[1] === 'stage') {
        const set = stagePragmas.get(comment.line + 1) ?? new Set<string>();
        for (const id of ids) set.add(id);
        stagePragmas.set(comment.line + 1, set);
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
    if (stagePragmas.size === 0) return;
    // hadolint (src/Hadolint/Process.hs `stageIgnores`): a region starts on the line after the pragma and at each
    // FROM that has no pragma of its own there; a finding takes the last region starting strictly before its line.
    for (const line of froms) if (!stagePragmas.has(line)) stagePragmas.set(line, new Set());
    for (const [from, ids] of [...stagePragmas].sort((a, b) => a[0] - b[0])) this.stageRegions.push({ from, ids });
  }

  /** True when this file turns BuildKit's experimental check `id` on (`# check=experimental=`). */
  experimentalOn(id: string): boolean {
    return this.experimental.has(id) || this.experimental.has(ALL);
  }

  private stageIgnored(id: string, line: number): boolean {
    let ids: ReadonlySet<string> | undefined;
    for (const region of this.stageRegions) {
      if (region.from >= line) break;
      ids = region.ids;
    }
    return ids?.has(id) === true;
  }

  /** True when `id` is suppressed for a finding starting on `line`. */
  suppressed(id: string, line: number): boolean {
    const here = this.byLine.get(line);
    if (this.global.has(id) || here?.has(id) === true) return true;
    if (this.stageRegions.length > 0 && this.stageIgnored(id, line)) return true;
    // `# check=skip=all` silences BuildKit's checks (hadolint's own rules and Shipshape's syntax checks still speak).
    const names = buildkitNames(id);
    if (names.length > 0 && (this.skipAll || here?.has(ALL) === true)) return true;
    if (names.some((name) => this.global.has(name) || here?.has(name) === true)) return true;
    return hadolintNames(id).some((name) => name !== id && this.suppressed(name, line));
  }
}

/** The BuildKit check names a finding of `id` is: its own name for a BuildKit check, its twin's for a hadolint rule. */
export function buildkitNames(id: string): readonly string[] {
  if (/^(DL|SC)\d/.test(id) || id.startsWith('dockerfile/')) return SAME_FINDING[id] ?? [];
  return [id];
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
