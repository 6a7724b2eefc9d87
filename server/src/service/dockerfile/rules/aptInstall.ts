import type { Fix } from '../../types';
import type { DockerfileContext } from '../context';
import type { PackageCall } from './packageManagers';

export const YES_OPTIONS = ['-y', '--yes', '--assume-yes', '-qq'] as const;
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
export function aptInstallFix(context: DockerfileContext, call: PackageCall, option: '-y' | '--no-install-recommends'): Fix {
  return { title: messages.fixTitle(option), edits: [context.insert(call.subcommand.end, ` ${option}`)], isPreferred: option === '-y' };
}
