import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import type { Stage } from '../context';
import type { DockerfileRule } from './rule';

export const messages = { missing: '`HEALTHCHECK` instruction missing.' };

/**
 * DL3057 (off by default, as in hadolint, whose severity for it is "ignore"): a stage without a HEALTHCHECK. As
 * hadolint (src/Hadolint/Rule/DL3057.hs), stages connected by FROM share one: a stage built FROM one that has it has
 * it, and a HEALTHCHECK in a stage counts for the stages it builds on. Reported on the stage's FROM.
 */
export const DL3057: DockerfileRule = {
  id: 'DL3057',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Information,
  enabledByDefault: false,
  description: '`HEALTHCHECK` instruction missing (off by default).',
  reference: 'hadolint src/Hadolint/Rule/DL3057.hs',
  check(context) {
    const good = new Set<Stage>();
    for (const stage of context.stages) {
      if (stage.parent && good.has(stage.parent)) good.add(stage);
      if (!stage.instructions.some((instruction) => instruction.keyword === 'HEALTHCHECK')) continue;
      for (let current: Stage | undefined = stage; current; current = current.parent) good.add(current);
    }
    const findings: RuleFinding[] = [];
    for (const stage of context.stages) {
      // A file without FROM has no stage to name (dockerfile/no-from says what is wrong).
      if (good.has(stage) || !stage.from) continue;
      findings.push({
        range: context.range(stage.from.keywordStart, stage.from.keywordEnd),
        message: messages.missing,
      });
    }
    return findings;
  },
};
