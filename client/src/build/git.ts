import { runProcess } from '../process/run';

/**
 * The short sha of the commit checked out in `folder`, for the tag Build Image proposes; undefined outside a git
 * repository, without git, or when git takes more than 5 s. Only run where Build Image runs: in a trusted workspace.
 */
export async function gitShortSha(folder: string, run: typeof runProcess = runProcess): Promise<string | undefined> {
  try {
    // GIT_OPTIONAL_LOCKS=0: a read must not take the index lock a concurrent git in the editor may want.
    const result = await run({
      command: 'git',
      args: ['rev-parse', '--short', 'HEAD'],
      cwd: folder,
      env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' },
      timeoutMs: 5000,
    });
    const sha = result.stdout.trim();
    return result.code === 0 && /^[0-9a-f]{4,40}$/.test(sha) ? sha : undefined;
  } catch {
    return undefined;
  }
}
