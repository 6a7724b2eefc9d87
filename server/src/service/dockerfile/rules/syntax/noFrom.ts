import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { DockerfileRule } from '../rule';

export const messages = {
  noFrom: 'No FROM instruction: a Dockerfile must name a base image (FROM <image> or FROM scratch)',
};

/** A file without any FROM: BuildKit cannot build it ("no build stage in current context"). */
export const noFromRule: DockerfileRule = {
  id: 'dockerfile/no-from',
  origin: 'syntax',
  severity: DiagnosticSeverity.Error,
  description: 'The file has no FROM instruction.',
  check(context) {
    if (context.stages.some((stage) => stage.from !== undefined)) return [];
    const first = context.instructions[0];
    const range = first ? context.range(first.keywordStart, first.keywordEnd) : context.range(0, 0);
    return [{ range, message: messages.noFrom }];
  },
};
