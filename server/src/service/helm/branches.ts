import type { TemplateAction } from './actions';

/**
 * Which `if`/`else`/`range`/`with` branches of a template each offset is in: what tells two keys of exclusive branches
 * apart (one rendering never holds both) and a field written under a condition from one every rendering prints.
 */

/** The `if`/`range`/`with` branches each offset is in: a list of [block id, branch number], outermost first. */
export type Branches = ReadonlyArray<readonly [number, number]>;

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
  let current: Array<readonly [number, number]> = [];
  let ids = 0;
  let untracked = 0;
  for (const action of actions) {
    if (action.kind !== 'control' || action.effect === 'none') continue;
    if (action.effect === 'open' && current.length >= MAX_BRANCH_DEPTH) untracked++;
    else if (action.effect === 'close' && untracked > 0) untracked--;
    else if (action.effect === 'branch' && untracked > 0) continue;
    else if (action.effect === 'open') current = [...current, [ids++, 0]];
    else if (action.effect === 'branch' && current.length > 0) {
      const [id, branch] = current[current.length - 1];
      current = [...current.slice(0, -1), [id, branch + 1]];
    } else if (action.effect === 'close') current = current.slice(0, -1);
    at.push(action.end);
    signatures.push(current);
  }
  return { at, signatures };
}

/** Whether no rendering holds both: at the first block they differ in, they are in different branches of it. */
export function exclusive(a: Branches, b: Branches): boolean {
  for (let index = 0; index < Math.min(a.length, b.length); index++) {
    if (a[index][0] !== b[index][0]) return false;
    if (a[index][1] !== b[index][1]) return true;
  }
  return false;
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
