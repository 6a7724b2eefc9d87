import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../../types';
import { INSTRUCTION_SET } from '../../catalog';
import { fromParts, type DockerfileContext } from '../../context';
import type { Instruction } from '../../parse/model';
import type { DockerfileRule } from '../rule';

export const messages = {
  casing: (written: string, casing: Casing) =>
    `Command '${written}' should match the case of the command majority (${casing})`,
  fixTitle: (keyword: string) => `Change to ${keyword}`,
};

type Casing = 'lowercase' | 'uppercase';

/**
 * The instructions whose keyword is not in the case of the file's majority (or is in mixed case, `From`), with the
 * case wanted: FROMs and stage instructions are counted, the global ARGs and ONBUILD triggers are not, a tie goes
 * to uppercase (frontend/dockerfile/dockerfile2llb/validations.go `validateCommandCasing`). Shared with
 * dockerfile/instruction-casing, which stays quiet where this reports.
 */
export function casingMismatches(context: DockerfileContext): ReadonlyMap<Instruction, Casing> {
  return context.memo('consistentInstructionCasing', () => {
    const counted: Instruction[] = [];
    for (const stage of context.stages) {
      if (!stage.from) continue;
      for (const instruction of [stage.from, ...stage.instructions])
        if (INSTRUCTION_SET.has(instruction.keyword)) counted.push(instruction);
    }
    let lower = 0;
    let upper = 0;
    for (const { written } of counted) {
      if (written === written.toLowerCase()) lower++;
      else if (written === written.toUpperCase()) upper++;
    }
    const wanted: Casing = lower > upper ? 'lowercase' : 'uppercase';
    const mismatches = new Map<Instruction, Casing>();
    for (const instruction of counted) {
      const written = instruction.written;
      const target = wanted === 'lowercase' ? written.toLowerCase() : written.toUpperCase();
      if (written !== target) mismatches.set(instruction, wanted);
    }
    return mismatches;
  });
}

/** ConsistentInstructionCasing: `From` or a lone `copy` among uppercase instructions; the fix takes the majority's case. */
export const ConsistentInstructionCasing: DockerfileRule = {
  id: 'ConsistentInstructionCasing',
  origin: 'buildkit',
  severity: DiagnosticSeverity.Warning,
  description: 'An instruction keyword not in the case of the majority of the file (or in mixed case).',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const [instruction, casing] of casingMismatches(context)) {
      const keyword = casing === 'lowercase' ? instruction.keyword.toLowerCase() : instruction.keyword;
      const edits = [context.edit(instruction.keywordStart, instruction.keywordEnd, keyword)];
      // `from x as y` becomes `FROM x AS y` in one step, so FromAsCasing does not fire on the result.
      const as = instruction.keyword === 'FROM' ? fromParts(instruction).as : undefined;
      const wantedAs = casing === 'lowercase' ? 'as' : 'AS';
      if (as && as.value !== wantedAs) edits.push(context.edit(as.start, as.end, wantedAs));
      findings.push({
        range: context.range(instruction.keywordStart, instruction.keywordEnd),
        message: messages.casing(instruction.written, casing),
        fixes: [{ title: messages.fixTitle(keyword), edits, isPreferred: true }],
      });
    }
    return findings;
  },
};
