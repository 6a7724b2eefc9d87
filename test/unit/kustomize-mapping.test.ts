import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { checkBuiltOverlay } from '../../server/src/service/kustomize/built';
import type { OverlaySource } from '../../server/src/service/kustomize/overlay';

/**
 * Where a built object's finding goes, with `kubectl kustomize`'s output written out (its form: keys sorted, lists
 * not indented) so each placement rule is pinned without a build. The builds themselves: kustomize-build.test.ts.
 */
const BASE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: sidecar
          image: proxy:1.0
        - name: web
          image: web:latest
`;

const PATCH = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          imagePullPolicy: Sometimes
`;

const BUILT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: prod-web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - image: proxy:1.0
        name: sidecar
      - image: web:latest
        imagePullPolicy: Sometimes
        name: web
`;

const sources: OverlaySource[] = [
  { path: '/w/base/deployment.yaml', role: 'resource', order: 0 },
  { path: '/w/prod/patch.yaml', role: 'patch', order: 1 },
];
const texts = new Map([
  ['/w/base/deployment.yaml', BASE],
  ['/w/prod/patch.yaml', PATCH],
  ['/w/prod/kustomization.yaml', 'resources: [../base]\n'],
]);
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((line) => line.includes(needle));

function placed(output: string, settings: { only?: string } = {}): string[] {
  const result: string[] = [];
  for (const [path, findings] of checkBuiltOverlay(
    output,
    sources,
    (path) => texts.get(path),
    '/w/prod/kustomization.yaml',
  )) {
    for (const found of findings)
      if (!settings.only || found.code === settings.only)
        result.push(`${path}:${found.range.start.line}:${found.range.start.character} ${found.code}`);
  }
  return result.sort();
}

describe("built findings placed on the overlay's lines", () => {
  it("a field the patch sets: the patch's line; a field only the base has: the base's line (list items by name, not index)", () => {
    const found = placed(BUILT);
    assert.ok(found.includes(`/w/prod/patch.yaml:${lineOf(PATCH, 'Sometimes')}:27 k8s/schema-enum`), found.join('\n'));
    assert.ok(
      found.includes(`/w/base/deployment.yaml:${lineOf(BASE, 'web:latest')}:17 k8s/image-tag`),
      found.join('\n'),
    );
    // The patch only passes through the container (to reach imagePullPolicy): what the container lacks is the base's.
    assert.ok(
      found.filter((line) => line.startsWith('/w/prod/patch.yaml')).every((line) => line.endsWith('k8s/schema-enum')),
      found.join('\n'),
    );
  });

  it('an image a skaffold.yaml above the overlay builds: no tag finding (skaffold deploys it with the tag it built)', () => {
    const imageTags = (files: Map<string, string>) =>
      [...checkBuiltOverlay(BUILT, sources, (path) => files.get(path), '/w/prod/kustomization.yaml').values()]
        .flat()
        .filter((found) => found.code === 'k8s/image-tag').length;
    assert.equal(imageTags(texts), 1);
    const skaffold = 'apiVersion: skaffold/v4beta11\nkind: Config\nbuild:\n  artifacts:\n    - image: web\n';
    assert.equal(imageTags(new Map([...texts, ['/w/skaffold.yaml', skaffold]])), 0);
    assert.equal(imageTags(new Map([...texts, ['/w/skaffold.yaml', skaffold.replace('image: web', 'image: api')]])), 1);
  });

  it("a container the patch adds: its findings on the patch's item, not on the base's list", () => {
    const adds = PATCH.replace(
      '        - name: web\n          imagePullPolicy: Sometimes\n',
      '        - name: auth\n          image: auth:2.1\n',
    );
    const built = BUILT.replace(
      '      - image: proxy:1.0\n',
      '      - image: auth:2.1\n        name: auth\n      - image: proxy:1.0\n',
    );
    const files = new Map([...texts, ['/w/prod/patch.yaml', adds]]);
    const where = (found: { message: string }) => /"auth"/.test(found.message);
    const placedOn = [
      ...checkBuiltOverlay(built, sources, (path) => files.get(path), '/w/prod/kustomization.yaml'),
    ].flatMap(([path, findings]) => findings.filter(where).map((found) => `${path}:${found.range.start.line}`));
    assert.ok(placedOn.length > 0, 'the added container has findings (no probes, no requests)');
    assert.deepEqual([...new Set(placedOn)], [`/w/prod/patch.yaml:${lineOf(adds, 'name: auth')}`]);
    // A container the base has (web, whose pull policy the patch sets): its own findings stay on the base.
    assert.ok(placed(BUILT).some((line) => line.startsWith('/w/base/deployment.yaml:')));
  });

  it("an object no file of the overlay names (a generator's): the kustomization's first line", () => {
    const generated = BUILT.replace('name: prod-web', 'name: made-by-a-generator').replace(
      /kind: Deployment/,
      'kind: Deployment',
    );
    const noSources = checkBuiltOverlay(generated, [], () => undefined, '/w/prod/kustomization.yaml');
    assert.deepEqual([...noSources.keys()], ['/w/prod/kustomization.yaml']);
    assert.ok([...noSources.values()][0].every((found) => found.range.start.line === 0));
  });

  it('a clean build: nothing', () => {
    const clean = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  maxReplicas: 5
  minReplicas: 2
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
`;
    assert.deepEqual(placed(clean), []);
  });
});
