import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import { runCommands, runsWith } from './commands';
import type { DockerfileRule } from './rule';

export const messages = { shell: 'Use SHELL to change the default shell' };

/**
 * DL4005: `ln -sf /bin/bash /bin/sh` replaces the image's /bin/sh for every later program, not only for the
 * Dockerfile's RUNs; `SHELL ["/bin/bash", "-c"]` changes the shell of the RUNs alone. No fix: a SHELL instruction
 * does not do what the link does for the image's other programs.
 */
export const DL4005: DockerfileRule = {
  id: 'DL4005',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  description: 'Use SHELL to change the default shell (not ln -s ... /bin/sh).',
  reference: 'hadolint src/Hadolint/Rule/DL4005.hs',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const { commands } of runCommands(context)) {
      for (const command of commands) {
        if (!runsWith(command, ['ln'], ['/bin/sh'])) continue;
        findings.push({ range: context.range(command.start, command.end), message: messages.shell });
      }
    }
    return findings;
  },
};
