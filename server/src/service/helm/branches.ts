import type { TemplateAction } from './actions';
import { exclusiveConditions, MAX_ATOMS, parseCondition, type Condition } from './conditions';

/**
 * Which `if`/`else`/`range`/`with` branches of a template each offset is in: what tells two keys of exclusive branches
 * apart (one rendering never holds both) and a field written under a condition from one every rendering prints.
 */

/**
 * One block an offset is in: its id, which branch, the condition under which that branch prints (when its
 * `if`/`else if`/`with` reads as one: conditions.ts), and whether the branch binds `.` anew (`with`, `range`).
 */
export type Branch = readonly [id: number, branch: number, condition?: Condition, bindsDot?: boolean];

/** The `if`/`range`/`with` branches each offset is in, outermost first. */
export type Branches = readonly Branch[];

/** Where each run of offsets with one branch signature starts, and the signature. */
export interface BranchSignatures {
  at: number[];
  signatures: Branches[];
}

/** Branches are told apart this deep at most: each signature is a copy of the stack (hostile nesting stays linear). */
const MAX_BRANCH_DEPTH = 32;

export function branchSignatures(actions: readonly TemplateAction[]): BranchSignatures {
  const at: number[] = [0];
  const signatures: Branches[] = [[]];
  let current: Branch[] = [];
  /** For each open block: the conditions of its branches so far (an else holds when none of them does). */
  const earlier: Array<Condition[] | undefined> = [];
  let ids = 0;
  let untracked = 0;
  for (const action of actions) {
    if (action.kind !== 'control' || action.effect === 'none') continue;
    if (action.effect === 'open' && current.length >= MAX_BRANCH_DEPTH) untracked++;
    else if (action.effect === 'close' && untracked > 0) untracked--;
    else if (action.effect === 'branch' && untracked > 0) continue;
    else if (action.effect === 'open') {
      const condition = action.condition === undefined ? undefined : parseCondition(action.condition);
      earlier.push(condition && [condition]);
      current = [...current, [ids++, 0, condition, action.bindsDot]];
    } else if (action.effect === 'branch' && current.length > 0) {
      const [id, branch] = current[current.length - 1];
      current = [...current.slice(0, -1), [id, branch + 1, elseCondition(earlier, action), action.bindsDot]];
    } else if (action.effect === 'close') {
      earlier.pop();
      current = current.slice(0, -1);
    }
    at.push(action.end);
    signatures.push(current);
  }
  return { at, signatures };
}

/**
 * An `else` holds when no branch before it does; an `else if D`, when none does and D. Past MAX_ATOMS branches the
 * condition holds more atoms than exclusiveConditions weighs: it is left unknown, which also keeps a long else-if
 * chain linear (each branch's condition copies the ones before it).
 */
function elseCondition(earlier: Array<Condition[] | undefined>, action: TemplateAction): Condition | undefined {
  const before = earlier[earlier.length - 1];
  if (before && before.length >= MAX_ATOMS) earlier[earlier.length - 1] = undefined;
  if (!before || before.length >= MAX_ATOMS) return undefined;
  const none: Condition = { op: 'not', arg: { op: 'or', args: [...before] } };
  if (action.condition === undefined) {
    earlier[earlier.length - 1] = undefined;
    return none;
  }
  const condition = parseCondition(action.condition);
  earlier[earlier.length - 1] = condition && [...before, condition];
  return condition && { op: 'and', args: [none, condition] };
}

/**
 * Whether no rendering holds both: at the first block they differ in, they are in different branches of it, or in two
 * blocks side by side whose conditions, with those of the blocks nested in them, never hold together (`if not
 * .Values.x` and `if .Values.x`; `with .Values.x` and `if .y` holding `if not .Values.x`).
 */
export function exclusive(a: Branches, b: Branches): boolean {
  for (let index = 0; index < Math.min(a.length, b.length); index++) {
    const [idA, branchA] = a[index];
    const [idB, branchB] = b[index];
    if (idA !== idB) {
      const heldA = heldFrom(a, index);
      const heldB = heldFrom(b, index);
      return heldA !== undefined && heldB !== undefined && exclusiveConditions(heldA, heldB);
    }
    if (branchA !== branchB) return true;
  }
  return false;
}

/**
 * What holds wherever an offset in these branches prints, read from the block at `from` inwards: the known conditions
 * of its branches (one unknown is left out: what remains holds whenever they all do); past the first branch that binds
 * `.` anew, only those on variables. That branch's own condition reads the outer `.`; the ones inside it that read `.`
 * read another value under the same text (`.Values.x` inside `with .Values.y` is `.Values.y.Values.x`), so they are
 * not compared with the outside.
 * Undefined when none is known.
 */
function heldFrom(branches: Branches, from: number): Condition | undefined {
  const held: Condition[] = [];
  let rebound = false;
  for (let index = from; index < branches.length; index++) {
    const [, , condition, bindsDot] = branches[index];
    // Past a `with`/`range`, a condition on variables only (`if $autoscalingv2`, `if $.Values.x`) still reads the
    // same values: loki's metrics, each under a `with` of its threshold, pick their form by a variable.
    if (condition && (!rebound || !readsDot(condition))) held.push(condition);
    if (bindsDot) rebound = true;
  }
  if (held.length === 0) return undefined;
  return held.length === 1 ? held[0] : { op: 'and', args: held };
}

/** Whether a condition reads `.` (a word of it starts with `.`: `.Values.x`, `.`), not only variables (`$x`, `$.Values`). */
function readsDot(condition: Condition): boolean {
  if (condition.op === 'atom') return condition.text.split(/[\s()]+/).some((word) => word.startsWith('.'));
  if (condition.op === 'not') return readsDot(condition.arg);
  return condition.args.some(readsDot);
}

/** The branches an offset of the template is in (outermost first); empty where every rendering prints it. */
export function branchesAt(branches: BranchSignatures, offset: number): Branches {
  let low = 0;
  let high = branches.at.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (branches.at[middle] <= offset) low = middle;
    else high = middle - 1;
  }
  return branches.signatures[low];
}

/** A template without control actions: every offset is printed by every rendering. */
export const NO_BRANCHES: BranchSignatures = { at: [0], signatures: [[]] };
