import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { closestMatch } from '../../../common/closest';
import type { RuleFinding } from '../../../types';
import { flagsOf, INSTRUCTIONS, INSTRUCTION_SET } from '../../catalog';
import type { DockerfileRule } from '../rule';

export const messages = {
  unknown: (flag: string, keyword: string) => `Unknown flag for ${keyword}: --${flag}`,
  misspelt: (flag: string, keyword: string, meant: string) =>
    `Unknown flag for ${keyword}: --${flag}. Did you mean --${meant}?`,
  none: (flag: string, keyword: string) => `${keyword} takes no flags: --${flag}`,
  rename: (meant: string) => `Change to --${meant}`,
};

/** A flag the instruction does not have (`COPY --chmode`, `RUN --mnt`): BuildKit refuses the file. */
export const unknownFlagRule: DockerfileRule = {
  id: 'dockerfile/unknown-flag',
  origin: 'syntax',
  severity: DiagnosticSeverity.Error,
  description: 'A flag the instruction does not have (all flags of current BuildKit are known), with the near miss.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const outer of context.instructions) {
      for (const instruction of outer.trigger ? [outer, outer.trigger] : [outer]) {
        // A misspelt keyword (`COPPY --chmode`) is checked as the instruction it most likely is: every error at once.
        const keyword = INSTRUCTION_SET.has(instruction.keyword)
          ? instruction.keyword
          : /^[A-Za-z]+$/.test(instruction.written)
            ? closestMatch(instruction.keyword, INSTRUCTIONS)
            : undefined;
        if (keyword === undefined || keyword === 'ONBUILD') continue;
        const known = Object.keys(flagsOf(keyword));
        for (const flag of instruction.flags) {
          if (known.includes(flag.name)) continue;
          const range = context.range(flag.start, flag.nameEnd);
          if (known.length === 0) {
            findings.push({ range, message: messages.none(flag.name, keyword) });
            continue;
          }
          const meant = flag.name === '' ? undefined : closestMatch(flag.name, known);
          findings.push(
            meant === undefined
              ? { range, message: messages.unknown(flag.name, keyword) }
              : {
                  range,
                  message: messages.misspelt(flag.name, keyword, meant),
                  fixes: [
                    {
                      title: messages.rename(meant),
                      edits: [context.edit(flag.nameStart, flag.nameEnd, meant)],
                      isPreferred: true,
                    },
                  ],
                },
          );
        }
      }
    }
    return findings;
  },
};
