import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import { argumentIn, programOf, runCommands } from './commands';
import type { DockerfileRule } from './rule';

export const messages = { distUpgrade: 'Do not use `zypper dist-upgrade`.' };

/**
 * DL3035: `zypper dist-upgrade` moves the whole base image to another distribution release inside the build; use a
 * newer base image instead. No fix: which image is meant is the author's choice.
 */
export const DL3035: DockerfileRule = {
  id: 'DL3035',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  description: 'Do not use zypper dist-upgrade.',
  reference: 'hadolint src/Hadolint/Rule/DL3035.hs',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const { commands } of runCommands(context)) {
      for (const command of commands) {
        if (programOf(command) !== 'zypper') continue;
        const subcommand = argumentIn(command, ['dist-upgrade', 'dup']);
        if (subcommand)
          findings.push({ range: context.range(command.start, subcommand.end), message: messages.distUpgrade });
      }
    }
    return findings;
  },
};
