import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { resolveSettings } from '../../common/src/contract';
import { createLanguageService, type Finding, type FileSystem } from '../../server/src/service';
import { codesAndRanges, HARDENED_DEPLOYMENT, HPA_FOR_WEB, spanOf } from '../helpers/service';

/**
 * Units: what belongs together. An HPA finds its Deployment in its own file, folder, kustomization or chart first,
 * and Kustomize patches are partial objects. The files live in a map that stands for the disk (the FileSystem port
 * the server and the CLI fill with the real one; the CLI test runs the same on real files).
 */
const D = HARDENED_DEPLOYMENT;
const H = HPA_FOR_WEB;
const NO_CPU = D.replace('              cpu: 100m\n', '');

function workspace(files: Record<string, string>) {
  const disk: FileSystem = { readFile: (path) => files[path.replace(/^\/ws\//, '')] };
  const service = createLanguageService({ fileSystem: disk });
  service.configure(resolveSettings({}));
  for (const [name, text] of Object.entries(files))
    if (/\.ya?ml$/.test(name)) service.indexFile(`file:///ws/${name}`, text);
  let version = 0;
  return {
    validate(name: string, text = files[name]): Finding[] {
      return service.validate(TextDocument.create(`file:///ws/${name}`, 'yaml', ++version, text));
    },
  };
}

describe('cross-file rules stay within the unit', () => {
  it('twenty sample folders with their own "web": each HPA is matched with its own folder\'s Deployment only', () => {
    const files: Record<string, string> = {};
    for (let sample = 0; sample < 20; sample++) {
      files[`samples/s${sample}/deploy.yaml`] = sample === 3 ? NO_CPU : D;
      files[`samples/s${sample}/hpa.yaml`] = H;
    }
    const ws = workspace(files);
    const onThree = ws.validate('samples/s3/hpa.yaml');
    assert.deepEqual(
      onThree.map((found) => found.code),
      ['k8s/hpa-target-no-requests'],
    );
    assert.deepEqual(
      onThree[0].relatedInformation?.map((related) => related.location.uri),
      ['file:///ws/samples/s3/deploy.yaml'],
    );
    for (const sample of [0, 7, 19])
      assert.deepEqual(ws.validate(`samples/s${sample}/hpa.yaml`), [], `sample ${sample}`);
  });

  it('an HPA with no Deployment in its unit is linked to one elsewhere only when all candidates sit in one unit', () => {
    const one = workspace({ 'app/hpa.yaml': H, 'lib/deploy.yaml': NO_CPU });
    assert.deepEqual(
      one.validate('app/hpa.yaml').map((found) => found.code),
      ['k8s/hpa-target-no-requests'],
    );
    const two = workspace({ 'app/hpa.yaml': H, 'lib/deploy.yaml': NO_CPU, 'other/deploy.yaml': NO_CPU });
    assert.deepEqual(two.validate('app/hpa.yaml'), []);
  });

  it('two sample folders each pairing an HPA with its Deployment are not duplicate HPAs; two HPAs in one folder are', () => {
    const apart = workspace({ 'a/deploy.yaml': D, 'a/hpa.yaml': H, 'b/deploy.yaml': D, 'b/hpa.yaml': H });
    assert.deepEqual(apart.validate('a/hpa.yaml'), []);
    const together = workspace({
      'a/deploy.yaml': D,
      'a/hpa.yaml': H,
      'a/hpa-2.yaml': H.replace('name: web\nspec', 'name: web-2\nspec'),
    });
    const text = H;
    assert.deepEqual(codesAndRanges(together.validate('a/hpa.yaml')), [
      `k8s/hpa-duplicate-target@${spanOf(text, 'web', 2)}`,
    ]);
  });

  it("a kustomization or chart folder is one unit: an HPA in an overlay's subfolder finds the overlay's Deployment", () => {
    const ws = workspace({
      'app/kustomization.yaml': 'resources: [deploy/deploy.yaml, scale/hpa.yaml]\n',
      'app/deploy/deploy.yaml': NO_CPU,
      'app/scale/hpa.yaml': H,
      'elsewhere/deploy.yaml': D,
    });
    const found = ws.validate('app/scale/hpa.yaml');
    assert.deepEqual(
      found.map((finding) => finding.relatedInformation?.[0].location.uri),
      ['file:///ws/app/deploy/deploy.yaml'],
    );
  });
});

describe('Kustomize patches are partial objects', () => {
  const patch =
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 5\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n';
  for (const [form, kustomization, file] of [
    ['patches: - path', 'resources: [../base]\npatches:\n  - path: replicas.yaml\n', 'overlay/replicas.yaml'],
    [
      'patchesStrategicMerge',
      'resources: [../base]\npatchesStrategicMerge:\n  - replicas.yaml\n',
      'overlay/replicas.yaml',
    ],
    [
      'patches in a subfolder',
      'resources: [../base]\npatches:\n  - path: patches/replicas.yaml\n',
      'overlay/patches/replicas.yaml',
    ],
  ] as const) {
    it(`${form}: no missing-field, selector or advisory findings`, () => {
      const ws = workspace({ 'overlay/kustomization.yaml': kustomization, [file]: patch });
      assert.deepEqual(ws.validate(file), []);
    });
  }
  it('strategic-merge directives ($patch: delete) and a patch without apiVersion (selected by target) are fine', () => {
    const remove = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: worker\n$patch: delete\n';
    const targeted =
      'kind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          resources:\n            $patch: delete\n';
    const ws = workspace({
      'overlay/kustomization.yaml':
        'resources: [../base]\npatches:\n  - drop.yaml\n  - path: env.yaml\n    target: {kind: Deployment}\n',
      'overlay/drop.yaml': remove,
      'overlay/env.yaml': targeted,
    });
    assert.deepEqual(ws.validate('overlay/drop.yaml'), []);
    assert.deepEqual(ws.validate('overlay/env.yaml'), []);
    const outside = workspace({ 'plain/drop.yaml': remove });
    assert.ok(outside.validate('plain/drop.yaml').some((found) => /unknown field "\$patch"/.test(found.message)));
  });
  it("a patch that sets only an extended resource's request: its limit may be the base's (a whole object: required)", () => {
    const gpu = patch.replace(
      '          image: nginx:1.27\n',
      '          image: nginx:1.27\n          resources:\n            requests:\n              nvidia.com/gpu: 1\n',
    );
    const ws = workspace({
      'overlay/kustomization.yaml': 'resources: [../base]\npatches:\n  - path: gpu.yaml\n',
      'overlay/gpu.yaml': gpu,
    });
    assert.deepEqual(codesAndRanges(ws.validate('overlay/gpu.yaml')), []);
    const plain = workspace({ 'plain/gpu.yaml': gpu });
    assert.ok(
      plain
        .validate('plain/gpu.yaml')
        .some((found) => found.code === 'k8s/resource-quantity' && /limit/.test(found.message)),
    );
  });
  it('the same file outside a kustomization is checked as a whole object', () => {
    const ws = workspace({ 'plain/replicas.yaml': patch });
    assert.ok(ws.validate('plain/replicas.yaml').some((found) => found.code === 'k8s/schema-required'));
  });
  it('unknown keys and wrong types in a patch are still errors, on their lines', () => {
    const broken = patch
      .replace('  replicas: 5\n', '  replicas: five\n')
      .replace('          image: nginx:1.27\n', '          imagePullPolcy: Always\n');
    const ws = workspace({
      'overlay/kustomization.yaml': 'patches:\n  - path: replicas.yaml\n',
      'overlay/replicas.yaml': broken,
    });
    assert.deepEqual(codesAndRanges(ws.validate('overlay/replicas.yaml')), [
      `k8s/schema-type@${spanOf(broken, 'five')}`,
      `k8s/schema-unknown-field@${spanOf(broken, 'imagePullPolcy')}`,
    ]);
  });
  it('a patch is not a Deployment of its own for the HPA rules: its containers without requests say nothing', () => {
    const ws = workspace({
      'base/deploy.yaml': D,
      'base/hpa.yaml': H,
      'overlay/kustomization.yaml': 'resources: [../base]\npatches:\n  - path: replicas.yaml\n',
      'overlay/replicas.yaml': patch,
    });
    assert.deepEqual(ws.validate('base/hpa.yaml'), []);
    assert.deepEqual(ws.validate('overlay/replicas.yaml'), []);
  });
});

describe('a base whose kustomization adds labels to selectors', () => {
  const noSelector = D.replace('  selector:\n    matchLabels:\n      app: web\n', '').replace(
    '    metadata:\n      labels:\n        app: web\n',
    '',
  );
  it('may leave its selector and template labels to commonLabels', () => {
    const ws = workspace({
      'base/kustomization.yaml': 'commonLabels:\n  app: web\nresources:\n  - deploy.yaml\n',
      'base/deploy.yaml': noSelector,
    });
    assert.deepEqual(ws.validate('base/deploy.yaml'), []);
  });
  it('or to labels with includeSelectors', () => {
    const ws = workspace({
      'base/kustomization.yaml':
        'labels:\n  - pairs: {app: web}\n    includeSelectors: true\nresources:\n  - deploy.yaml\n',
      'base/deploy.yaml': noSelector,
    });
    assert.deepEqual(ws.validate('base/deploy.yaml'), []);
  });
  it('but not to labels that leave selectors alone', () => {
    const ws = workspace({
      'base/kustomization.yaml': 'labels:\n  - pairs: {app: web}\nresources:\n  - deploy.yaml\n',
      'base/deploy.yaml': noSelector,
    });
    assert.deepEqual(codesAndRanges(ws.validate('base/deploy.yaml')), [
      `k8s/schema-required@${spanOf(noSelector, 'spec')}`,
    ]);
  });
});

describe('an overlay that includes the base from a sibling folder', () => {
  const noSelector = D.replace('  selector:\n    matchLabels:\n      app: web\n', '').replace(
    '    metadata:\n      labels:\n        app: web\n',
    '',
  );
  const manager = {
    'app/manager/kustomization.yaml': 'resources:\n  - manager.yaml\n',
    'app/manager/manager.yaml': noSelector,
  };
  for (const [form, includer] of [
    ['resources: [../manager]', 'commonLabels:\n  app: web\nresources:\n  - ../manager\n'],
    ['bases: [../manager/] (trailing slash)', 'commonLabels:\n  app: web\nbases:\n  - ../manager/\n'],
  ] as const) {
    it(`supplies the selector with commonLabels: ${form}`, () => {
      const ws = workspace({ ...manager, 'app/default/kustomization.yaml': includer });
      assert.deepEqual(ws.validate('app/manager/manager.yaml'), []);
    });
  }
  it('two overlays up: the labels of the overlay that includes the sibling count too', () => {
    const ws = workspace({
      ...manager,
      'app/default/kustomization.yaml': 'resources:\n  - ../manager\n',
      'app/overlays/prod/kustomization.yaml': 'commonLabels:\n  app: web\nresources:\n  - ../../default\n',
    });
    assert.deepEqual(ws.validate('app/manager/manager.yaml'), []);
  });
  it('a sibling that adds no selector labels, or none at all, leaves the selector missing', () => {
    const expected = [`k8s/schema-required@${spanOf(noSelector, 'spec')}`];
    const plain = workspace({ ...manager, 'app/default/kustomization.yaml': 'resources:\n  - ../manager\n' });
    assert.deepEqual(codesAndRanges(plain.validate('app/manager/manager.yaml')), expected);
    const alone = workspace(manager);
    assert.deepEqual(codesAndRanges(alone.validate('app/manager/manager.yaml')), expected);
    const elsewhere = workspace({
      ...manager,
      'app/default/kustomization.yaml': 'commonLabels:\n  app: web\nresources:\n  - ../other\n',
    });
    assert.deepEqual(codesAndRanges(elsewhere.validate('app/manager/manager.yaml')), expected);
  });
});

describe('a file named as a patch in a kustomization folder is a partial object, listed or not', () => {
  // A kubebuilder-style patch kept for later, its entry commented out: a container with no image, no selector.
  const patch =
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: controller-manager\nspec:\n  template:\n    spec:\n      containers:\n        - name: manager\n          args: [--metrics-addr=127.0.0.1:8080]\n';
  const kustomization = 'resources:\n  - ../manager\n#patchesStrategicMerge:\n#- manager_image_patch.yaml\n';
  for (const file of [
    'default/manager_image_patch.yaml',
    'default/auth-proxy-patch.yml',
    'default/patch.yaml',
    'default/patches/add_service_account.yaml',
  ]) {
    it(`${file}: no missing-field or whole-object findings`, () => {
      const ws = workspace({ 'default/kustomization.yaml': kustomization, [file]: patch });
      assert.deepEqual(ws.validate(file), []);
    });
  }
  const wholeObject = [
    `k8s/schema-required@${spanOf(patch, 'spec')}`,
    `k8s/container-image-required@${spanOf(patch, 'manager', 2)}`,
  ];
  const errors = (found: Finding[]) => codesAndRanges(found.filter((finding) => finding.severity === 1)).sort();
  it('a name that is no patch name, outside any kustomization, or listed as a resource: a whole object', () => {
    const other = workspace({ 'default/kustomization.yaml': kustomization, 'default/manager.yaml': patch });
    assert.deepEqual(errors(other.validate('default/manager.yaml')), [...wholeObject].sort());
    const plain = workspace({ 'plain/manager_image_patch.yaml': patch });
    assert.deepEqual(errors(plain.validate('plain/manager_image_patch.yaml')), [...wholeObject].sort());
    const listed = workspace({
      'default/kustomization.yaml': 'resources:\n  - deploy-patch.yaml\n',
      'default/deploy-patch.yaml': patch,
    });
    assert.deepEqual(errors(listed.validate('default/deploy-patch.yaml')), [...wholeObject].sort());
  });
});

describe("a patch's metadata.name selects what it patches: no name rule speaks about it", () => {
  const patch =
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: "*"\n  namespace: "*"\nspec:\n  template:\n    spec:\n      containers:\n        - name: Side_Car\n          image: proxy:1.0\n';
  const hpaPatch =
    'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: "*"\nspec:\n  maxReplicas: 4\n';
  const kustomization =
    'resources: [../base]\npatches:\n  - path: patches/sidecar.yaml\n    target:\n      kind: Deployment\n  - path: patches/hpa.yaml\n    target:\n      kind: HorizontalPodAutoscaler\n';
  const names = (found: Finding[]) =>
    codesAndRanges(found.filter((finding) => /^k8s\/(name-syntax|hpa-names)$/.test(finding.code)));
  it('in a patch, only the container name it merges in is checked', () => {
    const ws = workspace({
      'overlay/kustomization.yaml': kustomization,
      'overlay/patches/sidecar.yaml': patch,
      'overlay/patches/hpa.yaml': hpaPatch,
    });
    assert.deepEqual(names(ws.validate('overlay/patches/sidecar.yaml')), [
      `k8s/name-syntax@${spanOf(patch, 'Side_Car')}`,
    ]);
    assert.deepEqual(names(ws.validate('overlay/patches/hpa.yaml')), []);
  });
  it("the same files outside a kustomization: the names are the objects' own, and wrong", () => {
    const ws = workspace({ 'plain/sidecar.yaml': patch, 'plain/hpa.yaml': hpaPatch });
    assert.deepEqual(names(ws.validate('plain/sidecar.yaml')), [
      `k8s/name-syntax@${spanOf(patch, '"*"', 1)}`,
      `k8s/name-syntax@${spanOf(patch, '"*"', 2)}`,
      `k8s/name-syntax@${spanOf(patch, 'Side_Car')}`,
    ]);
    assert.deepEqual(names(ws.validate('plain/hpa.yaml')), [`k8s/hpa-names@${spanOf(hpaPatch, '"*"')}`]);
  });
});

describe("a kustomization's images: entry gives the tag", () => {
  const deploy = D.replace(
    '        - name: web\n          image: nginx:1.25\n',
    '        - name: web\n          image: example.com/web\n        - name: proxy\n          image: example.com/proxy\n        - name: cache\n          image: example.com/cache:latest\n',
  );
  const tags = (found: Finding[]) => codesAndRanges(found.filter((finding) => finding.code === 'k8s/image-tag'));
  const all = [
    `k8s/image-tag@${spanOf(deploy, 'example.com/web')}`,
    `k8s/image-tag@${spanOf(deploy, 'example.com/proxy')}`,
    `k8s/image-tag@${spanOf(deploy, 'example.com/cache:latest')}`,
  ];
  it('newTag or digest on the listing kustomization: quiet; an entry with only newName: still untagged', () => {
    const ws = workspace({
      'base/kustomization.yaml':
        'resources:\n  - deploy.yaml\nimages:\n  - name: example.com/web\n    newTag: v1.2.0\n  - name: example.com/proxy\n    newName: mirror.example.com/proxy\n  - name: example.com/cache\n    digest: sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n',
      'base/deploy.yaml': deploy,
    });
    assert.deepEqual(tags(ws.validate('base/deploy.yaml')), [all[1]]);
  });
  it('on an overlay that includes the base: quiet too', () => {
    const ws = workspace({
      'base/kustomization.yaml': 'resources:\n  - deploy.yaml\n',
      'base/deploy.yaml': deploy,
      'overlay/kustomization.yaml':
        'resources:\n  - ../base\nimages:\n  - name: example.com/web\n    newTag: "2"\n  - name: example.com/cache\n    newTag: 3.1\n',
    });
    assert.deepEqual(tags(ws.validate('base/deploy.yaml')), [all[1]]);
  });
  it('images of a kustomization that does not build the file, another name, or newTag latest: the findings stay', () => {
    const ws = workspace({
      'base/kustomization.yaml':
        'resources:\n  - deploy.yaml\nimages:\n  - name: example.com/webapp\n    newTag: v1\n  - name: example.com/cache\n    newName: mirror.example.com/cache\n    newTag: latest\n',
      'base/deploy.yaml': deploy,
      'other/kustomization.yaml':
        'resources:\n  - svc.yaml\nimages:\n  - name: example.com/web\n    newTag: v1\n  - name: example.com/proxy\n    newTag: v1\n',
    });
    assert.deepEqual(tags(ws.validate('base/deploy.yaml')), all);
  });
});

describe('a skaffold.yaml above the manifest builds the image: skaffold deploys it with the tag it built', () => {
  const deploy = D.replace(
    '        - name: web\n          image: nginx:1.25\n',
    '        - name: web\n          image: skaffold-example\n        - name: proxy\n          image: example.com/proxy\n',
  );
  const tags = (found: Finding[]) => codesAndRanges(found.filter((finding) => finding.code === 'k8s/image-tag'));
  const SKAFFOLD = [
    'apiVersion: skaffold/v4beta11',
    'kind: Config',
    'build:',
    '  artifacts:',
    '    - image: skaffold-example',
    '      docker:',
    '        dockerfile: Dockerfile',
    'manifests:',
    '  rawYaml:',
    '    - k8s/*.yaml',
    'profiles:',
    '  - name: gcb',
    '    build:',
    '      artifacts:',
    '        - image: example.com/proxy',
    '',
  ].join('\n');
  it('every image of its artifacts, in profiles too, in the folders below it: quiet; another image: the finding stays', () => {
    const ws = workspace({ 'skaffold.yaml': SKAFFOLD, 'k8s/deploy.yaml': deploy });
    assert.deepEqual(tags(ws.validate('k8s/deploy.yaml')), []);
    const other = workspace({
      'skaffold.yaml': SKAFFOLD.replace('example.com/proxy', 'example.com/other'),
      'k8s/deploy.yaml': deploy,
    });
    assert.deepEqual(tags(other.validate('k8s/deploy.yaml')), [`k8s/image-tag@${spanOf(deploy, 'example.com/proxy')}`]);
  });
  it('without a skaffold.yaml, or one in a sibling folder: both untagged images are reported', () => {
    const expected = [
      `k8s/image-tag@${spanOf(deploy, 'skaffold-example')}`,
      `k8s/image-tag@${spanOf(deploy, 'example.com/proxy')}`,
    ];
    assert.deepEqual(tags(workspace({ 'k8s/deploy.yaml': deploy }).validate('k8s/deploy.yaml')), expected);
    const sibling = workspace({ 'other/skaffold.yaml': SKAFFOLD, 'k8s/deploy.yaml': deploy });
    assert.deepEqual(tags(sibling.validate('k8s/deploy.yaml')), expected);
  });
  it("a profile's JSON patch that adds an artifact: its image counts too", () => {
    const patched = SKAFFOLD.replace(
      '    build:\n      artifacts:\n        - image: example.com/proxy\n',
      '    patches:\n      - op: add\n        path: /build/artifacts/1\n        value:\n          image: example.com/proxy\n          context: proxy\n',
    );
    assert.notEqual(patched, SKAFFOLD);
    assert.deepEqual(
      tags(workspace({ 'skaffold.yaml': patched, 'k8s/deploy.yaml': deploy }).validate('k8s/deploy.yaml')),
      [],
    );
  });
  it('a broken skaffold.yaml or an alias in it: no crash, nothing taken from it', () => {
    const broken = workspace({ 'skaffold.yaml': 'build:\n  artifacts: [\n', 'k8s/deploy.yaml': deploy });
    assert.equal(tags(broken.validate('k8s/deploy.yaml')).length, 2);
  });
});

describe('k8s/image-tag leaves images it cannot speak of to the rules that can', () => {
  it('an empty image, an invalid reference, a ko:// import path: no tag finding', () => {
    for (const image of ['""', 'Acme/Web', 'nginx:1.2:3', 'ko://github.com/acme/web/cmd/server']) {
      const text = D.replace('image: nginx:1.25', `image: ${image}`);
      const codes = workspace({ 'd.yaml': text })
        .validate('d.yaml')
        .map((found) => found.code);
      assert.ok(!codes.includes('k8s/image-tag'), `${image}: ${codes.join(', ')}`);
    }
  });
});
