import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import type { DockerfileRule } from './rule';

export const messages = { root: 'Do not copy an entire filesystem from another stage' };

const ROOT = (value: string) => value.replace(/^["']+|["']+$/g, '') === '/';

/**
 * DL3067: `COPY --from=stage / /` copies a whole root filesystem (/proc and /sys mount points, /etc/passwd, the
 * package database) over this stage's; copy the directories the image needs instead. No fix: which ones is the
 * author's choice.
 */
export const DL3067: DockerfileRule = {
  id: 'DL3067',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  description: 'Do not copy an entire filesystem from another stage (COPY --from=... / /).',
  reference: 'hadolint src/Hadolint/Rule/DL3067.hs',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const instruction of context.instructions) {
      const effective = instruction.trigger ?? instruction;
      if (effective.keyword !== 'COPY' || !effective.flags.some((flag) => flag.name === 'from')) continue;
      const words = effective.json ? effective.json.values : effective.args;
      if (words.length < 2 || !ROOT(words[words.length - 1].value)) continue;
      const source = words.slice(0, -1).find((word) => ROOT(word.value));
      if (source) findings.push({ range: context.range(source.start, source.end), message: messages.root });
    }
    return findings;
  },
};
