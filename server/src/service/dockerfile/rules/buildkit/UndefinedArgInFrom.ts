import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { closestMatch } from '../../../common/closest';
import type { RuleFinding } from '../../../types';
import { PLATFORM_ARGS } from '../../catalog';
import { keyValues } from '../../scope';
import { findReferences } from '../../variables';
import type { DockerfileRule } from '../rule';

export const messages = {
  undefined: (name: string, meant?: string) =>
    `FROM argument '${name}' is not declared${meant ? ` (did you mean ${meant}?)` : ''}`,
  fixTitle: (name: string) => `Change to ${name}`,
};

/** UndefinedArgInFrom: FROM can only use ARGs declared before the first FROM (and BuildKit's platform ARGs). */
export const UndefinedArgInFrom: DockerfileRule = {
  id: 'UndefinedArgInFrom',
  origin: 'buildkit',
  severity: DiagnosticSeverity.Warning,
  description: 'FROM uses an ARG that is not declared before the first FROM.',
  check(context) {
    const findings: RuleFinding[] = [];
    const declared = new Set<string>(PLATFORM_ARGS);
    for (const arg of context.globalArgs) for (const pair of keyValues(context, arg)) declared.add(pair.key);
    for (const stage of context.stages) {
      const words = [
        ...(stage.from?.flags ?? []).map((flag) => ({ value: flag.value ?? '', start: flag.valueStart })),
        ...(stage.image ? [stage.image] : []),
      ];
      for (const word of words) {
        for (const reference of findReferences(word.value, word.start, context.parsed.escape)) {
          if (declared.has(reference.name) || reference.hasModifier) continue;
          const meant = closestMatch(reference.name, [...declared]);
          findings.push({
            range: context.range(reference.start, reference.end),
            message: messages.undefined(reference.name, meant),
            fixes: meant
              ? [
                  {
                    title: messages.fixTitle(meant),
                    edits: [context.edit(reference.nameStart, reference.nameEnd, meant)],
                  },
                ]
              : [],
          });
        }
      }
    }
    return findings;
  },
};
