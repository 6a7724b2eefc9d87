import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import type { DockerfileRule } from './rule';

export const messages = {
  relative: 'Use absolute WORKDIR',
  fixTitle: (path: string) => `Change to ${path}`,
};

/** DL3000: a relative WORKDIR depends on whatever the previous one (or the base image) was. */
export const DL3000: DockerfileRule = {
  id: 'DL3000',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Error,
  description: 'Use absolute WORKDIR.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const stage of context.stages) {
      let current: string | undefined;
      for (const instruction of stage.instructions) {
        if (instruction.keyword !== 'WORKDIR' || instruction.args.length === 0) continue;
        const word = instruction.args[0];
        const path = word.value.replace(/^["']|["']$/g, '');
        if (/^(\/|\$|[A-Za-z]:[\\/])/.test(path)) {
          current = path;
          continue;
        }
        // Relative to the previous WORKDIR of this stage when there is one (then the fix means the same thing);
        // otherwise to the base image's, which is usually / but not always.
        const absolute = `${current === undefined ? '' : current.replace(/\/+$/, '')}/${path}`;
        findings.push({
          range: context.range(word.start, word.end),
          message: messages.relative,
          fixes: [{ title: messages.fixTitle(absolute), edits: [context.edit(word.start, word.end, absolute)], isPreferred: current !== undefined }],
        });
        current = current === undefined ? undefined : absolute;
      }
    }
    return findings;
  },
};
