import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import type { Stage } from '../context';
import { labels } from './labels';
import type { DockerfileRule } from './rule';

export const messages = { missing: (label: string) => `Label \`${label}\` is missing.` };

/**
 * DL3049: a stage lacks a label that `.hadolint.yaml`'s `label-schema` names. As hadolint
 * (src/Hadolint/Rule/DL3049.hs): a stage built FROM a stage that has the label has it too; a stage whose label a
 * later stage (built FROM it) sets, or that a later `COPY --from` only copies files out of, is not an image of its
 * own and is left alone. Reported on the stage's FROM.
 */
export const DL3049: DockerfileRule = {
  id: 'DL3049',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Information,
  description: 'A label of `label-schema` is missing from a stage.',
  reference: 'hadolint src/Hadolint/Rule/DL3049.hs',
  check(context) {
    const schema = context.config.labelSchema;
    if (schema.size === 0) return [];
    const findings: RuleFinding[] = [];
    const all = labels(context);
    const copiedFrom = new Set<string>();
    for (const instruction of context.instructions)
      for (const flag of instruction.flags)
        if (instruction.keyword === 'COPY' && flag.name === 'from' && flag.value)
          copiedFrom.add(flag.value.toLowerCase());
    for (const label of schema.keys()) {
      const has = new Set<Stage>();
      for (const stage of context.stages) {
        const own = all.some((entry) => entry.key === label && context.stageOf(entry.instruction) === stage);
        if (own || (stage.parent && has.has(stage.parent))) has.add(stage);
        // A child that sets the label vouches for the stage it builds on.
        if (own && stage.parent) has.add(stage.parent);
      }
      for (const stage of context.stages) {
        if (has.has(stage) || !stage.from) continue; // no FROM: dockerfile/no-from says what is wrong
        if (stage.name && copiedFrom.has(stage.name.value.toLowerCase())) continue;
        findings.push({
          range: context.range(stage.from.keywordStart, stage.from.keywordEnd),
          message: messages.missing(label),
        });
      }
    }
    return findings;
  },
};
