import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../../types';
import type { DockerfileRule } from '../rule';

export const messages = {
  casing: (name: string) => `Stage name '${name}' should be lowercase`,
  fixTitle: (name: string) => `Rename the stage to ${name}`,
};

/** StageNameCasing: stage names are case-insensitive, so mixed case only misleads. The fix renames every use too. */
export const StageNameCasing: DockerfileRule = {
  id: 'StageNameCasing',
  origin: 'buildkit',
  severity: DiagnosticSeverity.Warning,
  description: 'A stage name that is not lowercase.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const stage of context.stages) {
      const name = stage.name;
      if (!name || name.value === name.value.toLowerCase()) continue;
      const lower = name.value.toLowerCase();
      const edits = [context.edit(name.start, name.end, lower)];
      for (const later of context.stages.slice(stage.index + 1)) {
        if (later.image && later.image.value.toLowerCase() === lower && later.image.value !== lower)
          edits.push(context.edit(later.image.start, later.image.end, lower));
        for (const instruction of later.instructions) {
          for (const flag of instruction.flags) {
            if (flag.name === 'from' && flag.value?.toLowerCase() === lower && flag.value !== lower)
              edits.push(context.edit(flag.valueStart, flag.end, lower));
            if (flag.name === 'mount' && flag.value) {
              const match = /(^|,)from=([^,]*)/.exec(flag.value);
              if (match && match[2].toLowerCase() === lower && match[2] !== lower) {
                const at = flag.valueStart + match.index + match[1].length + 'from='.length;
                edits.push(context.edit(at, at + match[2].length, lower));
              }
            }
          }
        }
      }
      findings.push({
        range: context.range(name.start, name.end),
        message: messages.casing(name.value),
        fixes: [{ title: messages.fixTitle(lower), edits, isPreferred: true }],
      });
    }
    return findings;
  },
};
