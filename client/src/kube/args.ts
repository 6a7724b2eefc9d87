/**
 * kubectl argument arrays. Every command names the context explicitly (`--context`), so what the user confirmed
 * is what runs, even if the current context changes in between.
 */

/**
 * kubectl reads `--filename` as a CSV list (pflag's string slice), so a path with a comma or a quote would be
 * split or rejected: pass it as one CSV-quoted field, which any path survives.
 */
export function kubectlFilename(file: string): string {
  return `"${file.replace(/"/g, '""')}"`;
}

export interface KubectlTarget {
  context: string;
}

/** `kubectl apply`, client-side so that kubectl reports created / configured / unchanged per object. */
export function kubectlApplyArgs(
  file: string,
  target: KubectlTarget,
  options: { dryRun?: 'server' | 'client' } = {},
): string[] {
  const args = ['apply', '--context', target.context, '--filename', kubectlFilename(file)];
  if (options.dryRun) args.push(`--dry-run=${options.dryRun}`);
  return args;
}

/** `kubectl diff` (a server-side dry run under the hood); exits 0 with no changes, 1 with changes, >1 on error. */
export function kubectlDiffArgs(file: string, target: KubectlTarget): string[] {
  return ['diff', '--context', target.context, '--filename', kubectlFilename(file)];
}

/**
 * The external diff kubectl runs for `kubectl diff`: GNU/BSD diff with enough context that each file's hunk
 * holds the whole object, so that both sides can be rebuilt for a diff view. kubectl accepts only
 * `[a-zA-Z0-9-=]` flags here, which these are.
 */
export const KUBECTL_EXTERNAL_DIFF = 'diff -N -U2147483647';

export function kubectlRolloutStatusArgs(
  deployment: { name: string; namespace?: string },
  target: KubectlTarget,
  options: { timeout?: string } = {},
): string[] {
  const args = ['rollout', 'status', '--context', target.context];
  if (deployment.namespace) args.push('--namespace', deployment.namespace);
  args.push(`deployment/${deployment.name}`, '--watch=true');
  if (options.timeout) args.push(`--timeout=${options.timeout}`);
  return args;
}

/** Switches the current context in the kubeconfig file that defines it (kubectl picks the file). */
export function kubectlUseContextArgs(context: string): string[] {
  return ['config', 'use-context', context];
}
