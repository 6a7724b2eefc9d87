import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { ignoredDuplicates } from './duplicates';
import type { DockerfileRule } from './rule';

export const messages = {
  multiple:
    'Multiple `ENTRYPOINT` instructions found. If you list more than one `ENTRYPOINT` then only the last `ENTRYPOINT` will take effect',
};

/**
 * DL4004: only the last ENTRYPOINT of a stage takes effect. hadolint says error; BuildKit builds it and reports the
 * same case as the warning MultipleInstructionsDisallowed: a warning.
 */
export const DL4004: DockerfileRule = {
  id: 'DL4004',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  description: 'Multiple ENTRYPOINT instructions found; only the last ENTRYPOINT takes effect.',
  check: (context) => ignoredDuplicates(context, 'ENTRYPOINT', messages.multiple),
};
