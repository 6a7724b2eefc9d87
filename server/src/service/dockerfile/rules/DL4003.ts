import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { ignoredDuplicates } from './duplicates';
import type { DockerfileRule } from './rule';

export const messages = {
  multiple:
    'Multiple `CMD` instructions found. If you list more than one `CMD` then only the last `CMD` will take effect',
};

/** DL4003: only the last CMD of a stage takes effect. */
export const DL4003: DockerfileRule = {
  id: 'DL4003',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  description: 'Multiple CMD instructions found; only the last CMD takes effect.',
  check: (context) => ignoredDuplicates(context, 'CMD', messages.multiple),
};
