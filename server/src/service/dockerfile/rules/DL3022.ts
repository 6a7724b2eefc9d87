import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { closestMatch } from '../../common/closest';
import type { RuleFinding } from '../../types';
import type { DockerfileRule } from './rule';

export const messages = {
  unknown: 'COPY --from should reference a previously defined FROM alias',
  fixTitle: (name: string) => `Change to ${name}`,
};

/** DL3022: `COPY --from=x` where x is neither an earlier stage nor an image reference (a typo, or a stage defined later). */
export const DL3022: DockerfileRule = {
  id: 'DL3022',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  description: 'COPY --from should reference a previously defined FROM alias.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const stage of context.stages) {
      const earlier = context.stages
        .slice(0, stage.index)
        .flatMap((candidate) => (candidate.name ? [candidate.name.value] : []));
      for (const instruction of stage.instructions) {
        if (instruction.keyword !== 'COPY') continue;
        const from = instruction.flags.find((flag) => flag.name === 'from');
        const value = from?.value;
        if (!from || !value || /[:/$@.]/.test(value)) continue;
        if (/^\d+$/.test(value) ? Number(value) < stage.index : context.stageNamed(value, stage)) continue;
        if (stage.name && stage.name.value.toLowerCase() === value.toLowerCase()) continue; // DL3023's
        const meant = closestMatch(value, earlier);
        findings.push({
          range: context.range(from.valueStart, from.end),
          message: messages.unknown,
          fixes: meant
            ? [{ title: messages.fixTitle(meant), edits: [context.edit(from.valueStart, from.end, meant)] }]
            : [],
        });
      }
    }
    return findings;
  },
};
