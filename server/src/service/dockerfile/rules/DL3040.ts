import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import { missingCleanup } from './cleanup';
import { argumentIn, programOf, runsWith } from './commands';
import { mountsCache } from './packageManagers';
import type { DockerfileRule } from './rule';

export const messages = { clean: '`dnf clean all` missing after dnf command.' };

const INSTALLS = ['install', 'in', 'upgrade', 'up', 'upgrade-minimal', 'up-min', 'reinstall', 'rei'];

/**
 * DL3040: dnf (and microdnf) keep their package cache and metadata in the layer unless the same RUN runs `dnf clean
 * all` after installing, or a cache or tmpfs mount holds libdnf5's cache (src/Hadolint/Rule/DL3040.hs).
 */
export const DL3040: DockerfileRule = {
  id: 'DL3040',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  description: '`dnf clean all` missing after dnf command.',
  fix: 'appends && dnf clean all (or microdnf clean all) to the RUN',
  reference: 'hadolint src/Hadolint/Rule/DL3040.hs',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const program of ['dnf', 'microdnf']) {
      findings.push(
        ...missingCleanup(context, {
          install: (command) => (programOf(command) === program ? argumentIn(command, INSTALLS) : undefined),
          clean: (command) =>
            runsWith(command, [program], ['clean', 'all']) || runsWith(command, ['rm'], ['-rf', '/var/cache/libdnf5*']),
          exempt: (run) => mountsCache(run, [], '/var/cache/libdnf5') || mountsCache(run, [], '.cache/libdnf5'),
          cleanCommand: () => `${program} clean all`,
          message: messages.clean,
        }),
      );
    }
    return findings;
  },
};
