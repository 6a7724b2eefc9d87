import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Finding } from '../../server/src/service';
import { validate } from '../helpers/service';
import { baseTexts, generateMutants, type Mutant } from './generator';
import { serverVerdicts, singleVerdict, type ServerVerdict } from './serverVerdicts';
import { cannotWorkReason, versionDifference } from './versionDifferences';

/**
 * The differential test (issue 12): a few thousand near-miss Deployments and HPAs, each dry-run on the real
 * kube-apiserver 1.20 (`kubectl apply --dry-run=server`; HPA v2 sent as v2beta2) and validated by Shipshape. The
 * server rejects <=> Shipshape reports an error, on at least 99% of the mutants; differences of the 1.20 server
 * from current Kubernetes are listed apart, each with its reason, and left out of the count.
 *
 * SHIPSHAPE_DIFFERENTIAL_SEED=<n> or =random picks another generator seed (the default is fixed);
 * SHIPSHAPE_DIFFERENTIAL_COUNT=<n> another number of mutants; SHIPSHAPE_DIFFERENTIAL_REPORT=<file> writes every
 * disagreement as JSON.
 */
const SEED =
  process.env.SHIPSHAPE_DIFFERENTIAL_SEED === 'random'
    ? Math.floor(Math.random() * 2 ** 31)
    : Number(process.env.SHIPSHAPE_DIFFERENTIAL_SEED ?? 20_201_202);
const COUNT = Number(process.env.SHIPSHAPE_DIFFERENTIAL_COUNT ?? 2400);
/**
 * Issue 12 asks for 99%, and main agrees on 99.0% of the fixed seed's mutants. The disagreements left are listed in
 * the issue's note: 8 HPA errors that stay errors on purpose (the server accepts, the controller cannot scale), a
 * document too large to check (a 256 KiB annotation), `spec`/`metadata` dropped whole, two version differences.
 */
const REQUIRED_AGREEMENT = 0.99;

interface Server {
  env: { KUBECONFIG: string };
  stop(): Promise<void>;
}
interface RealParts {
  whyUnavailable(part: 'kube-apiserver' | 'kubectl'): Promise<string | null>;
  startKubeApiServer(): Promise<Server>;
}
// The harness is an ES module; tsc would turn `import()` into `require()`, so the import is made at run time.
const importModule = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;
const loadRealParts = async () =>
  (await importModule(
    pathToFileURL(join(__dirname, '..', '..', '..', 'test', 'realparts', 'realparts.mjs')).href,
  )) as RealParts;

interface Outcome {
  readonly mutant: Mutant;
  readonly server: ServerVerdict;
  readonly errors: readonly Finding[];
  readonly versionNote: string | undefined;
}

const shipshapeErrors = (text: string) => validate(text).filter((found) => found.severity === DiagnosticSeverity.Error);
/** Shipshape's errors, or the exception it threw: bad input must never crash it, so a throw fails the test. */
function checked(mutant: Mutant, crashes: string[]): Finding[] {
  try {
    return shipshapeErrors(mutant.text);
  } catch (error) {
    crashes.push(`#${mutant.id} ${mutant.mutation}: ${(error as Error).message}`);
    return [];
  }
}
const agrees = (outcome: Outcome) => !outcome.server.accepted === outcome.errors.length > 0;

