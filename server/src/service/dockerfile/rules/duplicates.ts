import type { RuleFinding } from '../../types';
import type { DockerfileContext } from '../context';

/** Every occurrence of `keyword` in a stage after the first: only the last one takes effect. */
export function laterDuplicates(context: DockerfileContext, keyword: string, message: string): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const stage of context.stages) {
    const found = stage.instructions.filter((instruction) => instruction.keyword === keyword);
    for (const instruction of found.slice(1))
      findings.push({ range: context.range(instruction.keywordStart, instruction.keywordEnd), message });
  }
  return findings;
}
