import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { helmKubectlDir } from '../helpers/helm';
import type { Mutant } from './generator';

/** The server's answer for one mutant, with the message kubectl printed when it refused. */
export interface ServerVerdict {
  readonly accepted: boolean;
  readonly message: string;
}

/** The kubectl the real-parts setup installs (1.33), else the one on PATH. */
export function kubectlPath(): string {
  const installed = join(helmKubectlDir(), 'kubectl');
  return existsSync(installed) ? installed : 'kubectl';
}

/** What the 1.20 server is sent: it has no autoscaling/v2, and its autoscaling/v2beta2 has the same fields. */
export function asSentToServer(text: string): string {
  return text.replace(/^apiVersion: autoscaling\/v2$/m, 'apiVersion: autoscaling/v2beta2');
}

const RESOURCE = { Deployment: 'deployment.apps', HorizontalPodAutoscaler: 'horizontalpodautoscaler.autoscaling' };

/**
 * Every mutant through `kubectl apply --dry-run=server`, as a real user would send it, in a few kubectl calls: one
 * file per mutant in a folder, `-f FOLDER`. kubectl visits the files one by one and goes on after a failed one, so
 * each file gets its own verdict: its client-side schema validation (kubectl's fallback on a server without
 * server-side field validation, such as 1.20) and then the server's own validation (dry run: nothing is stored).
 * Accepted objects are named in "created (server dry run)" lines; refused ones by file name in the errors.
 */
export async function serverVerdicts(
  mutants: readonly Mutant[],
  env: NodeJS.ProcessEnv,
  batches = 2,
): Promise<Map<number, ServerVerdict>> {
  const folder = mkdtempSync(join(tmpdir(), 'shipshape-differential-'));
  try {
    const groups: Mutant[][] = Array.from({ length: batches }, () => []);
    mutants.forEach((mutant, index) => groups[index % batches].push(mutant));
    const verdicts = new Map<number, ServerVerdict>();
    await Promise.all(
      groups.map(async (group, index) => {
        const dir = join(folder, `b${index}`);
        mkdirSync(dir);
        for (const mutant of group) writeFileSync(join(dir, fileOf(mutant)), asSentToServer(mutant.text));
        const output = await run(kubectlPath(), ['apply', '--dry-run=server', '-f', dir], env);
        for (const [id, verdict] of parse(group, dir, output)) verdicts.set(id, verdict);
      }),
    );
    return verdicts;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

const fileOf = (mutant: Mutant) => `m${String(mutant.id).padStart(4, '0')}.yaml`;

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve) => {
    execFile(command, args, { env, maxBuffer: 256 * 1024 * 1024, timeout: 10 * 60_000 }, (_error, stdout, stderr) =>
      resolve(`${stdout}\n${stderr}`),
    );
  });
}

function parse(group: readonly Mutant[], dir: string, output: string): Map<number, ServerVerdict> {
  const verdicts = new Map<number, ServerVerdict>();
  const created = new Set(
    [...output.matchAll(/^(\S+) created \(server dry run\)$/gm)].map((match) => match[1].replace(/^"|"$/g, '')),
  );
  // The messages about a file run from its name to the next file's name.
  const fileMention = new RegExp(`"?${escape(dir)}/(m\\d{4})\\.yaml"?`, 'g');
  const mentions = [...output.matchAll(fileMention)];
  const messages = new Map<string, string>();
  mentions.forEach((match, index) => {
    const end = index + 1 < mentions.length ? mentions[index + 1].index : output.length;
    const text = output
      .slice(match.index, end)
      .replace(fileMention, '$1')
      .replace(/(Error from server \([A-Za-z]+\): error when creating|, error validating)\s*$/, '')
      .trim();
    messages.set(match[1], `${messages.get(match[1]) ?? ''}${text} `);
  });
  for (const mutant of group) {
    const file = fileOf(mutant).replace('.yaml', '');
    const message = messages.get(file);
    const accepted = mutant.name !== undefined && created.has(`${RESOURCE[mutant.kind]}/${mutant.name}`);
    if (message !== undefined && !accepted) verdicts.set(mutant.id, { accepted: false, message: message.trim() });
    else if (accepted && message === undefined) verdicts.set(mutant.id, { accepted: true, message: '' });
    // Neither (or both): no verdict; the test counts these and fails if there are any.
  }
  return verdicts;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * One mutant alone, from stdin, as the real-server test sends its manifests: the cross-check that one file among
 * many in a folder gets the same verdict as the file sent by itself.
 */
export function singleVerdict(mutant: Mutant, env: NodeJS.ProcessEnv): boolean {
  const result = spawnSync(kubectlPath(), ['apply', '--dry-run=server', '-f', '-'], {
    env,
    input: asSentToServer(mutant.text),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return result.status === 0;
}
