import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { resolveSettings } from '../../common/src/contract';
import { createLanguageService, type Finding } from '../../server/src/service';
import { HARDENED_DEPLOYMENT, spanOfValue } from '../helpers/service';

const MANIFEST = HARDENED_DEPLOYMENT.replace('image: nginx:1.25', 'image: ghcr.io/acme/web:1.4');
const CODES = new Set(['k8s/image-user-root', 'k8s/image-user-non-numeric']);

function validate(dockerfile: string): Finding[] {
  const service = createLanguageService({
    fileSystem: { readFile: (path) => (path.replace(/\\/g, '/') === '/ws/web/Dockerfile' ? dockerfile : undefined) },
  });
  service.configure(resolveSettings({}));
  return service
    .validate(TextDocument.create('file:///ws/k8s/deploy.yaml', 'yaml', 1, MANIFEST))
    .filter((found) => CODES.has(String(found.code)));
}

describe('the image USER as the kubelet reads it (user part before ":", integer = uid, else a name)', () => {
  it('a named USER: an error on runAsNonRoot, linked to the USER word', () => {
    const [found, ...rest] = validate('FROM node:20-slim\nRUN npm ci\nUSER app:app\nCMD ["node"]\n');
    assert.deepEqual(rest, []);
    assert.equal(found.code, 'k8s/image-user-non-numeric');
    assert.match(
      found.message,
      /container "web" will not start: .*web\/Dockerfile\) ends with USER app:app, whose user "app"/,
    );
    assert.deepEqual(found.relatedInformation, [
      {
        location: {
          uri: 'file:///ws/web/Dockerfile',
          range: { start: { line: 2, character: 5 }, end: { line: 2, character: 12 } },
        },
        message: 'USER app:app: a name, not a uid',
      },
    ]);
  });

  it('root with any group is root (k8s/image-user-root), and only that finding', () => {
    const findings = validate('FROM debian:12\nUSER root:wheel\n');
    assert.deepEqual(
      findings.map((found) => `${found.code}`),
      ['k8s/image-user-root'],
    );
    assert.equal(
      `${findings[0].range.start.line}:${findings[0].range.start.character}-${findings[0].range.end.line}:${findings[0].range.end.character}`,
      spanOfValue(MANIFEST, 'runAsNonRoot'),
    );
  });

  it('a uid (signed, as strconv.ParseInt takes it) stays quiet', () => {
    for (const user of ['10001', '10001:app', '+10001'])
      assert.deepEqual(validate(`FROM debian:12\nUSER ${user}\n`), [], user);
  });
});
