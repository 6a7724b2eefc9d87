import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { invalidLabels } from './labels';
import type { DockerfileRule } from './rule';

export const messages = { invalid: (label: string) => `Label \`${label}\` does not conform to semantic versioning.` };

/** https://semver.org's regular expression (2.0.0). */
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** DL3056: a label that `.hadolint.yaml`'s `label-schema` types `semver` has a value that is not one. */
export const DL3056: DockerfileRule = {
  id: 'DL3056',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  description: 'A label typed `semver` in `label-schema` is not a semantic version.',
  reference: 'hadolint src/Hadolint/Rule/DL3056.hs',
  check: (context) => invalidLabels(context, 'semver', (value) => SEMVER.test(value), messages.invalid),
};
