import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../../types';
import type { DockerfileRule } from '../rule';

export const messages = {
  casing: (port: string) => `Defined protocol '${port}' in EXPOSE instruction should be lowercase`,
  fixTitle: (port: string) => `Change to ${port}`,
};

/** ExposeProtoCasing: `EXPOSE 80/TCP`: protocols are lowercase. */
export const ExposeProtoCasing: DockerfileRule = {
  id: 'ExposeProtoCasing',
  origin: 'buildkit',
  severity: DiagnosticSeverity.Warning,
  description: 'An EXPOSE protocol that is not lowercase (80/TCP).',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const instruction of context.instructions) {
      if (instruction.keyword !== 'EXPOSE') continue;
      for (const word of instruction.args) {
        const slash = word.value.indexOf('/');
        if (slash === -1) continue;
        const protocol = word.value.slice(slash + 1);
        if (protocol === protocol.toLowerCase()) continue;
        const fixed = word.value.slice(0, slash + 1) + protocol.toLowerCase();
        findings.push({
          range: context.range(word.start, word.end),
          message: messages.casing(word.value),
          fixes: [
            {
              title: messages.fixTitle(fixed),
              edits: [context.edit(word.start + slash + 1, word.end, protocol.toLowerCase())],
              isPreferred: true,
            },
          ],
        });
      }
    }
    return findings;
  },
};
