import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import type { Instruction } from '../parse/model';
import { programOf } from './commands';
import type { DockerfileRule } from './rule';

export const messages = { both: 'Either use Wget or Curl but not both' };

/**
 * DL4001: a stage that uses both curl and wget installs and maintains two download tools where one does. As hadolint
 * (src/Hadolint/Rule/DL4001.hs): per stage, every RUN that uses one of them once the stage has used both is
 * reported; ONBUILD RUNs are counted apart (they run in another image).
 */
export const DL4001: DockerfileRule = {
  id: 'DL4001',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  description: 'Either use wget or curl but not both.',
  reference: 'hadolint src/Hadolint/Rule/DL4001.hs',
  check(context) {
    const findings: RuleFinding[] = [];
    let seen = new Set<string>();
    let seenOnBuild = new Set<string>();
    for (const instruction of context.instructions) {
      if (instruction.keyword === 'FROM') {
        seen = new Set();
        seenOnBuild = new Set();
        continue;
      }
      const run: Instruction | undefined =
        instruction.keyword === 'RUN'
          ? instruction
          : instruction.trigger?.keyword === 'RUN'
            ? instruction.trigger
            : undefined;
      if (run === undefined) continue;
      const set = run === instruction ? seen : seenOnBuild;
      const tools = context.shell(run).filter((command) => ['curl', 'wget'].includes(programOf(command)));
      for (const command of tools) set.add(programOf(command));
      if (tools.length === 0 || set.size < 2) continue;
      const first = tools[0].words[0];
      findings.push({ range: context.range(first.start, first.end), message: messages.both });
    }
    return findings;
  },
};
