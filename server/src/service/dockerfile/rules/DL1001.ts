import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import type { DockerfileRule } from './rule';

export const messages = { pragma: 'Please refrain from using inline ignore pragmas `# hadolint ignore=DLxxxx`.' };

/** An inline `# hadolint ignore=...` (not `global ignore` nor `stage ignore`), as hadolint's Pragma.hs ignoreParser. */
const INLINE_IGNORE = /^\s*hadolint\s+ignore\s*=\s*[DLSC0-9]+/;

/**
 * DL1001 (off by default, as in hadolint, whose severity for it is "ignore"): teams that want every exception in
 * `.hadolint.yaml` turn it on to find inline pragmas (src/Hadolint/Rule/DL1001.hs).
 */
export const DL1001: DockerfileRule = {
  id: 'DL1001',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Information,
  enabledByDefault: false,
  description: 'Please refrain from using inline ignore pragmas `# hadolint ignore=DLxxxx` (off by default).',
  reference: 'hadolint src/Hadolint/Rule/DL1001.hs (severity ignore: off unless configured)',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const comment of context.parsed.comments) {
      if (INLINE_IGNORE.test(comment.text))
        findings.push({ range: context.range(comment.start, comment.end), message: messages.pragma });
    }
    return findings;
  },
};
