import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { resolveSettings } from '../../common/src/contract';
import { diskFileSystem } from '../../server/src/diskFileSystem';
import { createLanguageService, type FileSystem, type Finding } from '../../server/src/service';
import { repositoryName, repositoryOf } from '../../server/src/service/kubernetes/imageBuilds';
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

describe('images the editor built (Build Image) link their manifests to the Dockerfile they were built from', () => {
  const manifest = '/ws/deploy/k8s/web.yaml';
  // Neither folder is named after the image: only the editor's record links them.
  const dockerfilePath = '/ws/images/prod.Dockerfile';
  const text =
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: registry.example.com/acme/web:1.4\n      securityContext:\n        runAsNonRoot: true\n';
  const fileSystem: FileSystem = {
    readFile: (path) => (path === dockerfilePath ? 'FROM nginx:1.27\nUSER root\n' : undefined),
  };
  const validateWith = (records: Array<{ dockerfile: string; image: string }>, version = 1) => {
    const service = createLanguageService({ fileSystem });
    service.configure(resolveSettings({}));
    service.setBuiltImages(records);
    return service
      .validate(TextDocument.create(URI.file(manifest).toString(), 'yaml', version, text))
      .filter((found) => CODES.has(String(found.code)));
  };

  it('reports against the Dockerfile that built the same repository, whatever its tag', () => {
    const findings = validateWith([
      { dockerfile: URI.file(dockerfilePath).toString(), image: 'registry.example.com/acme/web:dev' },
    ]);
    assert.deepEqual(codesAndRanges(findings), [`k8s/image-user-root@${spanOfValue(text, 'runAsNonRoot')}`]);
    assert.match(findings[0].message, /images\/prod\.Dockerfile\) ends with USER root/);
    assert.equal(findings[0].relatedInformation?.[0].location.uri, URI.file(dockerfilePath).toString());
  });

  it('links nothing for another repository, another registry, or no record', () => {
    for (const image of ['registry.example.com/acme/api:dev', 'ghcr.io/acme/web:dev', 'acme/web:dev'])
      assert.deepEqual(validateWith([{ dockerfile: URI.file(dockerfilePath).toString(), image }]), [], image);
    assert.deepEqual(validateWith([]), []);
  });

  it('takes records set later, once the engine has been loaded', () => {
    const service = createLanguageService({ fileSystem });
    service.configure(resolveSettings({}));
    const codes = (version: number) =>
      service
        .validate(TextDocument.create(URI.file(manifest).toString(), 'yaml', version, text))
        .filter((found) => CODES.has(String(found.code)))
        .map((found) => found.code);
    assert.deepEqual(codes(1), []);
    service.setBuiltImages([
      { dockerfile: URI.file(dockerfilePath).toString(), image: 'registry.example.com/acme/web' },
    ]);
    assert.deepEqual(codes(2), ['k8s/image-user-root']);
    service.setBuiltImages([]);
    assert.deepEqual(codes(3), []);
  });
});

describe('repositoryOf: the repository two references share', () => {
  const cases: Array<[string, string | undefined]> = [
    ['nginx', 'docker.io/library/nginx'],
    ['nginx:1.27', 'docker.io/library/nginx'],
    ['docker.io/library/nginx:1.27', 'docker.io/library/nginx'],
    ['index.docker.io/acme/api', 'docker.io/acme/api'],
    ['acme/api:1.2@sha256:0123', 'docker.io/acme/api'],
    ['localhost:5000/api:dev', 'localhost:5000/api'],
    ['localhost/api', 'localhost/api'],
    ['ghcr.io/acme/team/api:1', 'ghcr.io/acme/team/api'],
    ['acme/${APP}:1.2', undefined],
    ['{{ .Values.image }}', undefined],
    ['', undefined],
  ];
  for (const [image, repository] of cases)
    it(`${JSON.stringify(image)} → ${String(repository)}`, () => assert.equal(repositoryOf(image), repository));
});

describe('a skaffold.yaml links its artifacts to their Dockerfiles', () => {
  const manifest = '/ws/deploy/k8s/web.yaml';
  // Neither folder is named after the image: only the skaffold.yaml links them (context + dockerfile).
  const text =
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: acme-web\n      securityContext:\n        runAsNonRoot: true\n';
  const skaffold = (artifact: string) =>
    `apiVersion: skaffold/v4beta11\nkind: Config\nbuild:\n  artifacts:\n${artifact}manifests:\n  rawYaml:\n    - deploy/k8s/*.yaml\n`;
  const validateWith = (files: Record<string, string>) => {
    const service = createLanguageService({ fileSystem: { readFile: (path) => files[path] } });
    service.configure(resolveSettings({}));
    return service
      .validate(TextDocument.create(URI.file(manifest).toString(), 'yaml', 1, text))
      .filter((found) => CODES.has(String(found.code)));
  };
  const ROOT_IMAGE = 'FROM nginx:1.27\nUSER root\n';

  it("the docker builder's context and dockerfile (default Dockerfile), from the skaffold.yaml's folder", () => {
    const named = validateWith({
      '/ws/skaffold.yaml': skaffold(
        '    - image: acme-web\n      context: services/frontend\n      docker:\n        dockerfile: prod.Dockerfile\n',
      ),
      '/ws/services/frontend/prod.Dockerfile': ROOT_IMAGE,
    });
    assert.deepEqual(codesAndRanges(named), [`k8s/image-user-root@${spanOfValue(text, 'runAsNonRoot')}`]);
    assert.match(named[0].message, /frontend\/prod\.Dockerfile\) ends with USER root/);
    const defaulted = validateWith({
      '/ws/skaffold.yaml': skaffold('    - image: acme-web\n      context: services/frontend\n'),
      '/ws/services/frontend/Dockerfile': ROOT_IMAGE,
    });
    assert.deepEqual(codesAndRanges(defaulted), [`k8s/image-user-root@${spanOfValue(text, 'runAsNonRoot')}`]);
  });

  it('another image, a jib or ko artifact, or no skaffold.yaml: nothing linked', () => {
    const dockerfile = { '/ws/services/frontend/Dockerfile': ROOT_IMAGE };
    for (const artifact of [
      '    - image: acme-api\n      context: services/frontend\n',
      '    - image: acme-web\n      context: services/frontend\n      jib: {}\n',
      '    - image: acme-web\n      context: services/frontend\n      ko: {}\n',
    ])
      assert.deepEqual(validateWith({ '/ws/skaffold.yaml': skaffold(artifact), ...dockerfile }), [], artifact);
    assert.deepEqual(validateWith(dockerfile), []);
  });
});
