import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { DockerfileRule } from './rule';
import { unpinnedRpms } from './rpmPinning';

export const messages = {
  unpinned: (name: string) => `Specify version with \`dnf install -y ${name}-<version>\`.`,
};

/**
 * DL3041 (off by default, as Shipshape's other pinning rules): a dnf (or microdnf) package without `-<version>`, or
 * a `dnf module install` module without `:<stream>`; `dnf group install` installs groups, left alone. No fix: only
 * the author knows the version.
 */
export const DL3041: DockerfileRule = {
  id: 'DL3041',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  enabledByDefault: false,
  description: 'Specify version with dnf install -y <package>-<version> (off by default).',
  reference: 'hadolint src/Hadolint/Rule/DL3041.hs',
  check: (context) => unpinnedRpms(context, ['dnf', 'microdnf'], ['module', 'group'], messages.unpinned),
};
