import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { DockerfileRule } from './rule';
import { missingYes } from './yesFlag';

export const messages = { yes: 'Use the -y switch to avoid manual input `yum install -y <package>`' };

/** DL3030: `yum install` without `-y` waits for a confirmation the build cannot give, and the build fails. */
export const DL3030: DockerfileRule = {
  id: 'DL3030',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  description: 'Use the -y switch to avoid manual input: yum install -y <package>.',
  fix: 'adds -y',
  reference: 'hadolint src/Hadolint/Rule/DL3030.hs',
  check: (context) =>
    missingYes(context, ['yum'], ['install', 'groupinstall', 'localinstall'], ['y', 'assumeyes'], messages.yes),
};
