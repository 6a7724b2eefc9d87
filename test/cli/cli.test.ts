import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { scratchDir } from '../helpers/scratch';
import { helmKubectlDir } from '../helpers/helm';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'server', 'out', 'cli.js');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'k8s');
/** kubectl with kustomize v5: the real kubectl 1.33 that `npm run test:setup` installs (else the one on PATH). */
const KUBECTL = existsSync(join(helmKubectlDir(), 'kubectl')) ? join(helmKubectlDir(), 'kubectl') : 'kubectl';

function run(args: string[], cwd = ROOT) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const BROKEN = `apiVersion: extensions/v1beta1
kind: Deployment
metadata:
  name: web
spec:
  replicas: "2"
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      image: nginx:1.25 # keep me
---
apiVersion: autoscaling/v2beta2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 5
  metrics:
    - type: Resource
      resource:
        name: cpu
        targetAverageUtilization: 60
`;

function scratch(): string {
  const dir = scratchDir('shipshape-cli-');
  writeFileSync(join(dir, 'broken.yaml'), BROKEN);
  cpSync(join(FIXTURES, 'good'), join(dir, 'good'), { recursive: true });
  cpSync(join(FIXTURES, 'other'), join(dir, 'other'), { recursive: true });
  return dir;
}

describe('shipshape check (the CLI)', () => {
  it('exits 0 on clean files and folders', () => {
    const result = run(['check', join(FIXTURES, 'good'), join(FIXTURES, 'other')]);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /No problems in 7 files\./);
  });

  it('exits 1 with file:line:col lines when errors are found', () => {
    const dir = scratch();
    const result = run(['check', '.'], dir);
    assert.equal(result.status, 1);
    assert.match(
      result.stdout,
      /^broken\.yaml:1:13: error extensions\/v1beta1 no longer serves Deployment: it was removed in Kubernetes 1\.16\. Use apps\/v1 \[k8s\/api-version\]$/m,
    );
    assert.match(result.stdout, /^broken\.yaml:13:7: error .*"image" is a container field/m);
  });

  it('writes JSON: one object per file with range, severity word, code, message and fix titles', () => {
    const dir = scratch();
    const result = run(['check', '--format', 'json', 'broken.yaml'], dir);
    assert.equal(result.status, 1);
    const report = JSON.parse(result.stdout);
    assert.equal(report.length, 1);
    assert.equal(report[0].file, 'broken.yaml');
    const first = report[0].diagnostics[0];
    assert.deepEqual(first, {
      range: { start: { line: 0, character: 12 }, end: { line: 0, character: 30 } },
      severity: 'error',
      code: 'k8s/api-version',
      message: 'extensions/v1beta1 no longer serves Deployment: it was removed in Kubernetes 1.16. Use apps/v1',
      fixes: ['Change apiVersion to apps/v1'],
    });
  });

  it('writes SARIF 2.1.0 with rule ids and 1-based regions', () => {
    const dir = scratch();
    const result = run(['check', '--format', 'sarif', 'broken.yaml'], dir);
    const sarif = JSON.parse(result.stdout);
    assert.equal(sarif.version, '2.1.0');
    const run0 = sarif.runs[0];
    assert.equal(run0.tool.driver.name, 'shipshape');
    const apiVersion = run0.tool.driver.rules.find((rule: { id: string }) => rule.id === 'k8s/api-version');
    assert.ok(apiVersion);
    assert.match(apiVersion.helpUri, /^https:\/\/github\.com\/shipshape-dev\/shipshape#kubernetes-structure/);
    assert.match(apiVersion.fullDescription.text, /mirrors: .*deprecation-guide/);
    const result0 = run0.results[0];
    assert.equal(result0.ruleId, 'k8s/api-version');
    assert.equal(result0.level, 'error');
    assert.deepEqual(result0.locations[0].physicalLocation.region, {
      startLine: 1,
      startColumn: 13,
      endLine: 1,
      endColumn: 31,
    });
  });

  it('--fix applies every preferred fix, re-checks, keeps comments, and the result checks clean', () => {
    const dir = scratch();
    const fixed = run(['check', '--fix', '.'], dir);
    assert.equal(fixed.status, 0, fixed.stdout);
    const text = readFileSync(join(dir, 'broken.yaml'), 'utf8');
    assert.match(text, /apiVersion: apps\/v1\n/);
    // Only fixes that keep the meaning and invent nothing: removing the replicas beside the HPA (it resets a running
    // Deployment to 1 on the next apply) and placeholder requests are suggestions, listed but not applied.
    assert.match(text, /\n {2}replicas: 2\n/);
    assert.match(text, /containers:\n {8}- name: web\n {10}image: nginx:1\.25 # keep me\n---/);
    assert.match(
      fixed.stdout,
      /warning spec\.replicas is set while HPA .*\n {4}suggestion \(not applied by --fix\): Remove spec\.replicas \(the HPA sets it\)\n/,
    );
    assert.match(fixed.stdout, /suggestion \(not applied by --fix\): Add cpu and memory requests \(placeholders\)/);
    const dockerfile = run(['check', join(ROOT, 'examples', 'docker', 'Dockerfile')]);
    assert.doesNotMatch(
      dockerfile.stdout,
      /suggestion .*: Ignore \S+ here/,
      'the ignore pragma is not listed as a suggestion',
    );
    assert.match(text, /apiVersion: autoscaling\/v2\n/);
    assert.match(text, /target:\n {10}type: Utilization\n {10}averageUtilization: 60\n/);
    assert.equal(run(['check', '.'], dir).status, 0);
    assert.equal(
      readFileSync(join(dir, 'good', 'web-app.yaml'), 'utf8'),
      readFileSync(join(FIXTURES, 'good', 'web-app.yaml'), 'utf8'),
    );
  });

  it('exits 2 with a clear message for usage errors and unreadable files', () => {
    const missing = run(['check', 'no/such/file.yaml']);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /shipshape: cannot read .*no\/such\/file\.yaml: ENOENT/);
    assert.equal(run([]).status, 2);
    assert.equal(run(['lint', '.']).status, 2);
    const format = run(['check', '--format', 'xml', '.']);
    assert.equal(format.status, 2);
    assert.match(format.stderr, /--format must be text, json or sarif/);
    const dir = scratch();
    const locked = join(dir, 'locked.yaml');
    writeFileSync(locked, BROKEN);
    chmodSync(locked, 0o000);
    if (process.getuid?.() !== 0) {
      const unreadable = run(['check', locked]);
      assert.equal(unreadable.status, 2);
      assert.match(unreadable.stderr, /cannot read .*locked\.yaml: EACCES/);
    }
  });

  it('walks a folder without following links: a link back up the tree (a loop) and a broken link are passed over', () => {
    const dir = scratchDir('shipshape-links-');
    writeFileSync(join(dir, 'deploy.yaml'), readFileSync(join(FIXTURES, 'good', 'web-app.yaml'), 'utf8'));
    mkdirSync(join(dir, 'docs'));
    symlinkSync('..', join(dir, 'docs', 'up'));
    symlinkSync('no-such-file.yaml', join(dir, 'broken.yaml'));
    const result = run(['check', '.'], dir);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /No problems in 1 file\./);
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs as `npx shipshape` from the repository', () => {
    const output = execFileSync('npx', ['--no-install', 'shipshape', '--version'], { cwd: ROOT, encoding: 'utf8' });
    assert.match(output.trim(), /^\d+\.\d+\.\d+$/);
  });

  it('--fix on a folder of broken manifests leaves no errors; the warnings left carry suggestions it did not apply', () => {
    const dir = scratchDir('shipshape-broken-');
    cpSync(join(FIXTURES, 'broken'), dir, { recursive: true });
    const before = run(['check', '--format', 'json', '.'], dir);
    assert.equal(before.status, 1);
    const codesBefore = JSON.parse(before.stdout).flatMap((file: { diagnostics: Array<{ code: string }> }) =>
      file.diagnostics.map((d) => d.code),
    );
    // The v2beta1 metric targets (k8s/hpa-metric-target) fold into the removed apiVersion: one root cause, one error.
    for (const code of [
      'k8s/api-version',
      'k8s/pod-field-misplaced',
      'k8s/selector-mismatch',
      'k8s/schema-type',
      'k8s/hpa-replicas',
      'k8s/hpa-target-ref',
    ]) {
      assert.ok(codesBefore.includes(code), `${code} in ${codesBefore.join(', ')}`);
    }
    // (A Utilization type over averageValue is a warning since issue 12: the server accepts it, the HPA reads the field.)
    const errorsBefore = JSON.parse(before.stdout).flatMap(
      (file: { diagnostics: Array<{ code: string; severity: string }> }) =>
        file.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code),
    );
    assert.ok(!errorsBefore.includes('k8s/hpa-metric-target'), errorsBefore.join(', '));
    const fixed = run(['check', '--fix', '--format', 'json', '.'], dir);
    assert.equal(fixed.status, 0, fixed.stdout);
    const after = JSON.parse(run(['check', '--format', 'json', '.'], dir).stdout);
    type Left = { code: string; severity: string; fixes: string[]; suggestions?: string[] };
    const left: Left[] = after.flatMap((file: { diagnostics: Left[] }) =>
      file.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning'),
    );
    assert.deepEqual(
      left.filter((d) => d.severity === 'error'),
      [],
    );
    // What is left is what only the user can decide: each warning comes with its suggestion, none applied.
    assert.deepEqual(left.map((d) => d.code).sort(), [
      'k8s/hpa-target-no-requests',
      'k8s/hpa-target-no-requests',
      'k8s/replicas-with-hpa',
      'k8s/resources-requests',
    ]);
    const onDeployment = after
      .find((file: { file: string }) => file.file === 'deployment.yaml')
      .diagnostics.filter((d: Left) => d.severity === 'warning');
    for (const d of onDeployment) assert.ok((d.suggestions ?? []).length > 0, JSON.stringify(d));
    const deployment = readFileSync(join(dir, 'deployment.yaml'), 'utf8');
    assert.match(deployment, /^# Hand-written mistakes, one of each kind the CLI can fix\.\n/);
    assert.match(deployment, /image: registry\.example\.com\/shop:1\.4\.2 {3}# written at pod level/);
    // Problems that only show once the fields sit in their container are fixed in the later rounds.
    assert.equal(deployment.match(/name: MODE/g)?.length, 1);
    assert.match(deployment, /name: MODE\n {14}value: production/);
    assert.match(deployment, /imagePullPolicy: IfNotPresent/);
  });

  it('checks a Kustomize base and overlay as one: patches are partial, commonLabels supply the selector; the kubectl kustomize build is clean too', () => {
    const folder = join(FIXTURES, 'kustomize');
    const result = run(['check', folder]);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /No problems in 7 files\./);
    // The real kubectl (with kustomize) builds the overlay; the objects it builds must check clean as well.
    const built = execFileSync(KUBECTL, ['kustomize', join(folder, 'overlays', 'prod')], { encoding: 'utf8' });
    for (const patched of [
      /cpu: 500m/,
      /image: registry\.example\.com\/shop:1\.5\.0/,
      /maxReplicas: 20/,
      /namespace: shop-prod/,
    ])
      assert.match(built, patched);
    const dir = scratchDir('shipshape-kustomize-');
    writeFileSync(join(dir, 'built.yaml'), built);
    const check = run(['check', 'built.yaml'], dir);
    assert.equal(check.status, 0, check.stdout);
    assert.match(check.stdout, /No problems in 1 file\./);
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads settings from the nearest .shipshape.yaml, or from --config', () => {
    const dir = scratch();
    writeFileSync(
      join(dir, 'latest.yaml'),
      readFileSync(join(FIXTURES, 'good', 'mixed-kinds.yaml'), 'utf8').replace(/image: "[^"]+"/, 'image: nginx:latest'),
    );
    assert.match(run(['check', 'latest.yaml'], dir).stdout, /\[k8s\/image-tag\]/);
    writeFileSync(join(dir, '.shipshape.yaml'), 'rules:\n  k8s/image-tag: "off"\n');
    assert.match(run(['check', 'latest.yaml'], dir).stdout, /No problems in 1 file\./);
    const nested = join(dir, 'nested');
    cpSync(join(dir, 'latest.yaml'), join(nested, 'latest.yaml'));
    assert.match(run(['check', 'latest.yaml'], nested).stdout, /No problems/, 'found from a sub-folder');
    writeFileSync(join(dir, 'strict.json'), JSON.stringify({ 'shipshape.rules': { 'k8s/image-tag': 'error' } }));
    const strict = run(['check', '--config', 'strict.json', 'latest.yaml'], dir);
    assert.equal(strict.status, 1);
    assert.match(strict.stdout, /error .*\[k8s\/image-tag\]/);
    writeFileSync(join(dir, 'broken.json'), '{ nope');
    const broken = run(['check', '--config', 'broken.json', 'latest.yaml'], dir);
    assert.equal(broken.status, 2);
    assert.match(broken.stderr, /cannot read the config file .*broken\.json/);
  });

  it("honours .hadolint.yaml failure-threshold for a Dockerfile's exit status", () => {
    const dir = scratchDir('shipshape-threshold-');
    writeFileSync(join(dir, 'Dockerfile'), 'FROM debian\nUSER 1000\nCMD ["true"]\n');
    const plain = run(['check', 'Dockerfile'], dir);
    assert.match(plain.stdout, /warning .*\[DL3006\]/);
    assert.equal(plain.status, 0, 'a warning alone does not fail by default');
    writeFileSync(join(dir, '.hadolint.yaml'), 'failure-threshold: warning\n');
    assert.equal(run(['check', 'Dockerfile'], dir).status, 1);
    writeFileSync(join(dir, '.hadolint.yaml'), 'failure-threshold: none\n');
    writeFileSync(join(dir, 'Dockerfile'), 'FROM debian:12\nCOPY a b /dest\nUSER 1000\nCMD ["true"]\n');
    const none = run(['check', 'Dockerfile'], dir);
    assert.match(none.stdout, /error .*\[DL3021\]/);
    assert.equal(none.status, 0);
  });
});

