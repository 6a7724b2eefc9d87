import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import { answersYes, aptInstallFix } from './aptInstall';
import { callSpan, packageCalls } from './packageManagers';
import type { DockerfileRule } from './rule';

export const messages = { yes: 'Use the -y switch to avoid manual input `apt-get -y install <package>`' };

/** DL3014: without -y, apt-get asks for confirmation, which a build cannot give. */
export const DL3014: DockerfileRule = {
  id: 'DL3014',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  description: 'Use the -y switch to avoid manual input: apt-get -y install <package>.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const call of packageCalls(context, 'apt-get', ['install'])) {
      if (answersYes(call.command)) continue;
      const span = callSpan(call);
      findings.push({
        range: context.range(span.start, span.end),
        message: messages.yes,
        fixes: [aptInstallFix(context, call, '-y')],
      });
    }
    return findings;
  },
};
