import type { DockerfileContext } from '../context';
import type { Instruction } from '../parse/model';
import { keyValues } from '../scope';

/**
 * The shell scripts of a Dockerfile's RUN instructions, as hadolint hands them to ShellCheck (hadolint's
 * src/Hadolint/Rule/Shellcheck.hs and src/Hadolint/Shell.hs `shellcheck`): a `#!<shell>` line, `export NAME=1` for
 * each variable ARG and ENV define (and the proxy variables BuildKit predefines), then the RUN's shell text. Each
 * script line remembers the document offset it starts at, so ShellCheck's line/column come back as exact ranges.
 */
export interface ShellScript {
  /** The RUN (or ONBUILD's RUN) the script is. */
  instruction: Instruction;
  /** The text given to shellcheck. */
  text: string;
  /** Per script line (0-based), the document offset of its first character; -1 for the lines Shipshape wrote. */
  lineStarts: number[];
}

/** hadolint's defaultShellOpts: the shell and the variables every RUN sees (Shell.hs `defaultVars`). */
const DEFAULT_SHELL = '/bin/sh -c';
const PROXY_VARIABLES = [
  'HTTP_PROXY',
  'http_proxy',
  'HTTPS_PROXY',
  'https_proxy',
  'FTP_PROXY',
  'ftp_proxy',
  'NO_PROXY',
  'no_proxy',
];

/**
 * Shells ShellCheck understands. hadolint skips only pwsh/powershell/cmd and lets ShellCheck complain about the
 * rest; Shipshape checks only the POSIX family and stays quiet for any other SHELL (zsh, fish, python...).
 */
