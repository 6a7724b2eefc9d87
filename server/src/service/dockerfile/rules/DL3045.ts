import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import type { Stage } from '../context';
import type { DockerfileRule } from './rule';

export const messages = { relative: '`COPY` to a relative destination without `WORKDIR` set' };

/** DL3045: a relative COPY destination lands wherever the base image's working directory happens to be. */
export const DL3045: DockerfileRule = {
  id: 'DL3045',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  description: 'COPY to a relative destination without WORKDIR set.',
  check(context) {
    const findings: RuleFinding[] = [];
    const workdirSet = new Map<Stage, boolean>();
    for (const stage of context.stages) {
      let set = stage.parent ? workdirSet.get(stage.parent) === true : false;
      for (const instruction of stage.instructions) {
        if (instruction.keyword === 'WORKDIR') set = true;
        if (instruction.keyword !== 'COPY' || set || instruction.heredocs.length > 0) continue;
        const words = instruction.json ? instruction.json.values : instruction.args;
        if (words.length < 2) continue;
        const destination = words[words.length - 1];
        const path = destination.value.replace(/^"|"$/g, '');
        if (/^(\/|\$|[A-Za-z]:[\\/])/.test(path)) continue;
        findings.push({ range: context.range(destination.start, destination.end), message: messages.relative });
      }
      workdirSet.set(stage, set);
    }
    return findings;
  },
};
