import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import { keyValues } from '../scope';
import { findReferences } from '../variables';
import type { DockerfileRule } from './rule';

export const messages = {
  selfReference: (name: string) =>
    `Do not refer to an environment variable within the same \`ENV\` statement where it is defined: $${name}`,
};

/**
 * DL3044: `ENV A=1 B=$A`: $A is expanded before this ENV sets it, so B does not get 1. hadolint says error; the
 * build succeeds and B gets the earlier value of A, which may be what was meant: a warning.
 */
export const DL3044: DockerfileRule = {
  id: 'DL3044',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  description: 'Do not refer to an environment variable within the same ENV statement where it is defined.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const instruction of context.instructions) {
      if (instruction.keyword !== 'ENV') continue;
      const pairs = keyValues(context, instruction);
      const defined = new Set<string>();
      for (const pair of pairs) {
        if (pair.value !== undefined) {
          const raw = context.text.slice(pair.valueStart, pair.end);
          for (const reference of findReferences(raw, pair.valueStart, context.parsed.escape)) {
            if (defined.has(reference.name))
              findings.push({
                range: context.range(reference.start, reference.end),
                message: messages.selfReference(reference.name),
              });
          }
        }
        defined.add(pair.key);
      }
    }
    return findings;
  },
};
