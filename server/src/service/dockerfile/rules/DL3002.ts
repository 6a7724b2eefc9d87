import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { DockerfileRule } from './rule';

export const messages = { root: 'Last USER should not be root' };

/** DL3002: the image the build produces (the last stage) should not end up running as root. */
export const DL3002: DockerfileRule = {
  id: 'DL3002',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  description: 'Last USER should not be root.',
  check(context) {
    const last = context.stages[context.stages.length - 1];
    const user = last?.instructions.filter((instruction) => instruction.keyword === 'USER').pop();
    const word = user?.args[0];
    if (!word || !/^(root|0)(:.*)?$/.test(word.value)) return [];
    return [{ range: context.range(word.start, word.end), message: messages.root }];
  },
};
