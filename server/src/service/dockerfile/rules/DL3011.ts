import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import type { DockerfileRule } from './rule';

export const messages = { range: 'Valid UNIX ports range from 0 to 65535' };

/** DL3011: EXPOSE a port (or range end) above 65535. */
export const DL3011: DockerfileRule = {
  id: 'DL3011',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Error,
  description: 'Valid UNIX ports range from 0 to 65535.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const instruction of context.instructions) {
      if (instruction.keyword !== 'EXPOSE') continue;
      for (const word of instruction.args) {
        const ports = /^(\d+)(?:-(\d+))?(?:\/\w+)?$/.exec(word.value);
        if (ports && (Number(ports[1]) > 65535 || (ports[2] !== undefined && Number(ports[2]) > 65535))) {
          findings.push({ range: context.range(word.start, word.end), message: messages.range });
        }
      }
    }
    return findings;
  },
};
