import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import type { ShellWord } from '../parse/shell';
import { programOf, runCommands } from './commands';
import type { DockerfileRule } from './rule';

export const messages = {
  unpinned: (name: string) =>
    `Pin versions in gem install. Instead of \`gem install ${name}\` use \`gem install ${name}:<version>\``,
};

/**
 * DL3028 (off by default, as Shipshape's other pinning rules): `gem install <gem>` without `:<version>` (or `-v`)
 * takes the newest gem at build time. The gems are read as hadolint reads them (src/Hadolint/Rule/DL3028.hs): every
 * option takes the next word as its value. No fix: only the author knows the version.
 */
export const DL3028: DockerfileRule = {
  id: 'DL3028',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  enabledByDefault: false,
  description: 'Pin versions in gem install (off by default).',
  reference: 'hadolint src/Hadolint/Rule/DL3028.hs',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const { commands } of runCommands(context)) {
      for (const command of commands) {
        if (programOf(command) !== 'gem') continue;
        const words = command.words.slice(1);
        if (!words.some((word) => word.value === 'install' || word.value === 'i')) continue;
        if (
          words.some((word) => word.value === '-v' || word.value === '--version' || word.value.startsWith('--version='))
        )
          continue;
        const gems: ShellWord[] = [];
        for (let index = 0; index < words.length && words[index].value !== '--'; index++) {
          const value = words[index].value;
          if (value.startsWith('-')) index++;
          else if (value !== 'install' && value !== 'i') gems.push(words[index]);
        }
        for (const word of gems) {
          if (word.value.includes(':') || word.value.includes('$')) continue;
          findings.push({ range: context.range(word.start, word.end), message: messages.unpinned(word.value) });
        }
      }
    }
    return findings;
  },
};
