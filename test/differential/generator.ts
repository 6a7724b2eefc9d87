import { stringify } from 'yaml';
import { baseDeployment, baseHpa } from './bases';
import { deploymentMutations } from './deploymentMutations';
import { hpaMutations } from './hpaMutations';
import { type Mutation, get } from './mutations';

/**
 * The mutant generator of the differential test: valid Deployments and HPAs, each broken (or nearly broken) in one
 * or two places by a near-miss value, a dropped field, a changed type, crossed ranges or an unknown field. Pure and
 * deterministic for a seed; the test sends each mutant to the real API server and to Shipshape and compares.
 *
 * A mutant keeps a unique object name derived from its id (`m0042`), so the server's answer can be matched to it,
 * even when the name itself is the mutation (`M0042`, `m0042_x`).
 */

export type MutantKind = 'Deployment' | 'HorizontalPodAutoscaler';

export interface Mutant {
  readonly id: number;
  readonly kind: MutantKind;
  /** The mutation class (`name`, `quantity`, `retype`, ...): disagreements are grouped by it. */
  readonly cls: string;
  /** What was done, e.g. `spec.replicas = "3"`; two mutations are joined with ` + `. */
  readonly mutation: string;
  /** The object name after mutation (undefined when the mutation removed or retyped it). */
  readonly name: string | undefined;
  /** The manifest as written by the user (autoscaling/v2 for HPAs). */
  readonly text: string;
}

/** mulberry32: a tiny seeded generator, so a seed reproduces the same mutants on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---- assembly -----------------------------------------------------------------------------------------------------

function render(kind: MutantKind, id: number, chosen: readonly Mutation[]): Mutant | undefined {
  const name = `m${String(id).padStart(4, '0')}`;
  const doc = kind === 'Deployment' ? baseDeployment(name) : baseHpa(name);
  try {
    for (const mutation of chosen) mutation.apply(doc, name);
  } catch {
    return undefined; // the first mutation removed what the second changes: not a pair worth sending
  }
  const finalName = get(doc, ['metadata', 'name']);
  return {
    id,
    kind,
    cls: chosen.map((mutation) => mutation.cls).join('+'),
    mutation: chosen.map((mutation) => mutation.label).join(' + '),
    name: typeof finalName === 'string' ? finalName : undefined,
    text: stringify(doc, { lineWidth: 0 }),
  };
}

/**
 * `count` mutants for `seed`: every single mutation of both kinds once (in an order the seed shuffles), then pairs of
 * mutations drawn by the seed until `count` is reached. Identical texts are generated once.
 */
export function generateMutants(seed: number, count: number): Mutant[] {
  const random = seededRandom(seed);
  const pools: Array<[MutantKind, Mutation[]]> = [
    ['Deployment', deploymentMutations()],
    ['HorizontalPodAutoscaler', hpaMutations()],
  ];
  const plan: Array<[MutantKind, Mutation[]]> = [];
  for (const [kind, pool] of pools) for (const mutation of pool) plan.push([kind, [mutation]]);
  shuffle(plan, random);
  while (plan.length < count * 2) {
    const [kind, pool] = pools[random() < 0.65 ? 0 : 1];
    const first = pool[Math.floor(random() * pool.length)];
    const second = pool[Math.floor(random() * pool.length)];
    if (first !== second) plan.push([kind, [first, second]]);
  }
  const mutants: Mutant[] = [];
  const seen = new Set<string>();
  for (const [kind, chosen] of plan) {
    if (mutants.length >= count) break;
    const mutant = render(kind, mutants.length + 1, chosen);
    if (!mutant) continue;
    const key = `${kind}\n${mutant.text.replace(/m\d{4}/g, 'NAME')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    mutants.push(mutant);
  }
  return mutants;
}

function shuffle<T>(items: T[], random: () => number): void {
  for (let index = items.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [items[index], items[other]] = [items[other], items[index]];
  }
}

/** The unmutated bases, as text: the test first checks both are accepted by the server and clean in Shipshape. */
export function baseTexts(): Record<MutantKind, string> {
  return {
    Deployment: stringify(baseDeployment('base'), { lineWidth: 0 }),
    HorizontalPodAutoscaler: stringify(baseHpa('base'), { lineWidth: 0 }),
  };
}
