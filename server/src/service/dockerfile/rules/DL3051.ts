import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import { labels } from './labels';
import type { DockerfileRule } from './rule';

export const messages = { empty: (label: string) => `Label \`${label}\` is empty.` };

/** DL3051: a label that `.hadolint.yaml`'s `label-schema` names is set to an empty value. */
export const DL3051: DockerfileRule = {
  id: 'DL3051',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  description: 'A label of `label-schema` is empty.',
  reference: 'hadolint src/Hadolint/Rule/DL3051.hs',
  check(context) {
    const findings: RuleFinding[] = [];
    if (context.config.labelSchema.size === 0) return findings;
    for (const label of labels(context)) {
      if (!context.config.labelSchema.has(label.key) || label.value !== '') continue;
      findings.push({ range: context.range(label.keyStart, label.end), message: messages.empty(label.key) });
    }
    return findings;
  },
};
