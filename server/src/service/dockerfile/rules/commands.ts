import type { Fix } from '../../types';
import type { DockerfileContext } from '../context';
import type { Instruction } from '../parse/model';
import type { ShellCommand, ShellWord } from '../parse/shell';

/**
 * Command helpers that read a RUN's commands the way hadolint's src/Hadolint/Shell.hs does, for the rules ported from
 * it: `cmdHasArgs` (the program, and any of these words among its arguments), `getAllFlags` (`--name=x` is `name`,
 * `-abc` is `a`, `b`, `c`), `getArgsNoFlags` (the arguments that are not flags; a flag's value stays) and
 * `findCommandIndex` (the first command that matches, in order).
 */

/** The program's name without its directory (`/usr/bin/yum` is `yum`). */
export function programOf(command: ShellCommand): string {
  const slash = command.name.lastIndexOf('/');
  return slash === -1 ? command.name : command.name.slice(slash + 1);
}

/** The command runs one of `programs` and has one of `args` among its arguments (hadolint's cmdsHaveArgs). */
export function runsWith(command: ShellCommand, programs: readonly string[], args: readonly string[]): boolean {
  if (!programs.includes(programOf(command))) return false;
  for (let index = 1; index < command.words.length; index++) if (args.includes(command.words[index].value)) return true;
  return false;
}

/** The first argument that is one of `args` (the subcommand a rule reports on), if any. */
export function argumentIn(command: ShellCommand, args: readonly string[]): ShellWord | undefined {
  return command.words.slice(1).find((word) => args.includes(word.value));
}

/** The flags of a command as hadolint names them: `--name=x` is `name`, `-abc` is `a`, `b` and `c`. */
export function flagNames(command: ShellCommand): string[] {
  const names: string[] = [];
  for (const word of command.words.slice(1)) {
    const value = word.value;
    if (value === '--' || value === '-' || !value.startsWith('-')) continue;
    if (value.startsWith('--')) names.push(value.slice(2).split('=')[0]);
    else for (const char of value.slice(1)) names.push(char);
  }
  return names;
}

export function hasAnyFlag(command: ShellCommand, flags: readonly string[]): boolean {
  return flagNames(command).some((name) => flags.includes(name));
}

/** The arguments that are not flags (`-x`, `--x`), in order; the value after a flag stays, as in hadolint. */
export function argumentsWithoutFlags(command: ShellCommand): ShellWord[] {
  return command.words
    .slice(1)
    .filter((word) => !word.value.startsWith('-') || word.value === '-' || word.value === '--');
}

/** The values of a short flag (`-u 12345`, `-u12345`) or its long twin (`--uid 12345`, `--uid=12345`). */
export function flagValues(command: ShellCommand, short: string, long?: string): string[] {
  const values: string[] = [];
  const words = command.words;
  for (let index = 1; index < words.length; index++) {
    const value = words[index].value;
    if (value === `-${short}` || (long !== undefined && value === `--${long}`)) {
      if (words[index + 1] !== undefined) values.push(words[index + 1].value);
    } else if (long !== undefined && value.startsWith(`--${long}=`)) values.push(value.slice(long.length + 3));
    else if (value.startsWith(`-${short}`) && !value.startsWith('--') && value.length > 2) values.push(value.slice(2));
  }
  return values;
}

/** The commands of every RUN (ONBUILD RUN triggers included), each with its RUN. */
export function runCommands(context: DockerfileContext): Array<{ run: Instruction; commands: ShellCommand[] }> {
  return context.memo('runCommands', () => context.runs().map((run) => ({ run, commands: context.shell(run) })));
}

/**
 * A fix that appends `&& <command>` at the end of a RUN (on a continuation line of its own when the RUN spans
 * several lines), or undefined where the end of the RUN is not the end of a simple command list: a here-document, a
 * file whose escape character is not `\`, or text after the last command (a closing `fi`, `done` or `)` is a command
 * word here; a trailing `&` or `|` is not).
 */
export function appendToRun(
  context: DockerfileContext,
  run: Instruction,
  commands: readonly ShellCommand[],
  command: string,
  title: string,
  isPreferred: boolean,
): Fix | undefined {
  const last = commands[commands.length - 1];
  if (last === undefined || run.heredocs.length > 0 || context.parsed.escape !== '\\') return undefined;
  if (last.next !== '' || context.text.slice(last.end, run.end).trim() !== '') return undefined;
  const multiline = context.position(run.start).line !== context.position(last.end).line;
  const addition = multiline ? ` \\\n${context.indentOf(last.start) || '    '}&& ${command}` : ` && ${command}`;
  return { title, edits: [context.insert(last.end, addition)], isPreferred };
}