describe('which files the CLI checks', () => {
  it('takes Dockerfile.*, Dockerfile-* and *.dockerfile as Dockerfiles, YAML by extension, and not dockerfile.go', async () => {
    const { languageOfPath } = await import('../../server/src/cli/files');
    assert.equal(languageOfPath('/x/Dockerfile'), 'dockerfile');
    assert.equal(languageOfPath('/x/Dockerfile.prod'), 'dockerfile');
    assert.equal(languageOfPath('/x/Dockerfile-alpine.template'), 'dockerfile');
    assert.equal(languageOfPath('/x/web.Dockerfile'), 'dockerfile');
    assert.equal(languageOfPath('/x/Containerfile'), 'dockerfile');
    assert.equal(languageOfPath('/x/dockerfile.go'), undefined);
    assert.equal(languageOfPath('/x/deploy.yml'), 'yaml');
  });

  it("a chart's values files are Helm values, not manifests: quiet, while a manifest beside them is checked", () => {
    const dir = scratchDir('shipshape-cli-values-');
    const chart = join(dir, 'store');
    mkdirSync(join(chart, 'ci'), { recursive: true });
    writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: store\nversion: 0.1.0\n');
    // A kind switch, and template text in a block scalar that a template passes to `tpl`.
    const values =
      'store:\n  kind: StatefulSet\n  settings:\n    retention: 24h\n  config: |\n    storage:\n    {{- toYaml .Values.store.settings | nindent 2 }}\n      path: /data\n';
    writeFileSync(join(chart, 'values.yaml'), values);
    writeFileSync(join(chart, 'ci', 'default-values.yaml'), values);
    writeFileSync(join(chart, 'extra.yaml'), values);
    const result = run(['check', '--no-helm', '--format', 'json', chart]);
    const byFile = new Map(
      (JSON.parse(result.stdout) as Array<{ file: string; diagnostics: Array<{ code: string }> }>).map((entry) => [
        entry.file.replace(/^.*?store\//, ''),
        entry.diagnostics.map((diagnostic) => diagnostic.code),
      ]),
    );
    assert.deepEqual(byFile.get('values.yaml'), []);
    assert.deepEqual(byFile.get('ci/default-values.yaml'), []);
    assert.ok(byFile.get('extra.yaml')?.includes('yaml/syntax'), result.stdout);
  });
});

describe('shipshape check reads overlays named Kustomization', () => {
  it("a base's missing selector, which a sibling overlay's commonLabels supplies: no error (per-file check)", () => {
    const dir = scratchDir('shipshape-cli-kustomization-');
    const deployment =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: manager\nspec:\n  template:\n    spec:\n      containers:\n        - name: manager\n          image: example.com/manager:1.0\n';
    mkdirSync(join(dir, 'manager'));
    mkdirSync(join(dir, 'default'));
    writeFileSync(join(dir, 'manager', 'kustomization.yaml'), 'resources:\n  - manager.yaml\n');
    writeFileSync(join(dir, 'manager', 'manager.yaml'), deployment);
    const errors = () => {
      const result = run(['check', '--format', 'json', '--no-kustomize', '--no-helm', dir]);
      return (
        JSON.parse(result.stdout) as Array<{ file: string; diagnostics: Array<{ code: string; severity: string }> }>
      )
        .flatMap((file) => file.diagnostics)
        .filter((diagnostic) => diagnostic.severity === 'error')
        .map((diagnostic) => diagnostic.code);
    };
    assert.deepEqual(errors(), ['k8s/schema-required']);
    writeFileSync(join(dir, 'default', 'Kustomization'), 'commonLabels:\n  app: manager\nresources:\n  - ../manager\n');
    assert.deepEqual(errors(), []);
  });
});
