import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import {
  KUBECTL_EXTERNAL_DIFF,
  kubectlApplyArgs,
  kubectlFilename,
  kubectlDiffArgs,
  kubectlRolloutStatusArgs,
  kubectlUseContextArgs,
} from '../../client/src/kube/args';
import { applyImageUpdates, findImageUpdates } from '../../client/src/kube/images';
import { isProtectedContext, kubeconfigPaths, readKubeContext } from '../../client/src/kube/kubeconfig';
import { parseManifest } from '../../client/src/kube/manifest';
import { kindMatches, mapKubectlErrors, parseApplyOutput, parseKubectlDiff } from '../../client/src/kube/output';
import { classifyKubectlFailure } from '../../client/src/process/errors';
import { LaunchError } from '../../client/src/process/run';

const MANIFEST = [
  'apiVersion: v1', //                0
  'kind: ConfigMap',
  'metadata:',
  '  name: settings',
  '---', //                          4
  'apiVersion: apps/v1', //          5
  'kind: Deployment',
  'metadata:',
  '  name: web',
  'spec:',
  '  replicas: -1', //               10
  '  template:',
  '    spec:',
  '      containers:',
  '        - name: web',
  '          image: "registry.local/web:1.0" # pinned', // 15
  '---',
  '# just a comment', //             17
  '---',
  'apiVersion: v1', //               19
  'kind: ConfigMap',
  'metadata:',
  '  name: Bad_Name',
  '  namespace: other',
  '',
].join('\n');

describe('kubectl argument builders', () => {
  it('names the context on every command', () => {
    assert.deepEqual(kubectlApplyArgs('/a b/$x;y.yaml', { context: 'dev' }), [
      'apply',
      '--context',
      'dev',
      '--filename',
      '"/a b/$x;y.yaml"',
    ]);
    assert.deepEqual(kubectlApplyArgs('m.yaml', { context: 'dev' }, { dryRun: 'server' }), [
      'apply',
      '--context',
      'dev',
      '--filename',
      '"m.yaml"',
      '--dry-run=server',
    ]);
    assert.deepEqual(kubectlDiffArgs('m.yaml', { context: 'dev' }), [
      'diff',
      '--context',
      'dev',
      '--filename',
      '"m.yaml"',
    ]);
    assert.deepEqual(
      kubectlRolloutStatusArgs({ name: 'web', namespace: 'shop' }, { context: 'dev' }, { timeout: '5m' }),
      [
        'rollout',
        'status',
        '--context',
        'dev',
        '--namespace',
        'shop',
        'deployment/web',
        '--watch=true',
        '--timeout=5m',
      ],
    );
    assert.deepEqual(kubectlRolloutStatusArgs({ name: 'web' }, { context: 'dev' }), [
      'rollout',
      'status',
      '--context',
      'dev',
      'deployment/web',
      '--watch=true',
    ]);
    assert.deepEqual(kubectlUseContextArgs('kind-kind'), ['config', 'use-context', 'kind-kind']);
  });
  it('CSV-quotes file names, which kubectl reads as a CSV list', () => {
    assert.equal(kubectlFilename('/k8s/a,b "c".yaml'), '"/k8s/a,b ""c"".yaml"');
  });
  it('uses an external diff that kubectl accepts (flags of [a-zA-Z0-9-=] only)', () => {
    const [program, ...flags] = KUBECTL_EXTERNAL_DIFF.split(' ');
    assert.equal(program, 'diff');
    for (const flag of flags) assert.match(flag, /^[a-zA-Z0-9-=]+$/);
  });
});

