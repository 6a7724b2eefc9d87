import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Fix, RuleFinding } from '../../types';
import type { DockerfileContext } from '../context';
import type { Instruction } from '../parse/model';
import { parseShell } from '../parse/shell';
import type { DockerfileRule } from './rule';

export const messages = {
  shellForm: 'Use arguments JSON notation for CMD and ENTRYPOINT arguments',
  healthcheckShellForm: 'Use arguments JSON notation for HEALTHCHECK CMD arguments',
  fixTitle: 'Convert to JSON form',
  fixTitleShell: 'Convert to JSON form, keeping the shell (["/bin/sh", "-c", ...])',
};

const SHELL_SYNTAX = /[$`*?~<>{}[\]#!\\]|&&|\|\|/;

/**
 * DL3025: shell-form CMD/ENTRYPOINT runs under `/bin/sh -c`, so the process is not PID 1 and never sees SIGTERM.
 * Plain words convert exactly; a command that needs the shell (variables, pipes, globs) converts to an explicit
 * `sh -c`, offered but not preferred, because then the signal problem remains.
 */
export const DL3025: DockerfileRule = {
  id: 'DL3025',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  description: 'Use arguments JSON notation for CMD and ENTRYPOINT arguments.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const instruction of context.instructions) {
      if (instruction.keyword === 'HEALTHCHECK') {
        const finding = healthcheckShellForm(context, instruction);
        if (finding) findings.push(finding);
        continue;
      }
      if (
        (instruction.keyword !== 'CMD' && instruction.keyword !== 'ENTRYPOINT') ||
        instruction.json ||
        instruction.args.length === 0
      )
        continue;
      // A SHELL set before it in the stage (or a stage it builds FROM) chose the shell that runs the shell form on
      // purpose: BuildKit's JSONArgsRecommended is quiet then (dockerfile2llb/convert.go dispatchCmd), and so is this.
      if (shellSetBefore(context, instruction)) continue;
      const first = instruction.args[0];
      const last = instruction.args[instruction.args.length - 1];
      findings.push({
        range: context.range(first.start, last.end),
        message: messages.shellForm,
        fixes: [toJson(context, instruction)],
      });
    }
    return findings;
  },
};

/**
 * hadolint's DL3025 also asks for the JSON form of `HEALTHCHECK CMD` (src/Hadolint/Rule/DL3025.hs); BuildKit's
 * JSONArgsRecommended does not (a health check needs no signals), so this finding has no BuildKit twin. Plain words
 * convert exactly; anything that needs the shell gets no fix.
 */
function healthcheckShellForm(context: DockerfileContext, instruction: Instruction): RuleFinding | undefined {
  const [cmd, first] = instruction.args;
  if (!cmd || cmd.value.toUpperCase() !== 'CMD' || !first || first.value.startsWith('[')) return undefined;
  if (shellSetBefore(context, instruction)) return undefined;
  const words = instruction.args.slice(1);
  const last = words[words.length - 1];
  const script = context.text.slice(first.start, last.end);
  const simple = !SHELL_SYNTAX.test(script) && !/["'\n]/.test(script) && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(script);
  const json = `[${words.map((word) => JSON.stringify(word.value)).join(', ')}]`;
  return {
    range: context.range(first.start, last.end),
    message: messages.healthcheckShellForm,
    // Not BuildKit's: `# check=error=true` does not make it an error (docker build does not fail on it).
    data: { buildkitCheck: false },
    fixes: simple
      ? [{ title: messages.fixTitle, edits: [context.edit(first.start, last.end, json)], isPreferred: true }]
      : [],
  };
}

function shellSetBefore(context: DockerfileContext, instruction: Instruction): boolean {
  let stage = context.stageOf(instruction);
  let before = instruction.start;
  while (stage) {
    if (stage.instructions.some((candidate) => candidate.keyword === 'SHELL' && candidate.start < before)) return true;
    before = Number.POSITIVE_INFINITY;
    stage = stage.parent;
  }
  return false;
}

function toJson(context: DockerfileContext, instruction: Instruction): Fix {
  const first = instruction.args[0];
  const last = instruction.args[instruction.args.length - 1];
  const logical = instruction.body.slice(instruction.argsAt);
  const script = logical.text.trim();
  const commands = parseShell(logical);
  const simple =
    commands.length === 1 &&
    commands[0].next === '' &&
    !SHELL_SYNTAX.test(script) &&
    !/^[A-Za-z_][A-Za-z0-9_]*=/.test(script);
  const values = simple ? commands[0].words.map((word) => word.value) : ['/bin/sh', '-c', script];
  return {
    title: simple ? messages.fixTitle : messages.fixTitleShell,
    edits: [context.edit(first.start, last.end, `[${values.map((value) => JSON.stringify(value)).join(', ')}]`)],
    isPreferred: simple,
  };
}
