import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import { argumentsWithoutFlags, runCommands, runsWith } from './commands';
import type { DockerfileRule } from './rule';

export const messages = {
  unpinned: (name: string) => `Specify version with \`zypper install -y ${name}=<version>\`.`,
};

/**
 * DL3037 (off by default, as Shipshape's other pinning rules): a zypper package without a version (`=`, `>=`, `<`...)
 * or an `.rpm` file (src/Hadolint/Rule/DL3037.hs). No fix: only the author knows the version.
 */
export const DL3037: DockerfileRule = {
  id: 'DL3037',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  enabledByDefault: false,
  description: 'Specify version with zypper install -y <package>=<version> (off by default).',
  reference: 'hadolint src/Hadolint/Rule/DL3037.hs',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const { commands } of runCommands(context)) {
      for (const command of commands) {
        if (!runsWith(command, ['zypper'], ['install', 'in'])) continue;
        for (const word of argumentsWithoutFlags(command)) {
          const value = word.value;
          if (value === 'install' || value === 'in' || /[=<>]/.test(value) || value.endsWith('.rpm')) continue;
          findings.push({ range: context.range(word.start, word.end), message: messages.unpinned(value) });
        }
      }
    }
    return findings;
  },
};
