import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { missingCleanup } from './cleanup';
import { argumentIn, programOf, runsWith } from './commands';
import { mountsCache } from './packageManagers';
import type { DockerfileRule } from './rule';

export const messages = { clean: '`zypper clean` missing after zypper use.' };

/**
 * DL3036: `zypper install` leaves the downloaded packages and metadata in the layer unless the same RUN runs
 * `zypper clean` (or `cc`) after it, or a cache or tmpfs mount holds /var/cache/zypp (src/Hadolint/Rule/DL3036.hs).
 */
export const DL3036: DockerfileRule = {
  id: 'DL3036',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  description: '`zypper clean` missing after zypper use.',
  fix: 'appends && zypper clean --all to the RUN',
  reference: 'hadolint src/Hadolint/Rule/DL3036.hs',
  check: (context) =>
    missingCleanup(context, {
      install: (command) => (programOf(command) === 'zypper' ? argumentIn(command, ['install', 'in']) : undefined),
      clean: (command) => runsWith(command, ['zypper'], ['clean', 'cc']),
      exempt: (run) => mountsCache(run, [], '/var/cache/zypp'),
      cleanCommand: () => 'zypper clean --all',
      message: messages.clean,
    }),
};
