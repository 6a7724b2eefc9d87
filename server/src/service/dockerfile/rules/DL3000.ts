import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import type { Stage } from '../context';
import type { DockerfileRule } from './rule';

export const messages = {
  relative:
    "Use absolute WORKDIR: this relative path resolves against the base image's working directory, which this file does not set",
  fixTitle: (path: string) => `Change to ${path} (assumes the base image works in /)`,
};

/**
 * DL3000: a relative WORKDIR resolves against the working directory before it. After a WORKDIR of this stage (or of
 * the stage it builds FROM) that directory is written in this file, and `WORKDIR /app` + `WORKDIR src` is a
 * deliberate `/app/src`: quiet, although hadolint flags every relative path (src/Hadolint/Rule/DL3000.hs). Without
 * one, the path depends on the base image's WORKDIR: a warning, not an error (BuildKit builds it). The fix assumes
 * the base image works in `/`, a guess: it is offered, never applied by fix-all.
 */
export const DL3000: DockerfileRule = {
  id: 'DL3000',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  description: 'Use absolute WORKDIR (a relative one is fine after an absolute WORKDIR of the same stage).',
  check(context) {
    const findings: RuleFinding[] = [];
    const setIn = new Map<Stage, boolean>();
    for (const stage of context.stages) {
      let set = stage.parent ? setIn.get(stage.parent) === true : false;
      for (const instruction of stage.instructions) {
        if (instruction.keyword !== 'WORKDIR' || instruction.args.length === 0) continue;
        const word = instruction.args[0];
        const path = word.value.replace(/^["']|["']$/g, '');
        if (set || /^(\/|\$|[A-Za-z]:[\\/])/.test(path)) {
          set = true;
          continue;
        }
        findings.push({
          range: context.range(word.start, word.end),
          message: messages.relative,
          fixes: [
            {
              title: messages.fixTitle(`/${path}`),
              edits: [context.edit(word.start, word.end, `/${path}`)],
              isPreferred: false,
            },
          ],
        });
        // Later relative WORKDIRs build on this one: one finding per stage is enough.
        set = true;
      }
      setIn.set(stage, set);
    }
    return findings;
  },
};
