import type { Finding } from '../types';
import { findingOf, runIsolated } from '../catalogue/runner';
import type { WorkloadSummary } from './summary';
import type { IndexedManifest } from './workspaceIndex';
import { WORKSPACE_RULES } from './workspaceRules';
import type { WorkspaceContext, WorkspaceRule } from './workspaceRules/rule';

/**
 * The findings of the rules across documents and files (workspaceRules/) on a file's entries, memoised per object: a
 * rule is asked again only when its entry, or an entry it relates it to, changed; and while the workspace index's
 * shape holds (an edit changed nothing its lookups read: see WorkspaceIndex.set), not even `related` is asked.
 */
export class WorkspaceFindings {
  /** Per summary (a cached document's), per rule: the findings and what they were computed from. */
  private readonly workspaceMemo = new WeakMap<object, Map<WorkspaceRule, WorkspaceMemo>>();
  /** Per summary: every rule's findings on its entry together, and what they were computed from. */
  private readonly entryMemo = new WeakMap<object, EntryMemo>();

  /** Every workspace rule's findings on the entries of the file being validated (`context.own`). */
  of(context: WorkspaceContext): Finding[] {
    // The rules that read Dockerfiles (those with `inputs`) need an image the workspace builds: most files name none,
    // and then they are skipped for all of a file's workloads at once instead of being asked for each one.
    const buildsAny = buildsAnyImage(context.own, context);
    const findings: Finding[] = [];
    for (const entry of context.own)
      for (const found of this.entryFindings(entry, context, buildsAny)) findings.push(found);
    return findings;
  }

  /**
   * Every workspace rule on one entry: while the index's shape holds and the entries the rules related it to keep
   * their summaries, last validation's findings, checked once for all the rules (a file of 2,000 documents asks this
   * at every edit); else rule by rule.
   */
  private entryFindings(entry: IndexedManifest, context: WorkspaceContext, buildsAny: boolean): readonly Finding[] {
    const rules = rulesFor(entry.summary.kind);
    if (rules.length === 0) return NO_FINDINGS;
    const last = this.entryMemo.get(entry.summary);
    if (
      last &&
      last.shape === context.index.shape &&
      last.line === entry.line &&
      last.unit === entry.unit &&
      last.strictTargets === context.strictTargets &&
      last.buildsAny === buildsAny &&
      !(buildsAny && last.readsInputs) &&
      last.related.every((other, index) => other.summary === last.relatedSummaries[index])
    )
      return last.findings;
    const findings: Finding[] = [];
    const related: IndexedManifest[] = [];
    const relatedSummaries: unknown[] = [];
    let complete = true;
    let readsInputs = false;
    for (const rule of rules) {
      if (!buildsAny && rule.inputs) continue;
      readsInputs ||= rule.inputs !== undefined;
      const { found, memo } = this.workspaceFindings(rule, entry, context);
      for (const one of found) findings.push(one);
      if (!memo) complete = false;
      else
        for (const [index, other] of memo.related.entries()) {
          related.push(other);
          relatedSummaries.push(memo.relatedSummaries[index]);
        }
    }
    if (complete) {
      const { line, unit } = entry;
      const { strictTargets, index } = context;
      this.entryMemo.set(entry.summary, {
        shape: index.shape,
        line,
        unit,
        strictTargets,
        buildsAny,
        readsInputs,
        related,
        relatedSummaries,
        findings,
      });
    }
    return findings;
  }

