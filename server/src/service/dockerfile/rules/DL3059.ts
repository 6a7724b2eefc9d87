import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import type { Instruction } from '../parse/model';
import type { DockerfileRule } from './rule';

export const messages = { consecutive: 'Multiple consecutive `RUN` instructions. Consider consolidation' };

function flagText(instruction: Instruction): string {
  return instruction.flags.map((flag) => `${flag.name}=${flag.value ?? ''}`).join(' ');
}

/**
 * DL3059: back-to-back RUNs with the same flags make one layer each where one would do. As hadolint
 * (src/Hadolint/Rule/DL3059.hs and its spec): not when either RUN chains several commands (`a && b`, `a; b`), since
 * then the split is deliberate, nor when their flags (`--mount`...) differ.
 */
export const DL3059: DockerfileRule = {
  id: 'DL3059',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Information,
  description: 'Multiple consecutive RUN instructions. Consider consolidation.',
  check(context) {
    const findings: RuleFinding[] = [];
    const commandCount = (run: Instruction) => (run.json ? 1 : context.shell(run).length);
    let previous: Instruction | undefined;
    for (const instruction of context.instructions) {
      if (
        instruction.keyword === 'RUN' &&
        previous?.keyword === 'RUN' &&
        flagText(previous) === flagText(instruction) &&
        commandCount(previous) <= 1 &&
        commandCount(instruction) <= 1
      ) {
        findings.push({
          range: context.range(instruction.keywordStart, instruction.keywordEnd),
          message: messages.consecutive,
        });
      }
      previous = instruction;
    }
    return findings;
  },
};
