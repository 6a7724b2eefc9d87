import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import { labels } from './labels';
import type { DockerfileRule } from './rule';

export const messages = { key: 'Invalid label key.' };

/**
 * Docker's label key format (https://docs.docker.com/engine/manage-resources/labels/#key-format-recommendations), as
 * hadolint checks it (src/Hadolint/Rule/DL3048.hs): lowercase letters, digits, `.`, `-`, `_` and `/`; starts with a
 * letter and ends with a letter or digit; no `..` or `--`; not in Docker's own namespaces.
 */
function validKey(key: string): boolean {
  return (
    /^[a-z]([0-9a-z._/-]*[a-z0-9])?$/.test(key) &&
    !/\.\.|--/.test(key) &&
    !/^(com\.docker\.|io\.docker\.|org\.dockerproject\.)/.test(key)
  );
}

/**
 * DL3048 (style): a label key outside Docker's recommended format. BuildKit accepts any key, so it is a hint. No fix:
 * tools that read the label know it by its current key.
 */
export const DL3048: DockerfileRule = {
  id: 'DL3048',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Hint,
  description: 'Invalid label key (lowercase letters, digits, `.`, `-`, `_`, `/`; not a Docker namespace).',
  reference: 'hadolint src/Hadolint/Rule/DL3048.hs',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const label of labels(context)) {
      if (validKey(label.key)) continue;
      findings.push({ range: context.range(label.keyStart, label.keyEnd), message: messages.key });
    }
    return findings;
  },
};
