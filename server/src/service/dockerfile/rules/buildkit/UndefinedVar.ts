import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { closestMatch } from '../../../common/closest';
import type { RuleFinding } from '../../../types';
import { baseImageEnvironmentKnown, keyValues, mayBeSetByBaseImage, walkScopes } from '../../scope';
import { findReferences } from '../../variables';
import type { DockerfileRule } from '../rule';

export const messages = {
  undefined: (name: string, meant?: string) =>
    `Usage of undefined variable '$${name}'${meant ? ` (did you mean $${meant}?)` : ''}`,
  fixTitle: (name: string) => `Change to $${name}`,
};

/** The instructions BuildKit expands variables in (RUN, CMD and ENTRYPOINT leave them to the shell). */
const EXPANDED = new Set(['ADD', 'COPY', 'ENV', 'EXPOSE', 'LABEL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR', 'ARG']);

/**
 * UndefinedVar: `$NAME` in an instruction BuildKit expands, with no ARG or ENV before it: it becomes "". BuildKit
 * also counts what the base image's ENV sets; on a base whose environment Shipshape cannot know (not scratch, not an
 * official image) only a near miss of a name this file defines is reported (`$VERSON` beside `ARG VERSION`): any
 * other name may well come from the image (jupyter's `$NB_UID` on `quay.io/jupyter/base-notebook`).
 */
export const UndefinedVar: DockerfileRule = {
  id: 'UndefinedVar',
  origin: 'buildkit',
  severity: DiagnosticSeverity.Warning,
  description:
    'A variable used in an instruction before any ARG or ENV defines it (on a base image other than scratch or an official image, whose ENV may set it, only a near miss of a name the file defines).',
  check(context) {
    const findings: RuleFinding[] = [];
    const escape = context.parsed.escape;
    walkScopes(context, (instruction, defined, stage) => {
      if (!stage || !EXPANDED.has(instruction.keyword)) return;
      const environmentKnown = baseImageEnvironmentKnown(stage);
      const sameInstruction = new Set<string>();
      const pairs =
        instruction.keyword === 'ENV' || instruction.keyword === 'ARG' || instruction.keyword === 'LABEL'
          ? keyValues(context, instruction)
          : undefined;
      const pieces = pairs
        ? pairs.map((pair) => ({
            text: context.text.slice(pair.valueStart, pair.end),
            start: pair.valueStart,
            key: pair.key,
          }))
        : [
            ...instruction.flags.map((flag) => ({ text: flag.value ?? '', start: flag.valueStart, key: '' })),
            ...instruction.args.map((word) => ({ text: word.value, start: word.start, key: '' })),
          ];
      for (const piece of pieces) {
        if (piece.start < 0 || piece.text === '') {
          sameInstruction.add(piece.key);
          continue;
        }
        for (const reference of findReferences(piece.text, piece.start, escape)) {
          if (defined.has(reference.name) || sameInstruction.has(reference.name) || reference.hasModifier) continue;
          // A near miss among what this stage defines, and among what its base image may set (not NODE_VERSION on alpine).
          const candidates = [...defined.values()]
            .filter((definition) => definition.kind !== 'builtin' || mayBeSetByBaseImage(definition.name, stage))
            .map((definition) => definition.name);
          const meant = closestMatch(reference.name, candidates);
          if (!meant && !environmentKnown) continue;
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
        if (piece.key) sameInstruction.add(piece.key);
      }
    });
    return findings;
  },
};
