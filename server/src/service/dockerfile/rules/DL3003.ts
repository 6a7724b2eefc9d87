import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import type { DockerfileRule } from './rule';

export const messages = { cd: 'Use WORKDIR to switch to a directory' };

/** DL3003: `cd` inside RUN lasts for that RUN only; WORKDIR says where the build works, for every later step. */
export const DL3003: DockerfileRule = {
  id: 'DL3003',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  description: 'Use WORKDIR to switch to a directory.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const run of context.runs()) {
      for (const command of context.shell(run)) {
        if (command.name === 'cd') findings.push({ range: context.range(command.start, command.end), message: messages.cd });
      }
    }
    return findings;
  },
};
