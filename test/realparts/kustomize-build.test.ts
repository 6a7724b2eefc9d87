import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildFailedFinding, kubectlKustomizeArgs } from '../../server/src/service/kustomize/build';
import { BUILT_NOTE, checkBuiltOverlay } from '../../server/src/service/kustomize/built';
import { isRemoteEntry } from '../../server/src/service/kustomize/kustomization';
import { overlayRootOf, walkOverlay, type OverlayFiles } from '../../server/src/service/kustomize/overlay';
import { helmKubectlDir } from '../helpers/helm';

/** Builds with the real kubectl 1.33 (kustomize v5.6) that `npm run test:setup` installs; the mapping is pure. */
const KUBECTL = join(helmKubectlDir(), 'kubectl');
const skip = existsSync(KUBECTL)
  ? false
  : 'the real kubectl is not installed: run bash test/realparts/install-helm-kubectl.sh (npm run test:setup)';
const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'k8s');
const MISTAKES = join(FIXTURES, 'kustomize-mistakes');

const disk: OverlayFiles = {
  read: (path) => (existsSync(path) && statSync(path).isFile() ? readFileSync(path, 'utf8') : undefined),
  isFolder: (path) => existsSync(path) && statSync(path).isDirectory(),
};

function kustomize(folder: string): { ok: true; stdout: string } | { ok: false; stderr: string } {
  try {
    return {
      ok: true,
      stdout: execFileSync(KUBECTL, kubectlKustomizeArgs(folder), {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 30_000,
      }),
    };
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

const lineOf = (file: string, needle: string, from = 0) =>
  readFileSync(join(MISTAKES, file), 'utf8')
    .split('\n')
    .findIndex((line, index) => index >= from && line.includes(needle));

describe('overlays built with the real kubectl kustomize', { skip }, () => {
  it('a patch that adds a second port named http: on the patch line that names it (through namePrefix)', () => {
    const patch = 'overlays/port-twice/metrics-port.yaml';
    assert.deepEqual(built(join(MISTAKES, 'overlays', 'port-twice')), [
      `${patch}:${lineOf(patch, 'name: http')} k8s/container-port`,
    ]);
  });

  it('a patch that relabels the pod template: the selector mismatch lands on the patch line that changed the label', () => {
    const patch = 'overlays/relabel/labels.yaml';
    assert.deepEqual(built(join(MISTAKES, 'overlays', 'relabel')), [
      `${patch}:${lineOf(patch, 'app: shop-v2')} k8s/selector-mismatch`,
    ]);
  });

  it("a JSON 6902 patch that sets minReplicas above maxReplicas: on the operation's value", () => {
    const patch = 'overlays/json-replicas/min-replicas.yaml';
    assert.deepEqual(built(join(MISTAKES, 'overlays', 'json-replicas')), [
      `${patch}:${lineOf(patch, 'value: 10')} k8s/hpa-replicas`,
    ]);
  });

  it('the base alone and the untouched fixture overlay: zero findings', () => {
    assert.deepEqual(built(join(MISTAKES, 'base')), []);
    const overlay = join(FIXTURES, 'kustomize', 'overlays', 'prod');
    const walk = walkOverlay(overlay, disk)!;
    const result = kustomize(overlay);
    assert.ok(result.ok);
    assert.deepEqual([...checkBuiltOverlay(result.stdout, walk.sources, disk.read).values()].flat(), []);
  });

  it("a kustomization kubectl cannot build: one finding with kubectl's message on the line naming the missing resource", () => {
    const folder = join(MISTAKES, 'broken-missing');
    const walk = walkOverlay(folder, disk)!;
    const result = kustomize(folder);
    assert.equal(result.ok, false);
    const text = readFileSync(join(folder, 'kustomization.yaml'), 'utf8');
    const found = buildFailedFinding(result.ok ? '' : result.stderr, text, walk.entries);
    assert.equal(found.code, 'kustomize/build-failed');
    assert.equal(found.severity, 2, 'a warning: kubectl cannot build it, the objects are still checked file by file');
    assert.deepEqual(found.range, { start: { line: 4, character: 2 }, end: { line: 4, character: 16 } });
    assert.match(
      found.message,
      /^kubectl kustomize failed: accumulating resources: .*service\.yaml.*no such file or directory/,
    );
  });
});

describe('kustomizations that are not built on their own, and builds that need the deploy environment', () => {
  it('a Component is built only as part of the overlays that list it: no overlay root of its own', () => {
    const texts: Record<string, string> = {
      '/ws/comp/kustomization.yaml':
        'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n  - path: patch.yaml\n',
    };
    const files: OverlayFiles = {
      read: (path) => texts[path],
      isFolder: (path) => path === '/ws/comp' || path === '/ws',
    };
    assert.equal(overlayRootOf('/ws/comp/patch.yaml', files), undefined);
    assert.equal(overlayRootOf('/ws/comp/kustomization.yaml', files), undefined);
  });
  it("an env file or a plugin the deploy step provides: information, and kubectl's deprecation notes are not the reason", () => {
    const found = buildFailedFinding(
      "# Warning: 'patchesStrategicMerge' is deprecated.\nError: loading KV pairs: env source files: [.env]: evalsymlink failure on '/x/.env'\n",
      'configMapGenerator:\n',
      { resources: [], patches: [] } as unknown as Parameters<typeof buildFailedFinding>[2],
    );
    assert.equal(found.severity, 3);
    assert.doesNotMatch(found.message, /deprecated/);
  });
});

describe('overlays kubectl cannot build: one finding, on the kustomization line it names', { skip }, () => {
  function failure(texts: Record<string, string>, root: string): { line: number; message: string } {
    const folder = mkdtempSync(join(tmpdir(), 'shipshape-ks-broken-'));
    try {
      for (const [path, text] of Object.entries(texts)) {
        mkdirSync(join(folder, path, '..'), { recursive: true });
        writeFileSync(join(folder, path), text);
      }
      const overlay = join(folder, root);
      const walk = walkOverlay(overlay, disk)!;
      const result = kustomize(overlay);
      assert.equal(result.ok, false);
      const found = buildFailedFinding(
        result.ok ? '' : result.stderr,
        texts[join(root, 'kustomization.yaml')],
        walk.entries,
      );
      return { line: found.range.start.line, message: found.message };
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }

  it('a loop of bases: on the entry that starts it, with kubectl\'s "cycle detected"', () => {
    const found = failure(
      {
        'a/kustomization.yaml': 'namePrefix: a-\nresources:\n  - ../b\n',
        'b/kustomization.yaml': 'resources:\n  - ../a\n',
      },
      'a',
    );
    assert.equal(found.line, 2);
    assert.match(found.message, /cycle detected/);
  });

  it('a kustomization that is not YAML: on the line kubectl names', () => {
    const found = failure({ 'a/kustomization.yaml': 'namePrefix: a-\nresources: [x\n' }, 'a');
    assert.equal(found.line, 1);
    assert.match(found.message, /invalid Kustomization: yaml: line 2/);
  });

  it("a patch file outside the overlay's folder (kustomize's load restrictor): on its entry", () => {
    const found = failure(
      {
        'a/kustomization.yaml': 'resources:\n  - ../base\npatches:\n  - path: ../elsewhere/patch.yaml\n',
        'base/kustomization.yaml': 'resources: []\n',
        'elsewhere/patch.yaml': 'kind: Deployment\n',
      },
      'a',
    );
    assert.equal(found.line, 3);
    assert.match(found.message, /is not in or below/);
  });
});

describe('remote bases', () => {
  it('an overlay that kustomize would fetch over the network is marked, so the background build skips it', () => {
    for (const remote of [
      'https://github.com/org/repo//base?ref=v1',
      'github.com/org/repo/base?ref=v1',
      'git@github.com:org/repo.git',
      'git::https://example.com/repo',
    ]) {
      assert.equal(isRemoteEntry(remote), true, remote);
    }
    for (const local of ['../base', 'deployment.yaml', 'github/base']) assert.equal(isRemoteEntry(local), false, local);
    const walk = walkOverlay('/w/o', {
      read: (path) =>
        path === '/w/o/kustomization.yaml'
          ? 'resources:\n  - ../base\n  - github.com/org/repo/base?ref=v1\n'
          : undefined,
      isFolder: () => false,
    });
    assert.deepEqual(walk?.remote, {
      file: '/w/o/kustomization.yaml',
      line: 2,
      value: 'github.com/org/repo/base?ref=v1',
    });
  });
});

describe('which overlay a file belongs to', () => {
  it('a patch: the overlay that lists it; a base file: its own kustomization; a kustomization: its folder; others: none', () => {
    const slash = (path: string) => path.split('\\').join('/');
    assert.equal(
      overlayRootOf(slash(join(MISTAKES, 'overlays', 'relabel', 'labels.yaml')), disk),
      slash(join(MISTAKES, 'overlays', 'relabel')),
    );
    assert.equal(overlayRootOf(slash(join(MISTAKES, 'base', 'hpa.yaml')), disk), slash(join(MISTAKES, 'base')));
    assert.equal(
      overlayRootOf(slash(join(MISTAKES, 'broken-missing', 'kustomization.yaml')), disk),
      slash(join(MISTAKES, 'broken-missing')),
    );
    assert.equal(overlayRootOf(slash(join(MISTAKES, 'README.md')), disk), undefined);
  });

  it('a loop of bases is walked once per folder, never forever', () => {
    const texts = new Map([
      ['/w/a/kustomization.yaml', 'resources:\n  - ../b\n'],
      ['/w/b/kustomization.yaml', 'resources:\n  - ../a\n'],
    ]);
    const walk = walkOverlay('/w/a', {
      read: (path) => texts.get(path),
      isFolder: (path) => path === '/w/a' || path === '/w/b',
    });
    assert.deepEqual(walk?.folders, ['/w/a', '/w/b']);
  });
});
