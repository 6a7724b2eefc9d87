import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { DockerfileRule } from './rule';
import { missingYes } from './yesFlag';

export const messages = { yes: 'Non-interactive switch missing from `zypper` command: `zypper install -y`' };

/**
 * DL3034: zypper's install, remove, source-install and patch ask for confirmation unless `-y` (`--no-confirm`) or
 * the global `-n` (`--non-interactive`) is given; a build cannot answer and fails.
 */
export const DL3034: DockerfileRule = {
  id: 'DL3034',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  description: 'Non-interactive switch missing from zypper command: zypper install -y.',
  fix: 'adds --non-interactive (zypper -n)',
  reference: 'hadolint src/Hadolint/Rule/DL3034.hs',
  check: (context) =>
    missingYes(
      context,
      ['zypper'],
      ['install', 'in', 'remove', 'rm', 'source-install', 'si', 'patch'],
      ['non-interactive', 'n', 'no-confirm', 'y'],
      messages.yes,
      // The global option, valid before every subcommand (source-install has no -y of its own).
      { option: '--non-interactive', after: 'program' },
    ),
};