  /**
   * One workspace rule on one entry, reused from the last validation while the entry (same summary, same line) and
   * everything the rule reads for it are unchanged. `memo`: what the findings were computed from, unless the rule
   * failed.
   */
  private workspaceFindings(
    rule: WorkspaceRule,
    entry: IndexedManifest,
    context: WorkspaceContext,
  ): { found: Finding[]; memo?: WorkspaceMemo } {
    let memo = this.workspaceMemo.get(entry.summary);
    const last = memo?.get(rule);
    // The index's lookups find what they found then (same shape), and the entries they found are unchanged: the
    // findings hold without asking the rule (an edit to one document of 2,000 asks only about what it touched).
    if (
      last &&
      !rule.inputs &&
      last.shape === context.index.shape &&
      last.signature[0] === entry.line &&
      last.signature[1] === entry.unit &&
      last.signature[2] === context.strictTargets &&
      last.related.every((other, index) => other.summary === last.relatedSummaries[index])
    )
      return { found: last.findings, memo: last };
    const failures: Finding[] = [];
    const related = runIsolated(rule.id, () => [...rule.related(entry, context)], failures);
    if (failures.length > 0) return { found: failures };
    const signature: unknown[] = [entry.line, entry.unit, context.strictTargets];
    for (const other of related) signature.push(other.summary, other.line, other.uri, other.unit);
    if (rule.inputs) {
      const inputs = runIsolated(rule.id, () => [...(rule.inputs?.(entry, context) ?? [])], failures);
      if (failures.length > 0) return { found: failures };
      signature.push(...inputs);
    }
    if (!memo) this.workspaceMemo.set(entry.summary, (memo = new Map()));
    const relatedSummaries = related.map((other) => other.summary);
    const shape = context.index.shape;
    if (
      last &&
      last.signature.length === signature.length &&
      last.signature.every((value, index) => value === signature[index])
    ) {
      const kept = { ...last, shape, related, relatedSummaries };
      memo.set(rule, kept);
      return { found: last.findings, memo: kept };
    }
    const findings = runIsolated(rule.id, () => rule.check(entry, related, context), failures).map((found) =>
      findingOf(rule, found),
    );
    if (failures.length > 0) return { found: [...findings, ...failures] };
    const made = { signature, findings, shape, related, relatedSummaries };
    memo.set(rule, made);
    return { found: findings, memo: made };
  }
}

/** A workspace rule's findings for one entry and what they were computed from (see `workspaceFindings`). */
interface WorkspaceMemo {
  /** The entry's line and unit, the strictTargets setting, then each related entry's summary, line, uri and unit. */
  signature: unknown[];
  findings: Finding[];
  /** The index's shape when `related` was asked: while it holds, `related` would find the same entries. */
  shape: number;
  related: readonly IndexedManifest[];
  /** Their summaries then: an entry of the index takes its document's new summary in place (WorkspaceIndex.set). */
  relatedSummaries: readonly unknown[];
}

/** All the workspace rules' findings on one entry and what they were computed from (see `entryFindings`). */
interface EntryMemo {
  shape: number;
  line: number;
  unit: string;
  strictTargets: boolean;
  buildsAny: boolean;
  /** A rule that reads Dockerfiles ran (they are asked again at every validation while the workspace builds images). */
  readsInputs: boolean;
  related: readonly IndexedManifest[];
  relatedSummaries: readonly unknown[];
  findings: readonly Finding[];
}

const NO_FINDINGS: readonly Finding[] = [];

const rulesByKind = new Map<string, readonly WorkspaceRule[]>();

/** The workspace rules that report on a kind. */
function rulesFor(kind: string): readonly WorkspaceRule[] {
  let rules = rulesByKind.get(kind);
  if (!rules) {
    rules = WORKSPACE_RULES.filter((rule) => (rule.kinds as readonly string[]).includes(kind));
    rulesByKind.set(kind, rules);
  }
  return rules;
}

/**
 * Whether the workspace builds an image that one of these entries' containers names. Each image is asked once, in
 * the order the containers name them (the builds session counts the names it is asked for): a file of 2,000
 * workloads names a handful of images.
 */
function buildsAnyImage(own: readonly IndexedManifest[], workspace: WorkspaceContext): boolean {
  const asked = new Set<string | undefined>();
  for (const entry of own) {
    for (const container of (entry.summary as Partial<WorkloadSummary>).containers ?? []) {
      if (asked.has(container.image)) continue;
      asked.add(container.image);
      if (workspace.builds.builtBy(workspace.uri, container.image) !== undefined) return true;
    }
  }
  return false;
}
