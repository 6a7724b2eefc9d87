import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { DockerfileRule } from './rule';
import { unpinnedRpms } from './rpmPinning';

export const messages = {
  unpinned: (name: string) => `Specify version with \`yum install -y ${name}-<version>\`.`,
};

/**
 * DL3033 (off by default, as Shipshape's other pinning rules): a yum package without `-<version>`, or a `yum module
 * install` module without `:<stream>`. No fix: only the author knows the version.
 */
export const DL3033: DockerfileRule = {
  id: 'DL3033',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  enabledByDefault: false,
  description: 'Specify version with yum install -y <package>-<version> (off by default).',
  reference: 'hadolint src/Hadolint/Rule/DL3033.hs',
  check: (context) => unpinnedRpms(context, ['yum'], ['module'], messages.unpinned),
};
