import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import type { DockerfileRule } from './rule';

export const messages = {
  cd: 'This cd has no effect: the directory lasts only until the end of this RUN. Use WORKDIR to switch to a directory',
};

/**
 * DL3003: `cd` inside RUN lasts for that RUN only. hadolint flags every `cd` (src/Hadolint/Rule/DL3003.hs:
 * `usingProgram "cd"`), which its users report as a false positive for the build-and-clean-up chain that must stay
 * in one RUN (`cd /usr/src/x && make && cd / && rm -rf /usr/src/x`, hadolint#422, #70). Shipshape flags only the
 * `cd` that cannot do what it was written for: the last command of the RUN, outside any subshell, so that nothing
 * after it runs in that directory (the author expected it to carry over to the next instruction).
 */
export const DL3003: DockerfileRule = {
  id: 'DL3003',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  description: 'Use WORKDIR to switch to a directory: a cd that ends its RUN does nothing for later instructions.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const run of context.runs()) {
      if (run.heredocs.length > 0) continue;
      const commands = context.shell(run);
      const last = commands[commands.length - 1];
      if (last === undefined || last.name !== 'cd' || last.subshell > 0) continue;
      if (last.next === '&') continue;
      findings.push({ range: context.range(last.start, last.end), message: messages.cd });
    }
    return findings;
  },
};
