import type { RuleFinding } from '../../types';
import type { DockerfileContext } from '../context';
import type { Instruction } from '../parse/model';
import type { ShellCommand } from '../parse/shell';
import { appendToRun, runCommands } from './commands';

/** What a "clean the package cache in the same RUN" rule (DL3032, DL3036, DL3040, DL3060) is made of. */
export interface CleanupCheck {
  /** The command that fills the cache (`yum install`), and the word it is reported up to (its subcommand). */
  install(command: ShellCommand): { end: number } | undefined;
  /** The command that empties it (`yum clean all`). */
  clean(command: ShellCommand): boolean;
  /** A RUN that keeps the cache out of the layer otherwise (a cache or tmpfs mount on it). */
  exempt?(run: Instruction): boolean;
  /** Only RUNs of these (the stages that end up in an image), when given. */
  only?: ReadonlySet<Instruction>;
  /** The command the fix appends to the RUN, given the install command (`yum clean all`, `microdnf clean all`). */
  cleanCommand(install: ShellCommand): string;
  message: string;
  /** False where the clean command can remove more than a cache (fix-all then leaves it to the author). */
  preferred?: boolean;
}

export const messages = { fixTitle: (command: string) => `Add && ${command} to this RUN` };

/**
 * The RUNs that install and do not clean up afterwards in the same RUN, as hadolint reads it: the first clean
 * command must come after the first install command (`findCommandIndex`). Cleaning in a later RUN does not help: the
 * cache is already in the install's layer. The fix appends the clean command at the end of the RUN; for the system
 * package managers it keeps the meaning (later installs fetch the metadata again) and is preferred.
 */
export function missingCleanup(context: DockerfileContext, check: CleanupCheck): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const { run, commands } of runCommands(context)) {
    if (check.only && !check.only.has(run)) continue;
    let installAt = -1;
    let reachedTo = 0;
    for (let index = 0; index < commands.length && installAt === -1; index++) {
      const found = check.install(commands[index]);
      if (found) {
        installAt = index;
        reachedTo = found.end;
      }
    }
    if (installAt === -1 || check.exempt?.(run)) continue;
    const cleanAt = commands.findIndex((command) => check.clean(command));
    if (cleanAt > installAt) continue;
    const install = commands[installAt];
    const clean = check.cleanCommand(install);
    const fix =
      cleanAt === -1
        ? appendToRun(context, run, commands, clean, messages.fixTitle(clean), check.preferred !== false)
        : undefined;
    findings.push({
      range: context.range(install.start, reachedTo),
      message: check.message,
      ...(fix ? { fixes: [fix] } : {}),
    });
  }
  return findings;
}
