import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import { aptInstallFix, simulates, NO_RECOMMENDS_OPTIONS } from './aptInstall';
import { callSpan, hasOption, packageCalls } from './packageManagers';
import type { DockerfileRule } from './rule';

export const messages = { recommends: 'Avoid additional packages by specifying `--no-install-recommends`' };

/** DL3015: recommended packages often double an image's size for nothing the container runs. */
export const DL3015: DockerfileRule = {
  id: 'DL3015',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Information,
  description: 'Avoid additional packages by specifying --no-install-recommends.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const call of packageCalls(context, 'apt-get', ['install'])) {
      if (hasOption(call.command, NO_RECOMMENDS_OPTIONS) || simulates(call.command)) continue;
      if (call.command.words.some((word) => /APT::Install-Recommends=(false|0)/i.test(word.value))) continue;
      const span = callSpan(call);
      findings.push({
        range: context.range(span.start, span.end),
        message: messages.recommends,
        fixes: [aptInstallFix(context, call, '--no-install-recommends')],
      });
    }
    return findings;
  },
};
