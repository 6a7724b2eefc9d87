import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import { keyValues } from '../scope';
import { SecretsUsedInArgOrEnv } from './buildkit/SecretsUsedInArgOrEnv';
import type { DockerfileRule } from './rule';

export const messages = {
  sensitive: (keyword: string, name: string) =>
    `Potentially sensitive data should not be used in the \`ARG\` or \`ENV\` commands (${keyword} \`${name}\`)`,
};

/** hadolint's knownSensitiveNames (src/Hadolint/Rule/DL3064.hs), compared upper-cased. */
const KNOWN = new Set(
  `ACCESS_TOKEN APPLICATION_KEY APP_SECRET AUTH_TOKEN AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY BITTREX_API_KEY
BITTREX_API_SECRET CF_PASSWORD CF_USERNAME CIRCLE_TOKEN CI_DEPLOY_PASSWORD CI_DEPLOY_USER DOCKERHUB_PASSWORD DOCKER_EMAIL
DOCKER_PASSWORD DOCKER_USERNAME FACEBOOK_ACCESS_TOKEN FACEBOOK_APP_ID FACEBOOK_APP_SECRET FIREBASE_API_TOKEN
FIREBASE_TOKEN FOSSA_API_KEY GH_ENTERPRISE_TOKEN GH_TOKEN GITHUB_ENTERPRISE_TOKEN GITHUB_TOKEN HEROKU_API_KEY
HEROKU_API_USER NPM_AUTH_TOKEN NPM_TOKEN OKTA_AUTHN_GROUPID OKTA_CLIENT_ORGURL OKTA_CLIENT_TOKEN OKTA_OAUTH2_CLIENTID
OKTA_OAUTH2_CLIENTSECRET OPENAI_API_KEY OS_PASSWORD OS_USERNAME POSTGRES_PASSWORD SLACK_TOKEN STRIPE_API_KEY
STRIPE_DEVICE_NAME TRAVIS_OS_NAME TRAVIS_SECURE_ENV_VARS TRAVIS_SUDO VAULT_CLIENT_KEY VAULT_TOKEN`.split(/\s+/),
);
/**
 * hadolint's suspiciousSubstrings, compared lower-cased, as whole `_`-separated words (TOKENIZER is no token), and
 * without `username`: a user name alone (`ARG USERNAME=vscode`) is no secret; the known names above keep the
 * usernames that are credentials (DOCKER_USERNAME, CF_USERNAME...).
 */
const SUSPICIOUS = /(?:^|_)(?:api_key|client_key|password|private|secret|token)s?(?:_|$)/;
/** Names that hold no secret themselves (BuildKit's exemptions): a path to one (`*_FILE`), a version, a public key. */
const NOT_SECRET = /(?:_|^)(?:public|file|version)(?:_|$)/i;

/**
 * DL3064: an ARG or ENV named like a secret puts the secret in the image's history and metadata; use
 * `RUN --mount=type=secret`. BuildKit's SecretsUsedInArgOrEnv is the same finding by other patterns: where it
 * reports a name, this rule does not (one diagnostic, and `# hadolint ignore=DL3064` silences that one too). Quieter
 * than hadolint on names that say they are not the secret (`*_FILE`, `*_VERSION`, `*_PUBLIC_*`), on words inside
 * other words, and on a plain user name.
 */
export const DL3064: DockerfileRule = {
  id: 'DL3064',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  description: 'Potentially sensitive data should not be used in the ARG or ENV commands.',
  reference: 'hadolint src/Hadolint/Rule/DL3064.hs; BuildKit SecretsUsedInArgOrEnv',
  check(context) {
    const twin = new Set(
      context
        .memo('SecretsUsedInArgOrEnv', () => SecretsUsedInArgOrEnv.check(context))
        .map((finding) => `${finding.range.start.line}:${finding.range.start.character}`),
    );
    const findings: RuleFinding[] = [];
    for (const instruction of context.instructions) {
      const effective = instruction.trigger ?? instruction;
      if (effective.keyword !== 'ARG' && effective.keyword !== 'ENV') continue;
      for (const pair of keyValues(context, effective)) {
        const name = pair.key;
        if (!KNOWN.has(name.toUpperCase()) && !SUSPICIOUS.test(name.toLowerCase())) continue;
        if (NOT_SECRET.test(name)) continue;
        const range = context.range(pair.keyStart, pair.keyEnd);
        if (twin.has(`${range.start.line}:${range.start.character}`)) continue;
        findings.push({ range, message: messages.sensitive(effective.keyword, name) });
      }
    }
    return findings;
  },
};
