import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import type { Stage } from '../context';
import type { Instruction } from '../parse/model';
import type { ShellCommand } from '../parse/shell';
import type { DockerfileRule } from './rule';

export const messages = {
  pipefail:
    'Set the SHELL option -o pipefail before RUN with a pipe in it. If you are using /bin/sh in an alpine image or if your shell is symlinked to busybox then consider explicitly setting your SHELL to /bin/ash, or disable this check',
  fixTitle: (shell: string) => `Add SHELL ${shell} before this RUN`,
};

const NON_POSIX = /pwsh|powershell|cmd(\.exe)?"/i;

/**
 * DL4006: `/bin/sh -c "a | b"` succeeds when `a` fails. A SHELL with `-o pipefail` (or `set -o pipefail` in the
 * RUN itself) makes the failure count. The fix adds `SHELL [..., "-o", "pipefail", "-c"]` before the RUN: bash, or
 * ash for alpine and busybox images, which have no bash. It is a suggestion, never applied by fix-all: the shell is
 * a guess from the image's name (an image without bash fails to build), and SHELL also changes how every later
 * shell-form RUN, CMD and ENTRYPOINT runs.
 */
export const DL4006: DockerfileRule = {
  id: 'DL4006',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  description: 'Set the SHELL option -o pipefail before RUN with a pipe in it.',
  check(context) {
    const findings: RuleFinding[] = [];
    const pipefailIn = new Map<Stage, boolean>();
    for (const stage of context.stages) {
      let pipefail = stage.parent ? pipefailIn.get(stage.parent) === true : false;
      let nonPosix = false;
      let fixed = false;
      for (const instruction of stage.instructions) {
        if (instruction.keyword === 'SHELL') {
          const text = context.text.slice(instruction.start, instruction.end);
          pipefail =
            /pipefail/.test(text) &&
            PIPEFAIL_SHELLS.test(instruction.json?.values[0]?.value ?? instruction.args[0]?.value ?? '');
          nonPosix = NON_POSIX.test(text);
          continue;
        }
        if (instruction.keyword !== 'RUN' || pipefail || nonPosix) continue;
        const commands = context.shell(instruction);
        const pipe = commands.find(
          (command, index) => command.next === '|' && !cannotFail(command, commands[index + 1]),
        );
        if (!pipe) continue;
        if (
          commands.some(
            (command) =>
              command.name === 'set' &&
              command.words.some((word) => word.value === 'pipefail' || /^-\w*o$/.test(word.value)),
          )
        )
          continue;
        findings.push({
          range: context.range(pipe.nextAt, pipe.nextAt + 1),
          message: messages.pipefail,
          fixes: fixed ? [] : [shellFix(context, stage, instruction)],
        });
        // One SHELL fixes every later RUN of the stage: offer it on the first only, so "fix all" adds one line.
        fixed = true;
      }
      pipefailIn.set(stage, pipefail);
    }
    return findings;
  },
};

/**
 * Shells whose `-o pipefail` works (hadolint's DL4006 `hasPipefailOption`: bash, zsh, ash; ksh and mksh have it
 * too). `SHELL ["/bin/sh", "-o", "pipefail", "-c"]` fails on Debian's dash, so it does not count.
 */
const PIPEFAIL_SHELLS = /(^|\/)(bash|zsh|ash|ksh|mksh)$/;

/**
 * Commands whose failure a pipe cannot hide: `echo`/`printf` of text (the `echo "$SUM *file" | sha256sum -c -`
 * idiom: the checksum tool is the last command, so its status is the pipeline's). Also a pipe into nothing (a
 * parse artefact) is no pipe. hadolint flags every pipe (src/Hadolint/Rule/DL4006.hs: `Shell.hasPipes`); this is
 * quieter where pipefail would change nothing.
 */
function cannotFail(command: ShellCommand, next: ShellCommand | undefined): boolean {
  if (next === undefined) return true;
  // Even `echo "$(cmd)"` exits 0 when cmd fails: pipefail would not catch that either.
  return QUIET_WRITERS.has(command.name);
}

const QUIET_WRITERS = new Set(['echo', 'printf']);

function shellFix(context: Parameters<DockerfileRule['check']>[0], stage: Stage, run: Instruction) {
  const image = stage.image?.value.toLowerCase() ?? '';
  const shell = /alpine|busybox/.test(image)
    ? '["/bin/ash", "-eo", "pipefail", "-c"]'
    : '["/bin/bash", "-o", "pipefail", "-c"]';
  const lineStart = context.lineStartOf(run.keywordStart);
  return {
    title: messages.fixTitle(shell),
    edits: [context.insert(lineStart, `${context.indentOf(run.keywordStart)}SHELL ${shell}\n`)],
    isPreferred: false,
  };
}
