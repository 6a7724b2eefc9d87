import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { closestMatch } from '../../../common/closest';
import type { Fix, RuleFinding } from '../../../types';
import { INSTRUCTIONS, INSTRUCTION_SET } from '../../catalog';
import type { DockerfileContext } from '../../context';
import type { Instruction } from '../../parse/model';
import type { DockerfileRule } from '../rule';

export const messages = {
  unknown: (written: string) => `Unknown instruction: ${written}`,
  missingSpace: (keyword: string, rest: string) =>
    `Unknown instruction: ${keyword}${rest}. A space is missing after ${keyword}`,
  misspelt: (written: string, meant: string) => `Unknown instruction: ${written}. Did you mean ${meant}?`,
  insertSpace: (keyword: string) => `Insert a space after ${keyword}`,
  rename: (meant: string) => `Change to ${meant}`,
};

/**
 * An instruction BuildKit does not know. Two mistakes have a clear fix: a space missing after the keyword
 * (`WORKDIR/app`, `COPY..` for `COPY . .`) and a misspelt keyword (`RUNN`, `COPPY`), by edit distance.
 */
export const unknownInstructionRule: DockerfileRule = {
  id: 'dockerfile/unknown-instruction',
  origin: 'syntax',
  severity: DiagnosticSeverity.Error,
  description: 'An instruction BuildKit does not know: a missing space after the keyword or a misspelling.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const instruction of context.instructions) {
      check(context, instruction, findings);
      if (instruction.trigger) check(context, instruction.trigger, findings);
    }
    return findings;
  },
};

function check(context: DockerfileContext, instruction: Instruction, findings: RuleFinding[]): void {
  if (INSTRUCTION_SET.has(instruction.keyword)) return;
  const range = context.range(instruction.keywordStart, instruction.keywordEnd);
  const written = instruction.written;
  const prefix = /^[A-Za-z]+/.exec(written)?.[0] ?? '';
  const rest = written.slice(prefix.length);
  if (prefix && rest && INSTRUCTION_SET.has(prefix.toUpperCase())) {
    const keyword = prefix.toUpperCase();
    const at = instruction.keywordStart + prefix.length;
    // `COPY..` is `COPY . .`: copy the context here; otherwise the argument simply lost its space.
    const copyAll = (keyword === 'COPY' || keyword === 'ADD') && rest === '..' && instruction.args.length === 0;
    const fix: Fix = {
      title: messages.insertSpace(prefix),
      edits: [copyAll ? context.edit(at, instruction.keywordEnd, ' . .') : context.insert(at, ' ')],
      isPreferred: true,
    };
    findings.push({ range, message: messages.missingSpace(prefix, rest), fixes: [fix] });
    return;
  }
  if (!/^[A-Za-z]+$/.test(written)) {
    findings.push({ range, message: messages.unknown(written.length > 40 ? `${written.slice(0, 40)}…` : written) });
    return;
  }
  const meant = closestMatch(written.toUpperCase(), INSTRUCTIONS);
  if (meant === undefined) {
    findings.push({ range, message: messages.unknown(written) });
    return;
  }
  const replacement = written === written.toLowerCase() ? meant.toLowerCase() : meant;
  findings.push({
    range,
    message: messages.misspelt(written, meant),
    fixes: [
      {
        title: messages.rename(replacement),
        edits: [context.edit(instruction.keywordStart, instruction.keywordEnd, replacement)],
        isPreferred: true,
      },
    ],
  });
}
