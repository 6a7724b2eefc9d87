import type { DockerfileContext } from '../context';
import type { Instruction } from '../parse/model';
import type { ShellCommand, ShellWord } from '../parse/shell';

/** A package manager call in a RUN: `apt-get install ...`, `pip install ...`, `apk add ...`. */
export interface PackageCall {
  run: Instruction;
  command: ShellCommand;
  /** The subcommand word (`install`, `add`). */
  subcommand: ShellWord;
  /** The package arguments (not options, not option values). */
  packages: ShellWord[];
}

/** Options that take a separate value word, per program, so the value is not mistaken for a package. */
/** The package tools whose calls the rules read. */
export type PackageProgram = 'apt-get' | 'apt' | 'aptitude' | 'apk' | 'pip' | 'pipx';

const VALUE_OPTIONS: Record<string, readonly string[]> = {
  'apt-get': ['-o', '-t', '-c', '--target-release', '--option', '--config-file'],
  apt: ['-o', '-t', '-c', '--target-release', '--option', '--config-file'],
  aptitude: ['-o', '-t', '-F', '-w', '--target-release', '--display-format', '--width'],
  pipx: ['--python', '--index-url', '-i', '--pip-args', '--suffix', '--preinstall', '--backend'],
  apk: ['-X', '--repository', '-p', '--root', '-t', '--virtual', '--arch', '--keys-dir', '--cache-dir'],
  pip: [
    '-r',
    '--requirement',
    '-c',
    '--constraint',
    '-e',
    '--editable',
    '-i',
    '--index-url',
    '--extra-index-url',
    '-f',
    '--find-links',
    '-t',
    '--target',
    '--prefix',
    '--root',
    '--trusted-host',
    '--platform',
    '--python-version',
    '--only-binary',
    '--no-binary',
    '--progress-bar',
    '--root-user-action',
    '--upgrade-strategy',
    '--cache-dir',
    '--src',
    '--log',
    '--config-settings',
    '-C',
    '--global-option',
    '--implementation',
    '--abi',
    '--report',
    '--python',
  ],
};

/** True for `pip`, `pip3`, `pip3.12`, and `python -m pip` / `python3 -m pip` (returned as the index of `pip`). */
function pipIndex(command: ShellCommand): number {
  if (/^(.*\/)?pip(\d+(\.\d+)?)?$/.test(command.name)) return 0;
  if (/^(.*\/)?python(\d+(\.\d+)?)?$/.test(command.name)) {
    const flag = command.words.findIndex((word) => word.value === '-m');
    if (flag !== -1 && command.words[flag + 1]?.value === 'pip') return flag + 1;
  }
  return -1;
}

/**
 * The calls of `program` with `subcommand` in every RUN (ONBUILD triggers included). `program` is `apt-get`,
 * `apt`, `apk` or `pip` (which also matches pip3 and `python -m pip`).
 */
export function packageCalls(
  context: DockerfileContext,
  program: PackageProgram,
  subcommands: readonly string[],
): PackageCall[] {
  return context.memo(`packageCalls:${program}:${subcommands.join(',')}`, () =>
    findCalls(context, program, subcommands),
  );
}

function findCalls(context: DockerfileContext, program: PackageProgram, subcommands: readonly string[]): PackageCall[] {
  const calls: PackageCall[] = [];
  for (const run of context.runs()) {
    for (const command of context.shell(run)) {
      const start =
        program === 'pip' ? pipIndex(command) : /(^|\/)([^/]+)$/.exec(command.name)?.[2] === program ? 0 : -1;
      if (start === -1) continue;
      const valueOptions = VALUE_OPTIONS[program] ?? [];
      let subcommand: ShellWord | undefined;
      const packages: ShellWord[] = [];
      const words = command.words;
      for (let index = start + 1; index < words.length; index++) {
        const value = words[index].value;
        if (value.startsWith('-')) {
          if (valueOptions.includes(value)) index++;
          continue;
        }
        if (!subcommand) {
          subcommand = words[index];
          if (!subcommands.includes(value)) break;
          continue;
        }
        packages.push(words[index]);
      }
      if (subcommand && subcommands.includes(subcommand.value)) calls.push({ run, command, subcommand, packages });
    }
  }
  return calls;
}

/** Whether the command has any of these options (`-y`, `--yes`), short ones also inside a cluster (`-qy`). */
export function hasOption(command: ShellCommand, options: readonly string[]): boolean {
  return command.words.some((word) => {
    const value = word.value.split('=')[0];
    if (options.includes(value)) return true;
    if (!/^-[A-Za-z]{2,}$/.test(word.value)) return false;
    return options.some((option) => /^-[A-Za-z]$/.test(option) && word.value.includes(option[1]));
  });
}

/**
 * Whether the RUN mounts a cache or a tmpfs (either keeps the files out of the layer) at one of these paths
 * (`--mount=type=cache,target=/var/cache/apt`), or at a target containing `fragment`, as hadolint's
 * hasCacheOrTmpfsMountWith reads it (src/Hadolint/Utils.hs: `.cache/pip` matches /home/app/.cache/pip too).
 */
export function mountsCache(run: Instruction, targets: readonly string[], fragment?: string): boolean {
  return run.flags.some((flag) => {
    if (flag.name !== 'mount' || flag.value === undefined) return false;
    const options = new Map<string, string>();
    for (const part of flag.value.split(',')) {
      const equals = part.indexOf('=');
      if (equals !== -1)
        options.set(
          part.slice(0, equals).trim().toLowerCase(),
          part
            .slice(equals + 1)
            .trim()
            .replace(/^(["'])(.*)\1$/, '$2'),
        );
    }
    const type = options.get('type');
    if (type !== 'cache' && type !== 'tmpfs') return false;
    const target = options.get('target') ?? options.get('dst') ?? options.get('destination');
    if (target === undefined) return false;
    const path = target.replace(/\/+$/, '');
    return targets.includes(path) || (fragment !== undefined && target.includes(fragment));
  });
}

/** The range from the program to the subcommand, which the package rules report on (`apt-get install`). */
export function callSpan(call: PackageCall): { start: number; end: number } {
  return { start: call.command.start, end: call.subcommand.end };
}
