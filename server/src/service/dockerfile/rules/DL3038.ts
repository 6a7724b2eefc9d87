import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { DockerfileRule } from './rule';
import { missingYes } from './yesFlag';

export const messages = { yes: 'Use the -y switch to avoid manual input `dnf install -y <package>`' };

/** DL3038: `dnf install` (or microdnf's) without `-y` waits for a confirmation the build cannot give. */
export const DL3038: DockerfileRule = {
  id: 'DL3038',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  description: 'Use the -y switch to avoid manual input: dnf install -y <package>.',
  fix: 'adds -y',
  reference: 'hadolint src/Hadolint/Rule/DL3038.hs',
  check: (context) =>
    missingYes(
      context,
      ['dnf', 'microdnf'],
      ['install', 'groupinstall', 'localinstall'],
      ['y', 'assumeyes'],
      messages.yes,
    ),
};
