import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import { keyValues } from '../scope';
import type { DockerfileRule } from './rule';

export const messages = { name: 'Non-numeric user-id may not be resolvable by host system' };

/**
 * DL3066 (off by default): `USER name` is resolved through the image's /etc/passwd; the host, a volume's owner or
 * Kubernetes' `runAsNonRoot` (which needs a numeric uid to verify) cannot see that name. As hadolint
 * (src/Hadolint/Rule/DL3066.hs): the user part (before `:`) must be digits, or use an ARG declared before it. Off by
 * default, unlike hadolint's info: `USER app` is the common, working form for `docker run`, and this would be a note
 * on most Dockerfiles; teams that run under runAsNonRoot turn it on. No fix: the uid is the image's.
 */
export const DL3066: DockerfileRule = {
  id: 'DL3066',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Information,
  enabledByDefault: false,
  description: 'Non-numeric user-id may not be resolvable by host system (off by default).',
  reference: 'hadolint src/Hadolint/Rule/DL3066.hs',
  check(context) {
    const findings: RuleFinding[] = [];
    const args = new Set<string>();
    for (const instruction of context.instructions) {
      const effective = instruction.trigger ?? instruction;
      if (effective.keyword === 'ARG') for (const pair of keyValues(context, effective)) args.add(pair.key);
      if (effective.keyword !== 'USER' || effective.args.length === 0) continue;
      const word = effective.args[0];
      const user = word.value.split(':')[0];
      if (/^\d*$/.test(user)) continue;
      if ([...args].some((name) => user.includes(`\${${name}}`) || user.includes(`$${name}`))) continue;
      findings.push({ range: context.range(word.start, word.start + user.length), message: messages.name });
    }
    return findings;
  },
};
