import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { invalidLabels } from './labels';
import type { DockerfileRule } from './rule';

export const messages = { invalid: (label: string) => `Label \`${label}\` is not a valid URL.` };

/** An absolute URI, as Network.URI's parseURI requires: a scheme, then no blanks. */
function validUrl(value: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/** DL3052: a label that `.hadolint.yaml`'s `label-schema` types `url` has a value that is not one. */
export const DL3052: DockerfileRule = {
  id: 'DL3052',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  description: 'A label typed `url` in `label-schema` is not a valid URL.',
  reference: 'hadolint src/Hadolint/Rule/DL3052.hs',
  check: (context) => invalidLabels(context, 'url', validUrl, messages.invalid),
};
