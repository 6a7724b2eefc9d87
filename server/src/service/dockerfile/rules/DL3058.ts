import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { invalidLabels } from './labels';
import type { DockerfileRule } from './rule';

export const messages = {
  invalid: (label: string) => `Label \`${label}\` is not a valid email format - must conform to RFC5322.`,
};

/** An RFC 5322 addr-spec, dot-atom form (what email-validate, hadolint's checker, accepts in practice). */
const EMAIL =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/;

/** DL3058: a label that `.hadolint.yaml`'s `label-schema` types `email` has a value that is not one. */
export const DL3058: DockerfileRule = {
  id: 'DL3058',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  description: 'A label typed `email` in `label-schema` is not an email address.',
  reference: 'hadolint src/Hadolint/Rule/DL3058.hs',
  check: (context) => invalidLabels(context, 'email', (value) => EMAIL.test(value), messages.invalid),
};
