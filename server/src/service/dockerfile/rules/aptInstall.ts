import type { Fix } from '../../types';
import type { DockerfileContext } from '../context';
import { hasOption, type PackageCall } from './packageManagers';

export const YES_OPTIONS = ['-y', '--yes', '--assume-yes', '-qq'] as const;
export const NO_RECOMMENDS_OPTIONS = ['--no-install-recommends'] as const;

export const messages = {
  fixTitle: (options: string) => `Add ${options}`,
};

/**
 * The one fix DL3014 and DL3015 share: insert every option `apt-get install` is missing (`-y`,
 * `--no-install-recommends`) right after `install`. Both findings carry the same edit, so "fix all" applies it once.
 */
export function aptInstallFix(context: DockerfileContext, call: PackageCall): Fix {
  const missing: string[] = [];
  if (!hasOption(call.command, YES_OPTIONS)) missing.push('-y');
  const recommendsOff = call.command.words.some((word) => /APT::Install-Recommends=(false|0)/i.test(word.value));
  if (!hasOption(call.command, NO_RECOMMENDS_OPTIONS) && !recommendsOff) missing.push('--no-install-recommends');
  const options = missing.join(' ');
  return { title: messages.fixTitle(options), edits: [context.insert(call.subcommand.end, ` ${options}`)], isPreferred: true };
}
