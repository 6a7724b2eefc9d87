import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import { packageCalls } from './packageManagers';
import type { DockerfileRule } from './rule';

export const messages = {
  unpinned: (name: string) =>
    `Pin versions in apk add. Instead of \`apk add ${name}\` use \`apk add ${name}=<version>\``,
};

/** DL3018 (off by default): an apk package without `=version`. */
export const DL3018: DockerfileRule = {
  id: 'DL3018',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  enabledByDefault: false,
  description: 'Pin versions in apk add (off by default).',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const call of packageCalls(context, 'apk', ['add'])) {
      for (const word of call.packages) {
        if (/[=<>~]/.test(word.value) || word.value.includes('$') || /\.apk$/.test(word.value)) continue;
        findings.push({ range: context.range(word.start, word.end), message: messages.unpinned(word.value) });
      }
    }
    return findings;
  },
};
