import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import type { DockerfileRule } from './rule';

export const messages = { trigger: '`ONBUILD`, `FROM` or `MAINTAINER` triggered from within `ONBUILD` instruction' };

/** DL3043: ONBUILD cannot trigger ONBUILD, FROM or MAINTAINER. */
export const DL3043: DockerfileRule = {
  id: 'DL3043',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Error,
  description: 'ONBUILD, FROM or MAINTAINER triggered from within ONBUILD instruction.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const instruction of context.instructions) {
      const trigger = instruction.trigger;
      if (trigger && ['ONBUILD', 'FROM', 'MAINTAINER'].includes(trigger.keyword)) {
        findings.push({ range: context.range(trigger.keywordStart, trigger.keywordEnd), message: messages.trigger });
      }
    }
    return findings;
  },
};
