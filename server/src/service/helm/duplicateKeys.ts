import { exclusive, type Branches, type BranchSignatures } from './branches';
import { placeholderText } from './placeholderText';

/**
 * A key written twice in exclusive branches (`{{ if }} type: A {{ else }} type: B {{ end }}`) is renamed to a
 * placeholder in the later branch: one rendering never holds both, and YAML's unique-key check would report it.
 */

/**
 * The signatures a key was written under so far (each exclusive of all the others), counted so that "is a new one
 * exclusive of every one of them" is answered in the depth of the new one, not in their number: a chain of a thousand
 * `else if` branches each writing `type:` would otherwise compare each branch with all the earlier ones.
 *
 * Why counting works: a block id is opened once, at one depth, inside one branch of its parents, so a signature that
 * holds block X at depth k shares every pair above depth k with every other signature holding X. Two signatures are
 * exclusive exactly when some block is in both with a different branch; such a block is unique (below it the two
 * are in different branches, which hold different blocks). So the earlier signatures exclusive of a new one number
 * the sum, over the new one's pairs [X, b], of (those holding X) - (those holding [X, b]).
 */
class WrittenUnder {
  private count = 0;
  /** For each block id: how many signatures hold it, and how many hold it in each branch. */
  private readonly blocks = new Map<number, { holding: number; inBranch: Map<number, number> }>();

  /** Made at the second writing of a key, exclusive of the first. */
  constructor(first: Branches, second: Branches) {
    this.add(first);
    this.add(second);
  }

  add(signature: Branches): void {
    this.count++;
    for (const [id, branch] of signature) {
      let block = this.blocks.get(id);
      if (!block) {
        block = { holding: 0, inBranch: new Map() };
        this.blocks.set(id, block);
      }
      block.holding++;
      block.inBranch.set(branch, (block.inBranch.get(branch) ?? 0) + 1);
    }
  }

  exclusiveOfAll(signature: Branches): boolean {
    let exclusiveOf = 0;
    for (const [id, branch] of signature) {
      const block = this.blocks.get(id);
      if (block) exclusiveOf += block.holding - (block.inBranch.get(branch) ?? 0);
    }
    return exclusiveOf === this.count;
  }
}

/**
 * A key at the start of a line (after any list dashes): plain, or quoted (`"prometheus.io/port":`, as charts write
 * annotation keys with a slash or a dot).
 */
const KEY =
  /^(\s*)((?:-\s+)*)(?:([^\s#:"'{[\]},&*!|>%@`-][^:#]*?|-[^\s:#][^:#]*?)\s*:(?=\s|$)|("(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*')\s*:(?=\s|$))/;

/** What tells the entries of a list apart (the rules that compare entries read these): env, ports, volumes, mounts. */
const IDENTITY_KEYS = new Set(['name', 'containerPort', 'port', 'mountPath']);
/** A scalar value after a key's colon (a comment may follow). */
const VALUE = /^\s*([^\s#][^#]*?)\s*(?:\s#.*)?$/;

interface Opener {
  column: number;
  line: number;
  /** A list item (`- `): the line of its list's parent key. */
  list?: number;
}

/**
 * Renames a key written again in a branch exclusive of the first writing (same map): YAML's unique-key check
 * would report it, and no rendering holds both. Likewise an entry of a list whose name (or port, or mount path) is
 * given again in an exclusive branch of the same list: `{{ if .secret }} - name: X valueFrom: ... {{ else }}
 * - name: X value: ... {{ end }}` is one env var in any rendering, and the rules that compare entries (env, ports,
 * volumes, containers) must not count two. Its value is renamed in the later branch.
 */
export function renameExclusiveDuplicateKeys(
  lines: Array<{ start: number; text: string }>,
  branches: BranchSignatures,
): void {
  if (branches.signatures.length === 1) return;
  const openers: Opener[] = [];
  const seen = new Map<string, Branches | WrittenUnder>();
  let cursor = 0;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    while (cursor + 1 < branches.at.length && branches.at[cursor + 1] <= line.start) cursor++;
    const match = KEY.exec(line.text);
    if (!match) continue;
    const dash = match[1].length;
    const keyColumn = dash + match[2].length;
    const signature = branches.signatures[cursor];
    if (match[2].length > 0) {
      // The list's parent: a key left of the dash, or at its column (`env:` above `- name:` at the same indent).
      while (openers.length > 0 && insideList(openers[openers.length - 1], dash)) openers.pop();
      const list = openers.length > 0 ? openers[openers.length - 1].line : -1;
      openers.push({ column: dash, line: index, list });
    }
    while (openers.length > 0 && openers[openers.length - 1].column >= keyColumn) openers.pop();
    const item = openers.length > 0 ? openers[openers.length - 1] : undefined;
    openers.push({ column: keyColumn, line: index });
    // The key as YAML reads it (the same key, quoted or not), and as written (what a rename replaces).
    const written = match[3] ?? match[4];
    const key = match[3] ?? unquoted(match[4]);
    if (item?.list !== undefined && IDENTITY_KEYS.has(key)) {
      const value = VALUE.exec(line.text.slice(match[0].length));
      if (value && writtenExclusively(seen, `${item.list}\u0001${key}\u0001${value[1]}`, signature)) {
        const from = match[0].length + value.index + value[0].indexOf(value[1]);
        line.text =
          line.text.slice(0, from) +
          placeholderText(hashKey(value[1], index), value[1].length) +
          line.text.slice(from + value[1].length);
      }
    }
    if (writtenExclusively(seen, `${item?.line ?? -1}\u0000${key}`, signature)) {
      line.text =
        line.text.slice(0, keyColumn) +
        placeholderText(hashKey(key, index), written.length) +
        line.text.slice(keyColumn + written.length);
    }
  }
}

/** An opener that a list item at column `dash` closes: deeper than the dash, or an earlier item of the same list. */
function insideList(opener: Opener, dash: number): boolean {
  return opener.column > dash || (opener.column === dash && opener.list !== undefined);
}

/** Notes a writing of `id` under `signature`: whether it is a writing again, exclusive of every earlier one. */
function writtenExclusively(seen: Map<string, Branches | WrittenUnder>, id: string, signature: Branches): boolean {
  const earlier = seen.get(id);
  if (!earlier) {
    // Most keys are written once: their first signature only, no counting.
    seen.set(id, signature);
    return false;
  }
  if (!(earlier instanceof WrittenUnder ? earlier.exclusiveOfAll(signature) : exclusive(earlier, signature)))
    return false;
  if (earlier instanceof WrittenUnder) earlier.add(signature);
  else seen.set(id, new WrittenUnder(earlier, signature));
  return true;
}

/** A quoted key's text: escapes of a double-quoted key read as JSON's (near enough for telling keys apart). */
function unquoted(quoted: string): string {
  if (quoted.startsWith("'")) return quoted.slice(1, -1).replace(/''/g, "'");
  try {
    return JSON.parse(quoted) as string;
  } catch {
    return quoted.slice(1, -1); // an escape JSON lacks (\x41, \e): the text between the quotes
  }
}

function hashKey(key: string, line: number): string {
  return (line.toString(36) + key.length.toString(36)).toLowerCase();
}