describe('kubeconfig', () => {
  it('honours KUBECONFIG with several paths, empty entries and duplicates dropped', () => {
    assert.deepEqual(kubeconfigPaths({ KUBECONFIG: '/a/one::/b/two:/a/one' }, '/home/u', ':'), ['/a/one', '/b/two']);
    assert.deepEqual(kubeconfigPaths({ KUBECONFIG: 'C:\\k\\a;C:\\k\\b' }, 'C:\\Users\\u', ';'), [
      'C:\\k\\a',
      'C:\\k\\b',
    ]);
    assert.deepEqual(kubeconfigPaths({}, '/home/u', ':'), ['/home/u/.kube/config']);
    assert.deepEqual(kubeconfigPaths({ KUBECONFIG: '' }, '/home/u', ':'), ['/home/u/.kube/config']);
  });

  const files: Record<string, string> = {
    '/one':
      'contexts:\n- name: dev\n  context: {cluster: c, user: u, namespace: shop}\nusers:\n- name: u\n  user: {token: SECRET-TOKEN}\n',
    '/two':
      'current-context: dev\ncontexts:\n- name: dev\n  context: {namespace: ignored}\n- name: prod-eu\n  context: {cluster: p}\n',
    '/three': 'current-context: prod-eu\n',
    '/broken': 'token: SECRET-TOKEN\n  : [\n',
  };
  const read = (file: string) => files[file];

  it('merges like kubectl: first current-context, first definition of each context', () => {
    assert.deepEqual(readKubeContext(['/one', '/missing', '/two', '/three'], read), {
      context: 'dev',
      namespace: 'shop',
      contexts: ['dev', 'prod-eu'],
      files: ['/one', '/two', '/three'],
    });
    assert.deepEqual(readKubeContext(['/three', '/two'], read), {
      context: 'prod-eu',
      namespace: 'default',
      contexts: ['dev', 'prod-eu'],
      files: ['/three', '/two'],
    });
    assert.deepEqual(readKubeContext([], read), { context: undefined, namespace: 'default', contexts: [], files: [] });
  });
  it('never lets file contents out, even in problems', () => {
    const problems: string[] = [];
    const info = readKubeContext(['/broken', '/one'], read, (message) => problems.push(message));
    assert.deepEqual(problems, ['/broken is not valid YAML; it was skipped.']);
    assert.doesNotMatch(JSON.stringify(info), /SECRET/);
  });
  it('matches protected contexts by substring or glob, ignoring case', () => {
    const defaults = ['prod', 'production'];
    assert.equal(isProtectedContext('gke_acme_PROD-eu', defaults), true);
    assert.equal(isProtectedContext('staging', defaults), false);
    assert.equal(isProtectedContext('arn:aws:eks:eu:1:cluster/live', ['*:cluster/live']), true);
    assert.equal(isProtectedContext('live-2', ['live-?']), true);
    assert.equal(isProtectedContext('alive-2', ['live-?']), false);
    assert.equal(isProtectedContext('anything', ['', '  ']), false);
  });
});

describe('parseManifest', () => {
  const objects = parseManifest(MANIFEST);
  it('finds each object with its document index and first line', () => {
    assert.deepEqual(
      objects.map((object) => [object.document, object.kind, object.name, object.namespace, object.range.start.line]),
      [
        [0, 'ConfigMap', 'settings', undefined, 0],
        [1, 'Deployment', 'web', undefined, 5],
        [3, 'ConfigMap', 'Bad_Name', 'other', 19],
      ],
    );
  });
  it('locates API field paths', () => {
    assert.deepEqual(objects[1].locate('spec.replicas'), {
      start: { line: 10, character: 12 },
      end: { line: 10, character: 14 },
    });
    assert.equal(objects[1].locate('spec.template.spec.containers[0].image')?.start.line, 15);
    // A missing field: the deepest key that exists (where it should be added).
    assert.equal(objects[1].locate('spec.selector')?.start.line, 9);
  });
});

