import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { SPDX_LICENSE_IDS } from './spdxLicenseIds';
import { invalidLabels } from './labels';
import type { DockerfileRule } from './rule';

export const messages = { invalid: (label: string) => `Label \`${label}\` is not a valid SPDX identifier.` };

/** DL3054: a label that `.hadolint.yaml`'s `label-schema` types `spdx` has a value that is not one. */
export const DL3054: DockerfileRule = {
  id: 'DL3054',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  description: 'A label typed `spdx` in `label-schema` is not an SPDX license identifier.',
  reference: 'hadolint src/Hadolint/Rule/DL3054.hs',
  check: (context) => invalidLabels(context, 'spdx', (value) => SPDX_LICENSE_IDS.has(value), messages.invalid),
};
