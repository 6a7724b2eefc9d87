import type { RuleFinding } from '../../types';
import type { DockerfileContext } from '../context';
import { argumentIn, hasAnyFlag, programOf, runCommands } from './commands';

export const messages = { fixTitle: (option: string) => `Add ${option}` };

/** Where the fix puts which option: `-y` after the subcommand, or a global option after the program (zypper's `-n`). */
export type YesFix = { option: '-y'; after: 'subcommand' } | { option: string; after: 'program' };

/**
 * The package-manager calls that would stop at a confirmation prompt, which a build cannot answer (DL3030 yum,
 * DL3034 zypper, DL3038 dnf): `programs` with one of `subcommands` and none of the `yes` flags (hadolint's names:
 * `y` for `-y` and inside `-qy`, `assumeyes` for `--assumeyes`). Reported on the program and its subcommand, with a
 * fix that inserts the option (`fix`): it only answers the prompt the build would fail at.
 */
export function missingYes(
  context: DockerfileContext,
  programs: readonly string[],
  subcommands: readonly string[],
  yes: readonly string[],
  message: string,
  fix: YesFix = { option: '-y', after: 'subcommand' },
): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const { commands } of runCommands(context)) {
    for (const command of commands) {
      if (!programs.includes(programOf(command))) continue;
      const subcommand = argumentIn(command, subcommands);
      if (subcommand === undefined || hasAnyFlag(command, yes)) continue;
      findings.push({
        range: context.range(command.start, subcommand.end),
        message,
        fixes: [
          {
            title: messages.fixTitle(fix.option),
            edits: [context.insert(fix.after === 'program' ? command.words[0].end : subcommand.end, ` ${fix.option}`)],
            isPreferred: true,
          },
        ],
      });
    }
  }
  return findings;
}
