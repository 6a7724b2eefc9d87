import type { Fix } from '../../types';
import type { DockerfileContext } from '../context';
import type { ShellCommand } from '../parse/shell';
import { hasOption, type PackageCall } from './packageManagers';

export const YES_OPTIONS = ['-y', '--yes', '--assume-yes', '-qq'] as const;
/** Options with which apt-get only pretends, so it never asks (`apt-get install -s pkg` checks that pkg exists). */
const SIMULATE_OPTIONS = ['-s', '--simulate', '--just-print', '--dry-run', '--recon', '--no-act'] as const;

/** `apt-get install -s`: nothing is installed, so there is nothing to ask or to leave out. */
export function simulates(command: ShellCommand): boolean {
  return hasOption(command, SIMULATE_OPTIONS);
}

/**
 * Whether `apt-get install` runs without asking, as hadolint's DL3014 reads it (src/Hadolint/Rule/DL3014.hs: -y,
 * --yes, --assume-yes, -qq, `-q` twice, `--quiet` twice, `-q=2`), and also under a simulation option, which never
 * asks.
 */
export function answersYes(command: ShellCommand): boolean {
  if (hasOption(command, YES_OPTIONS) || simulates(command)) return true;
  let quiet = 0;
  for (const word of command.words) {
    if (/^-q=2$|^--quiet=2$/.test(word.value)) return true;
    if (word.value === '--quiet') quiet++;
    else if (/^-[A-Za-z]+$/.test(word.value)) quiet += [...word.value].filter((char) => char === 'q').length;
  }
  return quiet >= 2;
}

export const NO_RECOMMENDS_OPTIONS = ['--no-install-recommends'] as const;

export const messages = {
  fixTitle: (options: string) => `Add ${options}`,
};

/**
 * The fixes of DL3014 and DL3015, both inserted right after `install`. `-y` (DL3014) keeps the meaning: without it
 * apt-get stops at its prompt and the build fails. `--no-install-recommends` (DL3015) changes which packages are
 * installed (a recommended package the image needs, ca-certificates say, goes missing): a suggestion, never applied
 * by fix-all.
 */
export function aptInstallFix(
  context: DockerfileContext,
  call: PackageCall,
  option: '-y' | '--no-install-recommends',
): Fix {
  return {
    title: messages.fixTitle(option),
    edits: [context.insert(call.subcommand.end, ` ${option}`)],
    isPreferred: option === '-y',
  };
}
