import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../../types';
import type { DockerfileRule } from '../rule';

export const messages = {
  empty: 'Empty continuation line: a future BuildKit will treat it as the end of the instruction',
  fixTitle: 'Remove the empty line',
};

/** NoEmptyContinuation: an empty line inside a `\`-continued instruction, deprecated by BuildKit. */
export const NoEmptyContinuation: DockerfileRule = {
  id: 'NoEmptyContinuation',
  origin: 'buildkit',
  severity: DiagnosticSeverity.Warning,
  description: 'An empty line inside an instruction continued with the escape character.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const instruction of context.instructions) {
      for (const lineStart of instruction.emptyContinuations) {
        const next = context.text.indexOf('\n', lineStart);
        const end = next === -1 ? context.text.length : next;
        findings.push({
          range: context.range(lineStart, end),
          message: messages.empty,
          fixes: [
            {
              title: messages.fixTitle,
              edits: [context.edit(lineStart, next === -1 ? end : next + 1, '')],
              isPreferred: true,
            },
          ],
        });
      }
    }
    return findings;
  },
};