describe(`differential: Shipshape against the real API server (seed ${SEED}, ${COUNT} mutants)`, () => {
  let server: Server | undefined;
  let reason: string | null = 'not checked yet';
  before(async () => {
    const parts = await loadRealParts();
    reason = (await parts.whyUnavailable('kubectl')) ?? (await parts.whyUnavailable('kube-apiserver'));
    if (reason !== null) return;
    try {
      server = await parts.startKubeApiServer();
    } catch (error) {
      reason = `the API server did not start: ${(error as Error).message.split('\n')[0]}`;
    }
  });
  after(async () => {
    await server?.stop();
  });

  it('generates the same mutants for the same seed, and enough of them', () => {
    const first = generateMutants(SEED, 300);
    assert.deepEqual(
      generateMutants(SEED, 300).map((mutant) => mutant.text),
      first.map((mutant) => mutant.text),
    );
    assert.notDeepEqual(
      generateMutants(SEED + 1, 300).map((mutant) => mutant.text),
      first.map((mutant) => mutant.text),
    );
    assert.ok(generateMutants(SEED, COUNT).length >= Math.min(COUNT, 2000));
  });

  it('agrees with the server on at least 99% of the mutants', async (t) => {
    if (reason !== null) return t.skip(reason);
    const env = { ...process.env, ...server?.env };
    const bases = baseTexts();
    const baseVerdicts = await serverVerdicts(
      [
        { id: 9998, kind: 'Deployment', cls: 'base', mutation: 'none', name: 'base', text: bases.Deployment },
        {
          id: 9999,
          kind: 'HorizontalPodAutoscaler',
          cls: 'base',
          mutation: 'none',
          name: 'base',
          text: bases.HorizontalPodAutoscaler,
        },
      ],
      env,
    );
    assert.deepEqual(
      [...baseVerdicts.values()],
      [
        { accepted: true, message: '' },
        { accepted: true, message: '' },
      ],
    );
    assert.deepEqual(shipshapeErrors(bases.Deployment), [], 'the Deployment base is clean');
    assert.deepEqual(shipshapeErrors(bases.HorizontalPodAutoscaler), [], 'the HPA base is clean');

    const mutants = generateMutants(SEED, COUNT);
    const started = Date.now();
    const verdicts = await serverVerdicts(mutants, env);
    const serverMs = Date.now() - started;
    const unanswered = mutants.filter((mutant) => !verdicts.has(mutant.id));
    assert.deepEqual(
      unanswered.map((mutant) => `${mutant.id} ${mutant.mutation}`),
      [],
      'mutants without a clear server verdict',
    );
    // The batch is what one kubectl call per mutant would say: checked on a spread sample.
    const sample = mutants.filter((_mutant, index) => index % Math.ceil(mutants.length / 16) === 0);
    assert.deepEqual(
      sample.map((mutant) => `${mutant.id}: ${singleVerdict(mutant, env)}`),
      sample.map((mutant) => `${mutant.id}: ${verdicts.get(mutant.id)?.accepted}`),
      'batched and single kubectl verdicts',
    );
    const crashes: string[] = [];
    const outcomes: Outcome[] = mutants.map((mutant) => {
      const server = verdicts.get(mutant.id) as ServerVerdict;
      const errors = checked(mutant, crashes);
      return { mutant, server, errors, versionNote: versionDifference(mutant, server, errors) };
    });
    const counted = outcomes.filter((outcome) => outcome.versionNote === undefined || agrees(outcome));
    const versionOnly = outcomes.filter((outcome) => outcome.versionNote !== undefined && !agrees(outcome));
    const disagreements = counted.filter((outcome) => !agrees(outcome));
    const agreement = 1 - disagreements.length / counted.length;
    const rejected = outcomes.filter((outcome) => !outcome.server.accepted).length;
    console.log(
      `differential seed ${SEED}: ${mutants.length} mutants (${rejected} rejected by the server, ${mutants.length - rejected} accepted; server ${serverMs} ms), ` +
        `agreement ${(agreement * 100).toFixed(2)}% of ${counted.length} (${disagreements.length} disagreements), ` +
        `${versionOnly.length} version differences left out`,
    );
    console.log(report('disagreements', disagreements));
    console.log(report('1.20 vs current Kubernetes (left out of the count)', versionOnly));
    if (process.env.SHIPSHAPE_DIFFERENTIAL_REPORT)
      writeFileSync(
        process.env.SHIPSHAPE_DIFFERENTIAL_REPORT,
        JSON.stringify(
          [...disagreements, ...versionOnly].map((outcome) => ({
            id: outcome.mutant.id,
            cls: outcome.mutant.cls,
            mutation: outcome.mutant.mutation,
            server: outcome.server,
            shipshape: outcome.errors.map((found) => `${found.code}: ${found.message}`),
            version: outcome.versionNote,
            text: outcome.mutant.text,
          })),
          null,
          1,
        ),
      );
    assert.deepEqual(crashes, [], 'Shipshape threw on these mutants');
    assert.ok(
      agreement >= REQUIRED_AGREEMENT,
      `agreement ${(agreement * 100).toFixed(2)}% < ${REQUIRED_AGREEMENT * 100}%`,
    );
  });
});

/** Disagreements grouped by mutation class, each with what the server and Shipshape said. */
function report(title: string, outcomes: readonly Outcome[]): string {
  const groups = new Map<string, Outcome[]>();
  for (const outcome of outcomes) {
    const direction = outcome.server.accepted ? 'server accepts, Shipshape error' : 'server rejects, Shipshape silent';
    const key = `${outcome.mutant.kind} ${outcome.mutant.cls}: ${direction}`;
    groups.set(key, [...(groups.get(key) ?? []), outcome]);
  }
  const lines = [`${title}: ${outcomes.length}`];
  for (const [key, group] of [...groups].sort((a, b) => b[1].length - a[1].length)) {
    lines.push(`  ${key} (${group.length})`);
    for (const outcome of group.slice(0, 8)) {
      const said = outcome.server.accepted
        ? outcome.errors.map((found) => `${found.code}: ${found.message}`).join(' | ')
        : outcome.server.message.replace(/\s+/g, ' ');
      lines.push(`    #${outcome.mutant.id} ${outcome.mutant.mutation}`);
      const note = outcome.versionNote ?? cannotWorkReason(outcome.server, outcome.errors);
      lines.push(`      ${note ? `[${note}] ` : ''}${said.slice(0, 300)}`);
    }
    if (group.length > 8) lines.push(`    ... and ${group.length - 8} more`);
  }
  return lines.join('\n');
}
