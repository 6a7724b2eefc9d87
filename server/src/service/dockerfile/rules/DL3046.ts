import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import { flagValues, hasAnyFlag, programOf, runCommands } from './commands';
import type { DockerfileRule } from './rule';

export const messages = {
  lastlog: '`useradd` without flag `-l` and high UID will result in excessively large Image.',
  fixTitle: 'Add -l (--no-log-init)',
};

/**
 * DL3046: `useradd -u <high uid>` writes a sparse /var/log/lastlog and faillog sized by the uid; in an image layer the
 * sparse file becomes gigabytes. `-l` (`--no-log-init`) skips those logs, and nothing else: the fix adds it.
 */
export const DL3046: DockerfileRule = {
  id: 'DL3046',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  description: '`useradd` without flag `-l` and high UID will result in excessively large Image.',
  fix: 'adds -l',
  reference: 'hadolint src/Hadolint/Rule/DL3046.hs',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const { commands } of runCommands(context)) {
      for (const command of commands) {
        if (programOf(command) !== 'useradd' || hasAnyFlag(command, ['l', 'no-log-init'])) continue;
        // A uid of six digits or more (hadolint: longer than 5 characters); a variable's value is not known here.
        if (!flagValues(command, 'u', 'uid').some((uid) => /^\d{6,}$/.test(uid))) continue;
        const name = command.words[0];
        findings.push({
          range: context.range(name.start, name.end),
          message: messages.lastlog,
          fixes: [{ title: messages.fixTitle, edits: [context.insert(name.end, ' -l')], isPreferred: true }],
        });
      }
    }
    return findings;
  },
};
