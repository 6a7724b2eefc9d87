import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import { hasOption, packageCalls } from './packageManagers';
import type { DockerfileRule } from './rule';

export const messages = {
  unpinned: (name: string) => `Pin versions in pip. Instead of \`pip install ${name}\` use \`pip install ${name}==<version>\` or \`pip install --requirement <requirements file>\``,
};

/**
 * DL3013 (off by default): a pip (or pipx) package without a version specifier. Paths, URLs and VCS sources are left
 * alone, and so is a call with a constraints file (`-c`, `--constraint`), which pins the versions, as in hadolint.
 */
export const DL3013: DockerfileRule = {
  id: 'DL3013',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  enabledByDefault: false,
  description: 'Pin versions in pip install (off by default).',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const call of [...packageCalls(context, 'pip', ['install']), ...packageCalls(context, 'pipx', ['install'])]) {
      if (hasOption(call.command, ['-c', '--constraint'])) continue;
      for (const word of call.packages) {
        const value = word.value;
        if (/[=<>~!@]/.test(value) || value.includes('$') || value.includes('/') || value.startsWith('.') || /\.(whl|tar\.gz|zip)$/.test(value)) continue;
        findings.push({ range: context.range(word.start, word.end), message: messages.unpinned(value) });
      }
    }
    return findings;
  },
};
