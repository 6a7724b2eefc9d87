import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import { callSpan, hasOption, mountsCache, packageCalls } from './packageManagers';
import type { DockerfileRule } from './rule';

export const messages = {
  cache:
    'Use the `--no-cache` switch to avoid the need to use `--update` and remove `/var/cache/apk/*` when done installing packages',
  fixTitle: 'Add --no-cache',
};

/** DL3019: `apk add` without --no-cache leaves the index in the layer. */
export const DL3019: DockerfileRule = {
  id: 'DL3019',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Information,
  description: 'Use the --no-cache switch with apk add.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const call of packageCalls(context, 'apk', ['add'])) {
      if (
        hasOption(call.command, ['--no-cache']) ||
        mountsCache(call.run, ['/var/cache/apk', '/etc/apk/cache'], '/var/cache/apk')
      )
        continue;
      const span = callSpan(call);
      findings.push({
        range: context.range(span.start, span.end),
        message: messages.cache,
        fixes: [
          { title: messages.fixTitle, edits: [context.insert(call.subcommand.end, ' --no-cache')], isPreferred: true },
        ],
      });
    }
    return findings;
  },
};
