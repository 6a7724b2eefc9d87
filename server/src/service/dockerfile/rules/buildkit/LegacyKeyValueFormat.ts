import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../../types';
import { keyValues } from '../../scope';
import type { DockerfileRule } from '../rule';

export const messages = {
  legacy: (keyword: string) => `"${keyword} key=value" should be used instead of legacy "${keyword} key value" format`,
  fixTitle: (keyword: string) => `Change to ${keyword} key=value`,
};

/** LegacyKeyValueFormat: `ENV key value` is ambiguous with spaces and deprecated; `ENV key=value` is not. */
export const LegacyKeyValueFormat: DockerfileRule = {
  id: 'LegacyKeyValueFormat',
  origin: 'buildkit',
  severity: DiagnosticSeverity.Warning,
  description: 'ENV or LABEL written as "key value" instead of "key=value".',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const instruction of context.instructions) {
      if (
        (instruction.keyword !== 'ENV' && instruction.keyword !== 'LABEL') ||
        instruction.args.length < 2 ||
        instruction.args[0].value.includes('=')
      )
        continue;
      const [pair] = keyValues(context, instruction);
      if (pair.value === undefined) continue;
      // The value as BuildKit reads it: continuations joined, one space between words; quoted when it has spaces.
      const args = instruction.args.slice(1);
      const words = args.map((word) => word.value);
      const value = words.length === 1 ? words[0] : JSON.stringify(words.join(' '));
      findings.push({
        range: context.range(pair.keyStart, pair.end),
        message: messages.legacy(instruction.keyword),
        fixes: [
          {
            title: messages.fixTitle(instruction.keyword),
            edits: [context.edit(pair.keyStart, pair.end, `${pair.key}=${value}`)],
            isPreferred: keepsValue(context.text, args),
          },
        ],
      });
    }
    return findings;
  },
};

/**
 * Whether the rewrite surely keeps the value, so fix-all may apply it: plain words (no quotes or backslashes, whose
 * reading differs between the two forms) separated by single spaces (the legacy form keeps the spacing as written),
 * or one word that is a whole quoted string. Otherwise the fix is offered, not applied by fix-all.
 */
function keepsValue(text: string, args: ReadonlyArray<{ value: string; start: number; end: number }>): boolean {
  if (args.length === 1 && /^(?:"[^"\\]*"|'[^']*')$/.test(args[0].value)) return true;
  if (args.some((word) => /["'\\]/.test(word.value))) return false;
  return args.every((word, index) => index === 0 || text.slice(args[index - 1].end, word.start) === ' ');
}
