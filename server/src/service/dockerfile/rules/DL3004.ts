import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import type { DockerfileRule } from './rule';

export const messages = {
  sudo: 'Do not use sudo as it leads to unpredictable behavior. Use a tool like gosu to enforce root',
};

/**
 * DL3004: sudo in a build has no TTY and odd environment handling; RUN already runs as the USER in effect. hadolint
 * says error; BuildKit builds it (and it works where sudo is installed): a warning.
 */
export const DL3004: DockerfileRule = {
  id: 'DL3004',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  description: 'Do not use sudo as it leads to unpredictable behavior. Use a tool like gosu to enforce root.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const run of context.runs()) {
      for (const command of context.shell(run)) {
        if (command.name === 'sudo')
          findings.push({ range: context.range(command.words[0].start, command.words[0].end), message: messages.sudo });
      }
    }
    return findings;
  },
};
