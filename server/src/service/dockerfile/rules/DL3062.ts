import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import type { ShellWord } from '../parse/shell';
import { argumentsWithoutFlags, runsWith } from './commands';
import type { DockerfileRule } from './rule';

export const messages = {
  unpinned: (name: string) =>
    `Pin versions in go. Instead of \`go install ${name}\` use \`go install ${name}@<version>\``,
};

/** A module path with a version (`@v1.2.3`, a commit), not `@latest`/`@none`; or a local package or file. */
function pinned(name: string): boolean {
  if (name === '.' || name.startsWith('/') || name.startsWith('.') || name.endsWith('.go') || name.includes('$'))
    return true;
  return name.includes('@') && !/@(latest|none)$/.test(name);
}

/**
 * DL3062 (off by default, as Shipshape's other pinning rules): `go install pkg` / `go get pkg` / `go run pkg`
 * without `@version` (or with `@latest`) builds whatever is newest. As hadolint (src/Hadolint/Rule/DL3062.hs): in a
 * RUN with `go run`, its package (the first argument) is what is checked; else the packages of `go install`/`go get`.
 * No fix: only the author knows the version.
 */
export const DL3062: DockerfileRule = {
  id: 'DL3062',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  enabledByDefault: false,
  description: 'Pin versions in go install (off by default).',
  reference: 'hadolint src/Hadolint/Rule/DL3062.hs',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const run of context.runs()) {
      const commands = context.shell(run);
      const runs: ShellWord[] = [];
      const installs: ShellWord[] = [];
      for (const command of commands) {
        if (runsWith(command, ['go'], ['run']))
          runs.push(
            ...argumentsWithoutFlags(command)
              .slice(0, 2)
              .filter((word) => word.value !== 'run'),
          );
        else if (runsWith(command, ['go'], ['install', 'get']))
          installs.push(
            ...argumentsWithoutFlags(command).filter((word) => !['install', 'get', 'tool'].includes(word.value)),
          );
      }
      for (const word of runs.length > 0 ? runs : installs) {
        if (pinned(word.value)) continue;
        findings.push({ range: context.range(word.start, word.end), message: messages.unpinned(word.value) });
      }
    }
    return findings;
  },
};
