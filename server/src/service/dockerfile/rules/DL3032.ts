import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { missingCleanup } from './cleanup';
import { argumentIn, programOf, runsWith } from './commands';
import type { DockerfileRule } from './rule';

export const messages = { clean: '`yum clean all` missing after yum command.' };

/**
 * DL3032: `yum install` leaves its package cache and metadata (often 100+ MB) in the layer unless the same RUN runs
 * `yum clean all` (or removes /var/cache/yum) after it. Which commands count is hadolint's (src/Hadolint/Rule/DL3032.hs:
 * yum with `clean` or `all`, rm with `-rf` or `/var/cache/yum/*`).
 */
export const DL3032: DockerfileRule = {
  id: 'DL3032',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  description: '`yum clean all` missing after yum command.',
  fix: 'appends && yum clean all to the RUN',
  reference: 'hadolint src/Hadolint/Rule/DL3032.hs',
  check: (context) =>
    missingCleanup(context, {
      install: (command) => (programOf(command) === 'yum' ? argumentIn(command, ['install']) : undefined),
      clean: (command) =>
        runsWith(command, ['yum'], ['clean', 'all']) || runsWith(command, ['rm'], ['-rf', '/var/cache/yum/*']),
      cleanCommand: () => 'yum clean all',
      message: messages.clean,
    }),
};
