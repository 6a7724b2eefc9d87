import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { laterDuplicates } from './duplicates';
import type { DockerfileRule } from './rule';

export const messages = { multiple: 'Multiple `HEALTHCHECK` instructions' };

/** DL3012: a stage has one health check; only the last HEALTHCHECK counts. */
export const DL3012: DockerfileRule = {
  id: 'DL3012',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Error,
  description: 'Multiple HEALTHCHECK instructions.',
  check: (context) => laterDuplicates(context, 'HEALTHCHECK', messages.multiple),
};
