import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { ignoredDuplicates } from './duplicates';
import type { DockerfileRule } from './rule';

export const messages = { multiple: 'Multiple `HEALTHCHECK` instructions' };

/**
 * DL3012: a stage has one health check; only the last HEALTHCHECK counts. hadolint says error; BuildKit builds it
 * and reports the same case as the warning MultipleInstructionsDisallowed: a warning.
 */
export const DL3012: DockerfileRule = {
  id: 'DL3012',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  description: 'Multiple HEALTHCHECK instructions.',
  check: (context) => ignoredDuplicates(context, 'HEALTHCHECK', messages.multiple),
};
