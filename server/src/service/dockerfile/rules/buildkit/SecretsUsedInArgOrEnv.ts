import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../../types';
import { keyValues } from '../../scope';
import type { DockerfileRule } from '../rule';

export const messages = {
  secret: (keyword: string, name: string) => `Do not use ARG or ENV instructions for sensitive data (${keyword} "${name}")`,
};

const SECRET = /(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)/i;
const ALLOWED = /(?:_|^)public(?:_|$)/i;

/** SecretsUsedInArgOrEnv: an ARG or ENV named like a secret ends up in the image history; use `RUN --mount=type=secret`. */
export const SecretsUsedInArgOrEnv: DockerfileRule = {
  id: 'SecretsUsedInArgOrEnv',
  origin: 'buildkit',
  severity: DiagnosticSeverity.Warning,
  description: 'An ARG or ENV whose name says it holds a secret (password, token, key...).',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const instruction of context.instructions) {
      if (instruction.keyword !== 'ARG' && instruction.keyword !== 'ENV') continue;
      for (const pair of keyValues(context, instruction)) {
        if (SECRET.test(pair.key) && !ALLOWED.test(pair.key)) {
          findings.push({ range: context.range(pair.keyStart, pair.keyEnd), message: messages.secret(instruction.keyword, pair.key) });
        }
      }
    }
    return findings;
  },
};
