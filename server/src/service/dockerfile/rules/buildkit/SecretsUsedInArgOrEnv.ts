import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../../types';
import { keyValues } from '../../scope';
import type { DockerfileRule } from '../rule';

export const messages = {
  secret: (keyword: string, name: string) =>
    `Do not use ARG or ENV instructions for sensitive data (${keyword} "${name}")`,
};

// BuildKit's own patterns (frontend/dockerfile/dockerfile2llb/convert.go, getSecretsRegex): a secret-like token as
// a whole `_`-separated word, unless a `public`, `file` (a path to a secret, e.g. POSTGRES_PASSWORD_FILE) or
// `version` word says otherwise.
const SECRET = /(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)/i;
const ALLOWED = /(?:_|^)(?:public|file|version)(?:_|$)/i;
/**
 * Quieter than BuildKit: a value made only of OpenPGP key ids or fingerprints (16 or 40 hex digits, e.g.
 * docker-library's `ENV GPG_KEY 0D96DF4D4110E5C43FBFB17F2D347EA6AA65421D`) names a public key to verify a
 * download with; it is published, not secret.
 */
const PUBLIC_KEY_IDS = /^(?:0x)?(?:[0-9A-F]{16}|[0-9A-F]{40})(?:\s+(?:0x)?(?:[0-9A-F]{16}|[0-9A-F]{40}))*$/i;

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
        const value = pair.value?.trim().replace(/^(["'])(.*)\1$/s, '$2');
        if (value !== undefined && PUBLIC_KEY_IDS.test(value)) continue;
        if (SECRET.test(pair.key) && !ALLOWED.test(pair.key)) {
          findings.push({
            range: context.range(pair.keyStart, pair.keyEnd),
            message: messages.secret(instruction.keyword, pair.key),
          });
        }
      }
    }
    return findings;
  },
};
