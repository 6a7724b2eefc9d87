import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Stage } from '../context';
import type { DockerfileRule } from './rule';

export const messages = { root: 'Last USER should not be root' };

/**
 * DL3002: the image the build produces (the last stage) should not end up running as root. Its USER may come from
 * the stage it builds FROM (`FROM base` after a base stage that ends with `USER root`), as hadolint's "transitive
 * root user" case. Quieter than hadolint on purpose: a builder stage that ends as root is not reported, since no
 * container runs it (hadolint reports every stage, src/Hadolint/Rule/DL3002.hs).
 */
export const DL3002: DockerfileRule = {
  id: 'DL3002',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  description: 'Last USER should not be root.',
  check(context) {
    let stage: Stage | undefined = context.stages[context.stages.length - 1];
    while (stage) {
      const user = stage.instructions.filter((instruction) => instruction.keyword === 'USER').pop();
      if (user) {
        const word = user.args[0];
        if (!word || !/^(root|0)(:.*)?$/.test(word.value)) return [];
        return [{ range: context.range(word.start, word.end), message: messages.root }];
      }
      stage = stage.parent;
    }
    return [];
  },
};
