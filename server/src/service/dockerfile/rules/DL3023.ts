import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import type { DockerfileRule } from './rule';

export const messages = { own: 'COPY --from cannot reference its own FROM alias' };

/** DL3023: a stage cannot copy from itself. */
export const DL3023: DockerfileRule = {
  id: 'DL3023',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Error,
  description: 'COPY --from cannot reference its own FROM alias.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const stage of context.stages) {
      const name = stage.name?.value.toLowerCase();
      if (!name) continue;
      for (const instruction of stage.instructions) {
        const from =
          instruction.keyword === 'COPY' ? instruction.flags.find((flag) => flag.name === 'from') : undefined;
        if (from?.value?.toLowerCase() === name)
          findings.push({ range: context.range(from.valueStart, from.end), message: messages.own });
      }
    }
    return findings;
  },
};
