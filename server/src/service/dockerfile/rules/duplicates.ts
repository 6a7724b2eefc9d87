import type { RuleFinding } from '../../types';
import type { DockerfileContext } from '../context';

/**
 * Every occurrence of `keyword` in a stage before the last one: only the last takes effect, so the earlier ones are
 * the dead code. BuildKit's MultipleInstructionsDisallowed reports those ("the previous invocation because it is the
 * one that will be ignored", dockerfile2llb/validations.go `validateUsedOnce`); hadolint's DL4003/DL4004/DL3012
 * report the later ones of the same set. One diagnostic per duplicate, where BuildKit puts it.
 */
export function ignoredDuplicates(context: DockerfileContext, keyword: string, message: string): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const stage of context.stages) {
    const found = stage.instructions.filter((instruction) => instruction.keyword === keyword);
    for (const [index, instruction] of found.slice(0, -1).entries())
      findings.push({
        range: context.range(instruction.keywordStart, instruction.keywordEnd),
        message,
        // A `# hadolint ignore=` written above the next one (where hadolint reports it) still silences it.
        pragmaLine: found[index + 1].line,
      });
  }
  return findings;
}
