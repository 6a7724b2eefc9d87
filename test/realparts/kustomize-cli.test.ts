import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { BUILT_NOTE } from '../../server/src/service/kustomize/built';
import { helmKubectlDir } from '../helpers/helm';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'server', 'out', 'cli.js');
const MISTAKES = join(ROOT, 'test', 'fixtures', 'k8s', 'kustomize-mistakes');
const KUBECTL = join(helmKubectlDir(), 'kubectl');
const skip = existsSync(KUBECTL)
  ? false
  : 'the real kubectl is not installed: run bash test/realparts/install-helm-kubectl.sh (npm run test:setup)';

type JsonReport = Array<{
  file: string;
  diagnostics: Array<{ code: string; range: { start: { line: number } }; message: string }>;
}>;

function check(args: string[]): { status: number | null; report: JsonReport; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', ...args], {
    cwd: MISTAKES,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, report: JSON.parse(result.stdout || '[]') as JsonReport, stderr: result.stderr };
}

/** `file:line code`, lines one-based as a reader counts them. */
const found = (report: JsonReport) =>
  report
    .flatMap((file) =>
      file.diagnostics.map((finding) => `${file.file}:${finding.range.start.line + 1} ${finding.code}`),
    )
    .sort();

describe('shipshape check builds Kustomize overlays with the real kubectl', { skip }, () => {
  it('each overlay built, each finding on the patch line that made it, said once; a broken kustomization: one finding', () => {
    const { status, report, stderr } = check(['--kubectl', KUBECTL, '.']);
    assert.equal(status, 1, stderr);
    assert.deepEqual(found(report), [
      'broken-missing/kustomization.yaml:5 kustomize/build-failed',
      'overlays/json-replicas/min-replicas.yaml:3 k8s/hpa-replicas',
      'overlays/port-twice/metrics-port.yaml:12 k8s/container-port',
      'overlays/relabel/labels.yaml:9 k8s/selector-mismatch',
    ]);
  });

  it('--no-kustomize: the files one by one, all clean (every mistake is only in a built object)', () => {
    const { status, report } = check(['--kubectl', KUBECTL, '--no-kustomize', '.']);
    assert.equal(status, 0);
    assert.deepEqual(found(report), []);
  });

  it('a mistake in the base seen by two overlays and by the per-file check: said once on its line', () => {
    const copy = join(mkdtempSync(join(tmpdir(), 'shipshape-kustomize-cli-')), 'tree');
    try {
      cpSync(MISTAKES, copy, { recursive: true });
      rmSync(join(copy, 'broken-missing'), { recursive: true });
      // Per-file and built: a bad pull policy, on the base line, from the base, port-twice and relabel builds.
      const base = readFileSync(join(MISTAKES, 'base', 'deployment.yaml'), 'utf8');
      writeFileSync(
        join(copy, 'base', 'deployment.yaml'),
        base.replace('shop:1.4.2\n', 'shop:1.4.2\n          imagePullPolicy: Sometimes\n'),
      );
      const result = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', '--kubectl', KUBECTL, '.'], {
        cwd: copy,
        encoding: 'utf8',
        timeout: 120_000,
      });
      const report = JSON.parse(result.stdout) as JsonReport;
      assert.deepEqual(
        found(report).filter((line) => line.startsWith('base/')),
        ['base/deployment.yaml:17 k8s/schema-enum'],
      );
      // Only the overlay asked for: its base is part of it, so the base's built finding is reported on the base.
      const overlay = spawnSync(
        process.execPath,
        [CLI, 'check', '--format', 'json', '--kubectl', KUBECTL, 'overlays/relabel'],
        { cwd: copy, encoding: 'utf8', timeout: 120_000 },
      );
      assert.deepEqual(found(JSON.parse(overlay.stdout) as JsonReport), [
        'base/deployment.yaml:17 k8s/schema-enum',
        'overlays/relabel/labels.yaml:9 k8s/selector-mismatch',
      ]);
      assert.equal(overlay.status, 1);
    } finally {
      rmSync(join(copy, '..'), { recursive: true, force: true });
    }
  });
});

