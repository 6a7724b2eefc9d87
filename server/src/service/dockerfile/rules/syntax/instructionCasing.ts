import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../../types';
import { INSTRUCTION_SET } from '../../catalog';
import { fromParts } from '../../context';
import { casingMismatches } from '../buildkit/ConsistentInstructionCasing';
import type { DockerfileRule } from '../rule';

export const messages = {
  notUppercase: (written: string) => `Instructions are written in uppercase: ${written.toUpperCase()}, not ${written}`,
  fixTitle: (keyword: string) => `Change to ${keyword}`,
};

/**
 * `run`, `From`: BuildKit accepts any case, but every reader and tool expects uppercase keywords. In a file of mixed
 * casing BuildKit's ConsistentInstructionCasing is the one diagnostic (asking for the majority's case: this rule
 * asking for uppercase at the same time would contradict it); this one speaks for a file consistently in lowercase.
 */
export const instructionCasingRule: DockerfileRule = {
  id: 'dockerfile/instruction-casing',
  origin: 'syntax',
  severity: DiagnosticSeverity.Warning,
  description: 'An instruction keyword not written in uppercase.',
  check(context) {
    const findings: RuleFinding[] = [];
    if (casingMismatches(context).size > 0) return findings;
    for (const outer of context.instructions) {
      for (const instruction of outer.trigger ? [outer, outer.trigger] : [outer]) {
        if (instruction.written === instruction.keyword || !INSTRUCTION_SET.has(instruction.keyword)) continue;
        const edits = [context.edit(instruction.keywordStart, instruction.keywordEnd, instruction.keyword)];
        // `from x as y` becomes `FROM x AS y` in one step, so FromAsCasing does not fire on the result.
        const as = instruction.keyword === 'FROM' ? fromParts(instruction).as : undefined;
        if (as && as.value !== 'AS') edits.push(context.edit(as.start, as.end, 'AS'));
        findings.push({
          range: context.range(instruction.keywordStart, instruction.keywordEnd),
          message: messages.notUppercase(instruction.written),
          fixes: [{ title: messages.fixTitle(instruction.keyword), edits, isPreferred: true }],
        });
      }
    }
    return findings;
  },
};
