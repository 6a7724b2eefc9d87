import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../../types';
import { INSTRUCTION_SET } from '../../catalog';
import { fromParts } from '../../context';
import type { DockerfileRule } from '../rule';

export const messages = {
  mismatch: (as: string, from: string) => `'${as}' and '${from}' keywords' casing do not match`,
  fixTitle: (as: string) => `Change to ${as}`,
};

/** FromAsCasing: `FROM x as y`: the keywords should share a case (uppercase, as everywhere else). */
export const FromAsCasing: DockerfileRule = {
  id: 'FromAsCasing',
  origin: 'buildkit',
  severity: DiagnosticSeverity.Warning,
  description: "The 'as' of a FROM is not in the same case as 'FROM'.",
  check(context) {
    const findings: RuleFinding[] = [];
    for (const stage of context.stages) {
      const from = stage.from;
      if (!from) continue;
      const { as } = fromParts(from);
      if (!as || !INSTRUCTION_SET.has(from.keyword)) continue;
      const fromUpper = from.written === from.written.toUpperCase();
      const fromLower = from.written === from.written.toLowerCase();
      const wanted = fromUpper ? 'AS' : fromLower ? 'as' : undefined;
      if (wanted === undefined || as.value === wanted) continue;
      findings.push({
        range: context.range(as.start, as.end),
        message: messages.mismatch(as.value, from.written),
        fixes: [
          { title: messages.fixTitle(wanted), edits: [context.edit(as.start, as.end, wanted)], isPreferred: true },
        ],
      });
    }
    return findings;
  },
};
