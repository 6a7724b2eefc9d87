import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildFailedFinding, kubectlKustomizeArgs } from '../../server/src/service/kustomize/build';
import { BUILT_NOTE, checkBuiltOverlay } from '../../server/src/service/kustomize/built';
import { overlayRootOf, walkOverlay, type OverlayFiles } from '../../server/src/service/kustomize/overlay';
import { helmKubectlDir } from '../helpers/helm';

/** Builds with the real kubectl 1.33 (kustomize v5.6) that `npm run test:setup` installs; the mapping is pure. */
const KUBECTL = join(helmKubectlDir(), 'kubectl');
const skip = existsSync(KUBECTL) ? false : 'the real kubectl is not installed: run bash test/realparts/install-helm-kubectl.sh (npm run test:setup)';
const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'k8s');
const MISTAKES = join(FIXTURES, 'kustomize-mistakes');

const disk: OverlayFiles = {
  read: (path) => (existsSync(path) && statSync(path).isFile() ? readFileSync(path, 'utf8') : undefined),
  isFolder: (path) => existsSync(path) && statSync(path).isDirectory(),
};

function kustomize(folder: string): { ok: true; stdout: string } | { ok: false; stderr: string } {
  try {
    return { ok: true, stdout: execFileSync(KUBECTL, kubectlKustomizeArgs(folder), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 }) };
  } catch (error) {
    return { ok: false, stderr: String((error as { stderr?: string }).stderr) };
  }
}

/** Builds an overlay and returns its findings as `file:line code` (the file relative to the fixture folder). */
function built(overlay: string): string[] {
  const walk = walkOverlay(overlay, disk);
  assert.ok(walk, `no kustomization in ${overlay}`);
  const result = kustomize(overlay);
  assert.ok(result.ok, result.ok ? '' : result.stderr);
  const placed = checkBuiltOverlay(result.stdout, walk.sources, disk.read);
  const lines: string[] = [];
  for (const [path, findings] of placed) {
    for (const found of findings) {
      assert.ok(found.message.endsWith(BUILT_NOTE), found.message);
      lines.push(`${path.slice(MISTAKES.length + 1)}:${found.range.start.line} ${found.code}`);
    }
  }
  return lines;
}

const lineOf = (file: string, needle: string, from = 0) => readFileSync(join(MISTAKES, file), 'utf8').split('\n').findIndex((line, index) => index >= from && line.includes(needle));

describe('overlays built with the real kubectl kustomize', { skip }, () => {
  it('a patch that adds a second port named http: on the patch line that names it (through namePrefix)', () => {
    const patch = 'overlays/port-twice/metrics-port.yaml';
    assert.deepEqual(built(join(MISTAKES, 'overlays', 'port-twice')), [`${patch}:${lineOf(patch, 'name: http')} k8s/container-port`]);
  });

  it('a patch that relabels the pod template: the selector mismatch lands on the patch line that changed the label', () => {
    const patch = 'overlays/relabel/labels.yaml';
    assert.deepEqual(built(join(MISTAKES, 'overlays', 'relabel')), [`${patch}:${lineOf(patch, 'app: shop-v2')} k8s/selector-mismatch`]);
  });

  it('a JSON 6902 patch that sets minReplicas above maxReplicas: on the operation\'s value', () => {
    const patch = 'overlays/json-replicas/min-replicas.yaml';
    assert.deepEqual(built(join(MISTAKES, 'overlays', 'json-replicas')), [`${patch}:${lineOf(patch, 'value: 10')} k8s/hpa-replicas`]);
  });

  it('the base alone and the untouched fixture overlay: zero findings', () => {
    assert.deepEqual(built(join(MISTAKES, 'base')), []);
    const overlay = join(FIXTURES, 'kustomize', 'overlays', 'prod');
    const walk = walkOverlay(overlay, disk)!;
    const result = kustomize(overlay);
    assert.ok(result.ok);
    assert.deepEqual([...checkBuiltOverlay(result.stdout, walk.sources, disk.read).values()].flat(), []);
  });

  it('a kustomization kubectl cannot build: one finding with kubectl\'s message on the line naming the missing resource', () => {
    const folder = join(MISTAKES, 'broken-missing');
    const walk = walkOverlay(folder, disk)!;
    const result = kustomize(folder);
    assert.equal(result.ok, false);
    const text = readFileSync(join(folder, 'kustomization.yaml'), 'utf8');
    const found = buildFailedFinding(result.ok ? '' : result.stderr, text, walk.entries);
    assert.equal(found.code, 'kustomize/build-failed');
    assert.equal(found.severity, 1);
    assert.deepEqual(found.range, { start: { line: 4, character: 2 }, end: { line: 4, character: 16 } });
    assert.match(found.message, /^kubectl kustomize failed: accumulating resources: .*service\.yaml.*no such file or directory/);
  });
});

describe('which overlay a file belongs to', () => {
  it('a patch: the overlay that lists it; a base file: its own kustomization; a kustomization: its folder; others: none', () => {
    const slash = (path: string) => path.split('\\').join('/');
    assert.equal(overlayRootOf(slash(join(MISTAKES, 'overlays', 'relabel', 'labels.yaml')), disk), slash(join(MISTAKES, 'overlays', 'relabel')));
    assert.equal(overlayRootOf(slash(join(MISTAKES, 'base', 'hpa.yaml')), disk), slash(join(MISTAKES, 'base')));
    assert.equal(overlayRootOf(slash(join(MISTAKES, 'broken-missing', 'kustomization.yaml')), disk), slash(join(MISTAKES, 'broken-missing')));
    assert.equal(overlayRootOf(slash(join(MISTAKES, 'README.md')), disk), undefined);
  });

  it('a loop of bases is walked once per folder, never forever', () => {
    const texts = new Map([
      ['/w/a/kustomization.yaml', 'resources:\n  - ../b\n'],
      ['/w/b/kustomization.yaml', 'resources:\n  - ../a\n'],
    ]);
    const walk = walkOverlay('/w/a', { read: (path) => texts.get(path), isFolder: (path) => path === '/w/a' || path === '/w/b' });
    assert.deepEqual(walk?.folders, ['/w/a', '/w/b']);
  });
});
