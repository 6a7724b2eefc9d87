import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { invalidLabels } from './labels';
import type { DockerfileRule } from './rule';

export const messages = {
  invalid: (label: string) => `Label \`${label}\` is not a valid time format - must conform to RFC3339.`,
};

/** An RFC 3339 date-time (`2024-05-01T12:00:00Z`, `2024-05-01T12:00:00.5+02:00`) that is a real date. */
function validTime(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour < 24 && minute < 60 && second <= 60;
}

/** DL3053: a label that `.hadolint.yaml`'s `label-schema` types `rfc3339` has a value that is not one. */
export const DL3053: DockerfileRule = {
  id: 'DL3053',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  description: 'A label typed `rfc3339` in `label-schema` is not an RFC 3339 time.',
  reference: 'hadolint src/Hadolint/Rule/DL3053.hs',
  check: (context) => invalidLabels(context, 'rfc3339', validTime, messages.invalid),
};
