import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { resolveSettings } from '../../common/src/contract';
import { diskFileSystem } from '../../server/src/diskFileSystem';
import { createLanguageService, type FileSystem, type Finding } from '../../server/src/service';
import { repositoryName } from '../../server/src/service/kubernetes/imageBuilds';
import { codesAndRanges, spanOf, spanOfValue } from '../helpers/service';

/** A small repository: `k8s/` beside the folders that build its images (api/Dockerfile, worker/Containerfile, web/). */
const shop = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'crosscheck', 'shop');
const CODES = new Set(['k8s/image-user-root', 'k8s/image-port-mismatch']);

function validate(path: string, fileSystem: FileSystem, text = readFileSync(path, 'utf8'), version = 1): Finding[] {
  const service = createLanguageService({ fileSystem });
  service.configure(resolveSettings({}));
  return service
    .validate(TextDocument.create(URI.file(path).toString(), 'yaml', version, text))
    .filter((found) => CODES.has(String(found.code)));
}

describe('Dockerfile ↔ manifest cross-checks on a fixture tree', () => {
  it('links each image to the folder named as its repository, and reports user and ports with links to the Dockerfile', () => {
    const path = join(shop, 'k8s', 'deploy.yaml');
    const text = readFileSync(path, 'utf8');
    const findings = validate(path, diskFileSystem);
    assert.deepEqual(codesAndRanges(findings), [
      // the pod's runAsNonRoot, for the api container (its Dockerfile's last stage builds on one and ends USER root)
      `k8s/image-user-root@${spanOfValue(text, '        runAsNonRoot')}`,
      // 9090 is EXPOSEd by the run stage, 8080 (inherited from the build stage) is declared
      `k8s/image-port-mismatch@${spanOfValue(text, 'image')}`,
      `k8s/image-port-mismatch@${spanOf(text, '6060')}`,
    ]);
    const [root, undeclared, unexposed] = findings;
    assert.match(root.message, /container "api" will not start: .*api\/Dockerfile\) ends with USER root/);
    const dockerfile = URI.file(join(shop, 'api', 'Dockerfile')).toString();
    assert.deepEqual(root.relatedInformation?.[0].location, {
      uri: dockerfile,
      range: { start: { line: 10, character: 5 }, end: { line: 10, character: 9 } },
    });
    assert.equal(
      undeclared.message,
      'api/Dockerfile EXPOSEs 9090/TCP, which no containerPort of container "api" declares',
    );
    assert.equal(undeclared.relatedInformation?.[0].location.range.start.line, 8);
    assert.match(unexposed.message, /^containerPort 6060\/TCP is not EXPOSEd by api\/Dockerfile.*8080\/TCP, 9090\/TCP/);
    // worker (USER 10001, no EXPOSE), cache (redis: no such folder) and the CronJob (runAsUser, no ports) stay quiet.
  });

  it('finds the Dockerfile of the folder the manifest sits in, and keeps quiet on an EXPOSE of a variable', () => {
    const path = join(shop, 'web', 'deploy', 'web.yaml');
    const text = readFileSync(path, 'utf8');
    assert.deepEqual(codesAndRanges(validate(path, diskFileSystem)), [
      `k8s/image-user-root@${spanOfValue(text, 'runAsNonRoot')}`,
    ]);
  });

  it('without the Dockerfile on disk nothing is linked', () => {
    assert.deepEqual(validate(join(shop, 'k8s', 'deploy.yaml'), { readFile: () => undefined }), []);
  });
});

describe('a changed Dockerfile changes the findings of an unchanged manifest', () => {
  it('re-checks when the Dockerfile text changes (the memo compares it)', () => {
    const manifest = join(shop, 'web', 'deploy', 'web.yaml');
    const dockerfilePath = join(shop, 'web', 'Dockerfile');
    let dockerfile = 'FROM nginx:1.27\nUSER 0\n';
    const service = createLanguageService({
      fileSystem: { readFile: (path) => (path === dockerfilePath ? dockerfile : undefined) },
    });
    service.configure(resolveSettings({}));
    const text = readFileSync(manifest, 'utf8');
    const codes = (version: number) =>
      service
        .validate(TextDocument.create(URI.file(manifest).toString(), 'yaml', version, text))
        .filter((found) => CODES.has(String(found.code)))
        .map((found) => found.code);
    assert.deepEqual(codes(1), ['k8s/image-user-root']);
    dockerfile = 'FROM nginx:1.27\nUSER 101\nEXPOSE 8080 9113\n';
    assert.deepEqual(codes(2), ['k8s/image-port-mismatch']);
  });
});

describe('repositoryName', () => {
  const cases: Array<[string, string | undefined]> = [
    ['api', 'api'],
    ['acme/api:1.2', 'api'],
    ['registry.example.com:5000/acme/api', 'api'],
    ['ghcr.io/acme/api:1.2@sha256:0123', 'api'],
    ['acme/my-api_v2.x:latest', 'my-api_v2.x'],
    ['acme/${APP}:1.2', undefined],
    ['{{ .Values.image }}', undefined],
    ['acme/API:1', undefined],
    ['', undefined],
  ];
  for (const [image, name] of cases)
    it(`${JSON.stringify(image)} → ${String(name)}`, () => assert.equal(repositoryName(image), name));
});

describe('a file of many distinct images', () => {
  it('asks the port for a bounded number of paths (the server keeps 4,096 in its file cache)', () => {
    const asked = new Set<string>();
    const service = createLanguageService({ fileSystem: { readFile: (path) => void asked.add(path) } });
    service.configure(resolveSettings({}));
    const pod = (index: number) =>
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p${index}\nspec:\n  containers:\n    - name: app\n      image: acme/app-${index}:1\n`;
    const text = Array.from({ length: 1000 }, (_, index) => pod(index)).join('---\n');
    service.validate(TextDocument.create('file:///ws/k8s/all.yaml', 'yaml', 1, text));
    const dockerfiles = [...asked].filter((path) => /(Docker|Container)file$/.test(path));
    assert.ok(dockerfiles.length > 0 && dockerfiles.length <= 16 * 16, `${dockerfiles.length} paths asked`);
  });
});