describe('shipshape check builds a base as part of the overlays that include it', { skip }, () => {
  // A base whose selector and image tag come from the overlay beside it (kubebuilder's manager/ and default/).
  const deployment =
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: manager\nspec:\n  template:\n    spec:\n      containers:\n        - name: manager\n          image: example.com/manager\n';
  const tree = (files: Record<string, string>) => {
    const folder = mkdtempSync(join(tmpdir(), 'shipshape-kustomize-base-'));
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(folder, dirname(name)), { recursive: true });
      writeFileSync(join(folder, name), text);
    }
    return folder;
  };
  const files = {
    'manager/kustomization.yaml': 'resources:\n  - manager.yaml\n',
    'manager/manager.yaml': deployment,
    'default/kustomization.yaml':
      'commonLabels:\n  app: manager\nresources:\n  - ../manager/\nimages:\n  - name: example.com/manager\n    newTag: v1.0.0\n',
  };
  const errorsAndTags = (report: JsonReport) =>
    found(report).filter((line) => /schema-required|image-tag|build-failed/.test(line));

  it('the overlay supplies the selector and the tag: nothing on the base, file by file or built', () => {
    const folder = tree(files);
    try {
      const result = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', '--kubectl', KUBECTL, '.'], {
        cwd: folder,
        encoding: 'utf8',
        timeout: 120_000,
      });
      assert.deepEqual(errorsAndTags(JSON.parse(result.stdout) as JsonReport), []);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('a second overlay of the same base that adds neither: its build says so, on the base lines', () => {
    const folder = tree({ ...files, 'bare/kustomization.yaml': 'resources:\n  - ../manager\n' });
    try {
      const result = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', '--kubectl', KUBECTL, '.'], {
        cwd: folder,
        encoding: 'utf8',
        timeout: 120_000,
      });
      const report = JSON.parse(result.stdout) as JsonReport;
      assert.deepEqual(errorsAndTags(report), [
        'manager/manager.yaml:10 k8s/image-tag',
        'manager/manager.yaml:5 k8s/schema-required',
      ]);
      // Found in bare's build only: the per-file check knows default supplies both.
      const built = report
        .flatMap((file) => file.diagnostics)
        .filter((finding) => /schema-required|image-tag/.test(finding.code));
      assert.ok(built.every((finding) => finding.message.endsWith(BUILT_NOTE)));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('shipshape check says why an overlay with a remote resource is not built', { skip }, () => {
  it('a kustomize/remote-resource note on the entry that would fetch; the files still checked one by one; no kubectl run', () => {
    const folder = mkdtempSync(join(tmpdir(), 'shipshape-kustomize-remote-'));
    try {
      const log = join(folder, 'runs.log');
      const kubectl = join(folder, 'kubectl');
      writeFileSync(kubectl, `#!/bin/sh\necho "$@" >> '${log}'\nexec '${KUBECTL}' "$@"\n`, { mode: 0o755 });
      mkdirSync(join(folder, 'app'));
      writeFileSync(
        join(folder, 'app', 'kustomization.yaml'),
        'resources:\n  - deploy.yaml\n  - https://github.com/acme/platform//base?ref=v1.2.0\n',
      );
      writeFileSync(
        join(folder, 'app', 'deploy.yaml'),
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n          imagePullPolicy: Sometimes\n',
      );
      const result = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', '--kubectl', kubectl, 'app'], {
        cwd: folder,
        encoding: 'utf8',
        timeout: 120_000,
      });
      const report = JSON.parse(result.stdout) as JsonReport;
      const lines = found(report);
      assert.ok(lines.includes('app/kustomization.yaml:3 kustomize/remote-resource'), lines.join('\n'));
      assert.ok(lines.includes('app/deploy.yaml:17 k8s/schema-enum'), lines.join('\n'));
      const note = report
        .flatMap((file) => file.diagnostics)
        .find((finding) => finding.code === 'kustomize/remote-resource');
      assert.match(
        note?.message ?? '',
        /"https:\/\/github\.com\/acme\/platform\/\/base\?ref=v1\.2\.0" is fetched over the network/,
      );
      assert.equal(existsSync(log), false, 'kubectl was not run');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
