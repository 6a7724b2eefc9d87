import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import type { Instruction } from '../parse/model';
import type { DockerfileRule } from './rule';

export const messages = { consecutive: 'Multiple consecutive `RUN` instructions. Consider consolidation' };

function flagText(instruction: Instruction): string {
  return instruction.flags.map((flag) => `${flag.name}=${flag.value ?? ''}`).join(' ');
}

/** DL3059: back-to-back RUNs with the same flags make one layer each where one would do. */
export const DL3059: DockerfileRule = {
  id: 'DL3059',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Information,
  description: 'Multiple consecutive RUN instructions. Consider consolidation.',
  check(context) {
    const findings: RuleFinding[] = [];
    let previous: Instruction | undefined;
    for (const instruction of context.instructions) {
      if (instruction.keyword === 'RUN' && previous?.keyword === 'RUN' && flagText(previous) === flagText(instruction)) {
        findings.push({ range: context.range(instruction.keywordStart, instruction.keywordEnd), message: messages.consecutive });
      }
      previous = instruction;
    }
    return findings;
  },
};