describe('kubectl output', () => {
  const objects = parseManifest(MANIFEST);
  it('reads per-object apply results, dry run or not', () => {
    const applied = parseApplyOutput(
      'configmap/settings created\ndeployment.apps/web configured (server dry run)\nconfigmap/other unchanged\nnoise\n',
      objects,
    );
    assert.deepEqual(
      applied.map((item) => [item.resource, item.name, item.status, item.dryRun, item.object?.document]),
      [
        ['configmap', 'settings', 'created', false, 0],
        ['deployment.apps', 'web', 'configured', true, 1],
        ['configmap', 'other', 'unchanged', false, undefined],
      ],
    );
  });

  it('maps API server errors to their documents and fields', () => {
    const stderr = [
      'Warning: resource configmaps/settings is missing the kubectl.kubernetes.io/last-applied-configuration annotation',
      'Error from server (Invalid): error when creating "/a b/m.yaml": Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      'Error from server (Invalid): error when creating "m.yaml": ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters',
    ].join('\n');
    const errors = mapKubectlErrors(stderr, objects);
    assert.deepEqual(
      errors.map((error) => [
        error.object?.document,
        error.range?.start.line,
        error.range?.start.character,
        error.message.slice(0, 50),
      ]),
      [
        [1, 10, 12, 'Invalid: Deployment.apps "web" is invalid: spec.re'],
        [3, 22, 8, 'Invalid: ConfigMap "Bad_Name" is invalid: metadata'],
      ],
    );
  });

  it('maps kubectl-side errors: unknown kinds, client validation, missing namespaces, forbidden', () => {
    const stderr = [
      '[resource mapping not found for name: "settings" namespace: "" from "m.yaml": no matches for kind "ConfigMap" in version "example.com/v1"',
      'ensure CRDs are installed first, error validating "m.yaml": error validating data: ValidationError(Deployment.spec): unknown field "replicaz" in io.k8s.api.apps.v1.DeploymentSpec; if you choose to ignore these errors, turn validation off with --validate=false]',
      'Error from server (NotFound): error when creating "m.yaml": namespaces "other" not found',
      'Error from server (Forbidden): error when retrieving current configuration of: deployments.apps "web" is forbidden: User "u" cannot get resource',
      'error: something without an object',
    ].join('\n');
    assert.deepEqual(
      mapKubectlErrors(stderr, objects).map((error) => [error.object?.document, error.range?.start.line]),
      [
        [0, 0],
        [1, 9],
        [3, 19],
        [1, 5],
        [undefined, undefined],
      ],
    );
  });

  it('matches kinds to resources, plural or not', () => {
    assert.equal(kindMatches('Deployment', 'deployments.apps'), true);
    assert.equal(kindMatches('NetworkPolicy', 'networkpolicies.networking.k8s.io'), true);
    assert.equal(kindMatches('Ingress', 'ingresses'), true);
    assert.equal(kindMatches('Service', 'serviceaccounts'), false);
  });

  it('rebuilds both sides of each object from a whole-file kubectl diff', () => {
    const output = [
      'diff -N -U2147483647 /tmp/LIVE-1/v1.ConfigMap.default.my.settings /tmp/MERGED-2/v1.ConfigMap.default.my.settings',
      '--- /tmp/LIVE-1/v1.ConfigMap.default.my.settings\t2026-01-01 00:00:00.000 +0000',
      '+++ /tmp/MERGED-2/v1.ConfigMap.default.my.settings\t2026-01-01 00:00:00.000 +0000',
      '@@ -1,3 +1,3 @@',
      ' apiVersion: v1',
      '-data: {a: "1"}',
      '+data: {a: "2"}',
      ' kind: ConfigMap',
      'diff -N -U2147483647 /tmp/LIVE-1/apps.v1.Deployment.shop.web /tmp/MERGED-2/apps.v1.Deployment.shop.web',
      '--- /tmp/LIVE-1/apps.v1.Deployment.shop.web\t2026-01-01',
      '+++ /tmp/MERGED-2/apps.v1.Deployment.shop.web\t2026-01-01',
      '@@ -0,0 +1,2 @@',
      '+apiVersion: apps/v1',
      '+kind: Deployment',
      '',
    ].join('\n');
    assert.deepEqual(parseKubectlDiff(output), [
      {
        id: 'v1.ConfigMap.default.my.settings',
        kind: 'ConfigMap',
        name: 'my.settings',
        namespace: 'default',
        live: 'apiVersion: v1\ndata: {a: "1"}\nkind: ConfigMap\n',
        merged: 'apiVersion: v1\ndata: {a: "2"}\nkind: ConfigMap\n',
        created: false,
      },
      {
        id: 'apps.v1.Deployment.shop.web',
        kind: 'Deployment',
        name: 'web',
        namespace: 'shop',
        live: '',
        merged: 'apiVersion: apps/v1\nkind: Deployment\n',
        created: true,
      },
    ]);
    assert.deepEqual(parseKubectlDiff(''), []);
  });

  it('classifies kubectl failures', () => {
    assert.equal(
      classifyKubectlFailure('kubectl', new LaunchError('kubectl', 'ENOENT', { cause: new Error('x') })).kind,
      'cli-missing',
    );
    const unreachable = classifyKubectlFailure(
      'kubectl',
      undefined,
      'error: unable to recognize "m.yaml": Get "https://127.0.0.1:1/api?timeout=32s": dial tcp 127.0.0.1:1: connect: connection refused',
    );
    assert.deepEqual(unreachable, {
      kind: 'cluster-unreachable',
      message:
        "The cluster is unreachable (https://127.0.0.1:1): check the network, VPN or the context's server address.",
    });
    assert.equal(
      classifyKubectlFailure('kubectl', undefined, 'error: context "nope" does not exist').kind,
      'no-context',
    );
    assert.equal(classifyKubectlFailure('kubectl', undefined, 'Error from server (Invalid): x').kind, 'failed');
  });
});

describe('findImageUpdates', () => {
  it('finds Deployment images with the same name and another tag, keeping quotes and comments', () => {
    const edits = findImageUpdates(MANIFEST, 'registry.local/web:2.0');
    assert.deepEqual(
      edits.map((edit) => [edit.deployment, edit.current]),
      [['web', 'registry.local/web:1.0']],
    );
    const updated = applyImageUpdates(MANIFEST, edits, 'registry.local/web:2.0');
    assert.match(updated, /image: "registry.local\/web:2.0" # pinned/);
    assert.deepEqual(findImageUpdates(updated, 'registry.local/web:2.0'), []);
  });
  it('leaves other images and other kinds alone', () => {
    assert.deepEqual(findImageUpdates(MANIFEST, 'registry.local/api:2.0'), []);
    const pod = 'kind: Pod\nspec:\n  containers:\n    - image: registry.local/web:1.0\n';
    assert.deepEqual(findImageUpdates(pod, 'registry.local/web:2.0'), []);
  });
  it('updates init containers and plain scalars', () => {
    const text =
      'kind: Deployment\nmetadata: {name: w}\nspec:\n  template:\n    spec:\n      initContainers:\n        - image: app:old\n      containers:\n        - image: app\n';
    assert.equal(
      applyImageUpdates(text, findImageUpdates(text, 'app:new'), 'app:new'),
      text.replace('image: app:old', 'image: app:new').replace('image: app\n', 'image: app:new\n'),
    );
  });
});