const POSIX_SHELLS = new Set(['sh', 'bash', 'dash', 'ksh', 'mksh', 'ash', 'busybox']);
/** Shebangs of a `RUN <<EOF` body hadolint checks (Shell.hs `hasUnsupportedShebang`); others are not shell. */
const SUPPORTED_SHEBANG = /^#!\s*(\/usr\/bin\/env\s+)?(\/(usr\/)?bin\/)?(sh|bash|dash|ksh)\b/;
/** `# hadolint shell=bash` (hadolint's Pragma.hs `parseShell`): the shell of the RUNs that follow. */
const SHELL_PRAGMA = /^hadolint\s+shell\s*=\s*(\S+)/;
/** A RUN whose whole command is one here-document: BuildKit runs the body itself as the script. */
const BARE_HEREDOC = /^<<-?\s*(["']?)[A-Za-z_][\w.-]*\1\s*$/;

const BACKSLASH_CONTINUATION = /\\[ \t]*$/;

interface ShellOptions {
  shell: string;
  variables: Set<string>;
  /** The ENV names among them: what an ONBUILD trigger still has when it runs in the child image's build. */
  environment: Set<string>;
}

/** One script per shell-form RUN checked by a POSIX shell; JSON-form RUNs are not shell (hadolint skips them too). */
export function buildShellScripts(context: DockerfileContext): ShellScript[] {
  const scripts: ShellScript[] = [];
  const defaults: ShellOptions = { shell: DEFAULT_SHELL, variables: new Set(PROXY_VARIABLES), environment: new Set() };
  const copy = (options: ShellOptions): ShellOptions => ({
    shell: options.shell,
    variables: new Set(options.variables),
    environment: new Set(options.environment),
  });
  // Before the first FROM, hadolint still checks (its specs often omit FROM); each FROM then starts afresh.
  let current: ShellOptions = copy(defaults);
  let inStage = false;
  const byStageName = new Map<string, ShellOptions>();
  const pragmas = context.parsed.comments
    .map((comment) => ({ line: comment.line, shell: SHELL_PRAGMA.exec(comment.text)?.[1] }))
    .filter((pragma): pragma is { line: number; shell: string } => pragma.shell !== undefined);
  let nextPragma = 0;
  for (const instruction of context.instructions) {
    // A shell pragma changes the shell from where it stands (before the first FROM: for every stage).
    while (nextPragma < pragmas.length && pragmas[nextPragma].line < instruction.line) {
      const shell = pragmas[nextPragma++].shell;
      current.shell = shell;
      if (!inStage) defaults.shell = shell;
    }
    if (instruction.keyword === 'FROM') {
      inStage = true;
      const image = instruction.args[0]?.value.toLowerCase();
      const parent = image === undefined ? undefined : byStageName.get(image);
      // ARGs before the first FROM are not visible in a stage unless declared again.
      current = copy(parent ?? defaults);
      const name =
        instruction.args[1]?.value.toUpperCase() === 'AS' ? instruction.args[2]?.value.toLowerCase() : undefined;
      if (name) byStageName.set(name, current);
      continue;
    }
    const effective = instruction.trigger ?? instruction;
    if (effective.keyword === 'ARG' || effective.keyword === 'ENV') {
      for (const pair of keyValues(context, effective)) {
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(pair.key)) continue;
        current.variables.add(pair.key);
        if (effective.keyword === 'ENV') current.environment.add(pair.key);
      }
    } else if (effective.keyword === 'SHELL' && effective.json && effective.json.values.length > 0) {
      current.shell = effective.json.values.map((word) => word.value).join(' ');
    } else if (effective.keyword === 'RUN' && !effective.json) {
      // An ONBUILD RUN runs in the build of a child image: this file's ARGs are not defined there, its ENVs (and
      // SHELL) are, being in the image's config. hadolint gives a trigger none of them (onbuild in Shellcheck.hs).
      const options = instruction.trigger
        ? { ...current, variables: new Set([...PROXY_VARIABLES, ...current.environment]) }
        : current;
      const script = scriptOf(context, effective, options);
      if (script) scripts.push(script);
    }
  }
  return scripts;
}

/** The executable's name (`/usr/bin/bash -o pipefail -c` → `bash`). */
function shellName(shell: string): string {
  const first = shell.trim().split(/\s+/)[0] ?? '';
  return first.slice(first.lastIndexOf('/') + 1).toLowerCase();
}

function header(options: ShellOptions): string[] {
  const program = options.shell.trim().split(/\s+/)[0];
  return [`#!${program}`, ...[...options.variables].sort().map((name) => `export ${name}=1`)];
}

function scriptOf(context: DockerfileContext, run: Instruction, options: ShellOptions): ShellScript | undefined {
  if (!POSIX_SHELLS.has(shellName(options.shell))) return undefined;
  const command = run.body.text.slice(run.argsAt);
  if (command.trim() === '') return undefined;
  const text = context.text;
  const lines: string[] = [];
  const lineStarts: number[] = [];
  if (run.heredocs.length === 1 && BARE_HEREDOC.test(command.trim())) {
    // `RUN <<EOF`: the body is the script; its own shebang (if any) says which interpreter runs it.
    const heredoc = run.heredocs[0];
    const body = physicalLines(text, heredoc.contentStart, heredoc.contentEnd);
    const shebang = body[0]?.text.startsWith('#!') ? body[0].text : undefined;
    if (shebang !== undefined && !SUPPORTED_SHEBANG.test(shebang)) return undefined;
    const head = header(options);
    if (shebang !== undefined) head[0] = shebang;
    for (const line of head) {
      lines.push(line);
      lineStarts.push(-1);
    }
    for (const [index, line] of body.entries()) {
      if (index === 0 && shebang !== undefined) continue;
      lines.push(line.text);
      lineStarts.push(line.start);
    }
    return { instruction: run, text: lines.join('\n') + '\n', lineStarts };
  }
  for (const line of header(options)) {
    lines.push(line);
    lineStarts.push(-1);
  }
  const start = run.body.docOffset(run.argsAt);
  // Up to the first here-document body, lines are the Dockerfile's: comment lines and empty lines inside the
  // continuation are removed by BuildKit (the shell never sees them), and the escape character, followed by
  // spaces or not, continues the line. Here-document bodies and their terminators reach the shell as written.
  const commandEnd = run.heredocs.length > 0 ? run.heredocs[0].contentStart : run.end;
  const continuation =
    context.parsed.escape === '\\'
      ? BACKSLASH_CONTINUATION
      : new RegExp(`${escapeRegExp(context.parsed.escape)}[ \\t]*$`);
  for (const [index, line] of physicalLines(text, start, commandEnd).entries()) {
    const trimmed = line.text.trim();
    if (index > 0 && (trimmed === '' || trimmed.startsWith('#'))) continue;
    let shellText = line.text;
    const continued = continuation.exec(shellText);
    if (continued) shellText = `${shellText.slice(0, continued.index)}\\`;
    lines.push(shellText);
    lineStarts.push(line.start);
  }
  if (run.heredocs.length > 0) {
    for (const line of physicalLines(text, commandEnd, run.end)) {
      lines.push(line.text);
      lineStarts.push(line.start);
    }
  }
  return { instruction: run, text: lines.join('\n') + '\n', lineStarts };
}

/** The physical lines of `text` from `start` to `end` (a trailing `\r` dropped), each with its document offset. */
function physicalLines(text: string, start: number, end: number): Array<{ text: string; start: number }> {
  const result: Array<{ text: string; start: number }> = [];
  let at = start;
  while (at < end) {
    let next = text.indexOf('\n', at);
    if (next === -1 || next > end) next = end;
    result.push({ text: text.slice(at, next).replace(/\r$/, ''), start: at });
    at = next + 1;
  }
  return result;
}

function escapeRegExp(value: string): string {
  return value.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}
