import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import type { DockerfileRule } from './rule';

export const messages = {
  slash: 'COPY with more than 2 arguments requires the last argument to end with /',
  fixTitle: (destination: string) => `Change to ${destination}/`,
};

/** DL3021: several sources need a folder destination, written with a trailing slash. */
export const DL3021: DockerfileRule = {
  id: 'DL3021',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Error,
  description: 'COPY with more than 2 arguments requires the last argument to end with /.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const instruction of context.instructions) {
      if (instruction.keyword !== 'COPY' || instruction.heredocs.length > 0) continue;
      const words = instruction.json ? instruction.json.values : instruction.args;
      if (words.length <= 2) continue;
      const destination = words[words.length - 1];
      if (destination.value.endsWith('/') || destination.value.includes('$')) continue;
      const insertAt = instruction.json ? destination.end - 1 : destination.end;
      findings.push({
        range: context.range(destination.start, destination.end),
        message: messages.slash,
        fixes: [{ title: messages.fixTitle(destination.value), edits: [context.insert(insertAt, '/')], isPreferred: true }],
      });
    }
    return findings;
  },
};
