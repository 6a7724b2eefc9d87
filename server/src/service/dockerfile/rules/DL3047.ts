import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import type { DockerfileContext, Stage } from '../context';
import type { Instruction } from '../parse/model';
import { hasAnyFlag, programOf, runCommands } from './commands';
import type { DockerfileRule } from './rule';

export const messages = {
  progress:
    'Avoid use of wget without progress bar. Use `wget --progress=dot:giga <url>`. Or consider using `-q` or `-nv` (shorthands for `--quiet` or `--no-verbose`).',
  fixTitle: 'Add --progress=dot:giga',
};

/**
 * Whether the RUN's stage may come (through its FROM chain) from an image whose wget is BusyBox's, which has no
 * --progress: an alpine or busybox image, or one not known here (`FROM ${BASE}`).
 */
function maybeBusybox(context: DockerfileContext, run: Instruction): boolean {
  for (let stage: Stage | undefined = context.stageOf(run); stage; stage = stage.parent)
    if (stage.parent === undefined) return /alpine|busybox|\$/i.test(stage.image?.value ?? '$');
  return true;
}

/**
 * DL3047: wget's default progress bar, written to a log instead of a terminal, is a line per few kilobytes: build logs
 * of megabytes. Quiet with `--progress`, `-q`, `-nv`, or output to a file (`-o`, `-a`), as hadolint. The fix adds
 * `--progress=dot:giga`, which GNU wget has; BusyBox's wget (alpine) does not, so there, and where the base image is
 * not known, the fix is only a suggestion.
 */
export const DL3047: DockerfileRule = {
  id: 'DL3047',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Information,
  description:
    '`wget` without flag `--progress` will result in excessively bloated build logs when downloading larger files.',
  fix: 'adds --progress=dot:giga (a suggestion on alpine, busybox and unknown base images)',
  reference: 'hadolint src/Hadolint/Rule/DL3047.hs',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const { run, commands } of runCommands(context)) {
      for (const command of commands) {
        if (programOf(command) !== 'wget') continue;
        if (hasAnyFlag(command, ['progress', 'q', 'quiet', 'o', 'output-file', 'a', 'append-output', 'no-verbose']))
          continue;
        if (command.words.some((word) => word.value === '-nv')) continue;
        const name = command.words[0];
        findings.push({
          range: context.range(name.start, name.end),
          message: messages.progress,
          fixes: [
            {
              title: messages.fixTitle,
              edits: [context.insert(name.end, ' --progress=dot:giga')],
              isPreferred: !maybeBusybox(context, run),
            },
          ],
        });
      }
    }
    return findings;
  },
};
