import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import { programOf, runCommands } from './commands';
import type { DockerfileRule } from './rule';

export const messages = {
  pointless: (name: string) =>
    `For some bash commands it makes no sense running them in a Docker container like \`ssh\`, \`vim\`, \`shutdown\`, \`service\`, \`ps\`, \`free\`, \`top\`, \`kill\`, \`mount\`, \`ifconfig\` (here \`${name}\`)`,
};

/** hadolint's list (src/Hadolint/Rule/DL3001.hs, invalidCmds): interactive or host-level tools. */
const POINTLESS = new Set(['free', 'kill', 'mount', 'ps', 'service', 'shutdown', 'ssh', 'top', 'vim']);

/** DL3001: a build step that runs an interactive or host-level tool does nothing useful in an image build. */
export const DL3001: DockerfileRule = {
  id: 'DL3001',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Information,
  description:
    'For some bash commands it makes no sense running them in a Docker container (ssh, vim, service, ps...).',
  reference: 'hadolint src/Hadolint/Rule/DL3001.hs',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const { commands } of runCommands(context)) {
      for (const command of commands) {
        const name = programOf(command);
        if (!POINTLESS.has(name)) continue;
        const word = command.words[0];
        findings.push({ range: context.range(word.start, word.end), message: messages.pointless(name) });
      }
    }
    return findings;
  },
};
