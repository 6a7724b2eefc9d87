import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import { labels } from './labels';
import type { DockerfileRule } from './rule';

export const messages = { superfluous: (label: string) => `Superfluous label(s) present: \`${label}\`.` };

/** DL3050: with `strict-labels: true` in `.hadolint.yaml`, a label its `label-schema` does not name. */
export const DL3050: DockerfileRule = {
  id: 'DL3050',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Information,
  description: 'Superfluous label present (a label outside `label-schema`, with `strict-labels: true`).',
  reference: 'hadolint src/Hadolint/Rule/DL3050.hs',
  check(context) {
    if (!context.config.strictLabels) return [];
    const findings: RuleFinding[] = [];
    for (const label of labels(context)) {
      if (context.config.labelSchema.has(label.key)) continue;
      findings.push({ range: context.range(label.keyStart, label.keyEnd), message: messages.superfluous(label.key) });
    }
    return findings;
  },
};
