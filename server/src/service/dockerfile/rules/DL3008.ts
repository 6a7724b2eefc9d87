import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import { packageCalls } from './packageManagers';
import type { DockerfileRule } from './rule';

export const messages = {
  unpinned: (name: string) =>
    `Pin versions in apt get install. Instead of \`apt-get install ${name}\` use \`apt-get install ${name}=<version>\``,
};

/** DL3008 (off by default, as most teams pin the base image instead): an apt package without `=version`. */
export const DL3008: DockerfileRule = {
  id: 'DL3008',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  enabledByDefault: false,
  description: 'Pin versions in apt-get install (off by default).',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const call of packageCalls(context, 'apt-get', ['install'])) {
      for (const word of call.packages) {
        if (
          word.value.includes('=') ||
          word.value.includes('$') ||
          /\.deb$/.test(word.value) ||
          word.value.startsWith('/')
        )
          continue;
        findings.push({ range: context.range(word.start, word.end), message: messages.unpinned(word.value) });
      }
    }
    return findings;
  },
};
