import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { invalidLabels } from './labels';
import type { DockerfileRule } from './rule';

export const messages = { invalid: (label: string) => `Label \`${label}\` is not a valid git hash.` };

/** DL3055: a label that `.hadolint.yaml`'s `label-schema` types `hash` has a value that is not one. */
export const DL3055: DockerfileRule = {
  id: 'DL3055',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  description: 'A label typed `hash` in `label-schema` is not a git commit hash (7 or 40 hex digits).',
  reference: 'hadolint src/Hadolint/Rule/DL3055.hs',
  check: (context) =>
    invalidLabels(context, 'hash', (value) => /^([0-9a-f]{7}|[0-9a-f]{40})$/.test(value), messages.invalid),
};
