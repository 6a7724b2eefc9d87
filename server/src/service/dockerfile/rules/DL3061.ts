import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { INSTRUCTION_SET } from '../catalog';
import type { DockerfileRule } from './rule';

export const messages = { order: 'Invalid instruction order. Dockerfile must begin with `FROM`, `ARG` or comment' };

/** DL3061: anything but ARG before the first FROM has no stage to belong to. */
export const DL3061: DockerfileRule = {
  id: 'DL3061',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Error,
  description: 'Invalid instruction order. Dockerfile must begin with FROM, ARG or comment.',
  check(context) {
    for (const instruction of context.instructions) {
      if (instruction.keyword === 'FROM') return [];
      if (instruction.keyword === 'ARG' || !INSTRUCTION_SET.has(instruction.keyword)) continue;
      return !context.stages.some((stage) => stage.from !== undefined)
        ? []
        : [{ range: context.range(instruction.keywordStart, instruction.keywordEnd), message: messages.order }];
    }
    return [];
  },
};
