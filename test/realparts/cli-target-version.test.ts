import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { helmKubectlDir, helmSkipReason } from '../helpers/helm';

/**
 * `shipshape check --kubernetes-version` reaches the objects helm renders and kubectl kustomize builds: pod-level
 * `resources` (Kubernetes 1.32) that only the rendered or built object has (a value printed by toYaml, a JSON patch
 * in the kustomization) is reported for a target of 1.31, and not for the newest bundled version.
 */
const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'server', 'out', 'cli.js');
const BIN = helmKubectlDir();

const DEPLOYMENT = (extra: string) => `apiVersion: apps/v1
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
    spec:${extra}
      containers:
        - name: web
          image: nginx:1.27
`;

const FILES: Record<string, string> = {
  'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
  'chart/values.yaml': 'podSpec:\n  resources:\n    limits:\n      cpu: "1"\n',
  'chart/templates/deployment.yaml': DEPLOYMENT('\n      {{- toYaml .Values.podSpec | nindent 6 }}'),
  'overlay/base/deployment.yaml': DEPLOYMENT(''),
  'overlay/kustomization.yaml': [
    'resources:',
    '  - base/deployment.yaml',
    'patches:',
    '  - target: {kind: Deployment, name: web}',
    '    patch: |-',
    '      - op: add',
    '        path: /spec/template/spec/resources',
    '        value: {limits: {cpu: "1"}}',
    '',
  ].join('\n'),
};

const tree = mkdtempSync(join(tmpdir(), 'shipshape-target-version-'));
for (const [path, text] of Object.entries(FILES)) {
  mkdirSync(dirname(join(tree, path)), { recursive: true });
  writeFileSync(join(tree, path), text);
}

function versionFindings(version: string | undefined): string[] {
  const result = spawnSync(
    process.execPath,
    [
      CLI,
      'check',
      '--format',
      'json',
      '--helm',
      join(BIN, 'helm'),
      '--kubectl',
      join(BIN, 'kubectl'),
      ...(version ? ['--kubernetes-version', version] : []),
      '.',
    ],
    { cwd: tree, encoding: 'utf8', timeout: 120_000 },
  );
  const report = JSON.parse(result.stdout || '[]') as Array<{ file: string; diagnostics: Array<{ code: string }> }>;
  return report
    .flatMap((file) => file.diagnostics.map((found) => `${file.file} ${found.code}`))
    .filter((line) => line.endsWith('k8s/schema-field-version'))
    .sort();
}

describe(
  'the target version reaches rendered charts and built overlays (shipshape check)',
  { skip: helmSkipReason() },
  () => {
    after(() => rmSync(tree, { recursive: true, force: true }));

    it('1.31: the pod-level resources of the rendered and the built Deployment are reported', () => {
      assert.deepEqual(versionFindings('1.31'), [
        'chart/templates/deployment.yaml k8s/schema-field-version',
        'overlay/base/deployment.yaml k8s/schema-field-version',
      ]);
    });

    it('the newest bundled version: quiet', () => {
      assert.deepEqual(versionFindings(undefined), []);
    });
  },
);
