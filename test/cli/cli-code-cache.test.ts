import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { scratchDir } from '../helpers/scratch';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'server', 'out', 'cli.js');
const DEPLOYMENT = join(ROOT, 'test', 'fixtures', 'k8s', 'broken', 'deployment.yaml');

function check(file: string, cache: string) {
  const result = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', file], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, SHIPSHAPE_CODE_CACHE: cache },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The cache files the runs so far made (the CLI's own bundle's, and one per engine bundle they loaded). */
function cached(root: string): string[] {
  const [version] = readdirSync(root);
  return readdirSync(join(root, version)).sort();
}

describe('shipshape check loads only the engine a file needs, compiled from V8 code cache from the second run on', () => {
  it('reports the same with the cache made, the cache used and no cache; a YAML file loads no Dockerfile engine', () => {
    const root = join(scratchDir('shipshape-cli-code-cache-'), 'cache');
    const off = check(DEPLOYMENT, 'off');
    assert.equal(off.status, 1, off.stderr);
    const making = check(DEPLOYMENT, root);
    assert.deepEqual(cached(root), ['cliMain.js.cache', 'kubernetesEngine.js.cache']);
    const using = check(DEPLOYMENT, root);
    assert.deepEqual([making, using], [off, off]);
  });

  it("a manifest whose image is built by a Dockerfile here loads the Dockerfile engine to read that Dockerfile's USER", () => {
    const folder = scratchDir('shipshape-cli-code-cache-');
    const root = join(folder, 'cache');
    mkdirSync(join(folder, 'app'));
    writeFileSync(join(folder, 'app', 'Dockerfile'), 'FROM node:20\nUSER root\n');
    const manifest = join(folder, 'web.yaml');
    writeFileSync(
      manifest,
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: app:1.0\n          securityContext:\n            runAsNonRoot: true\n',
    );
    const off = check(manifest, 'off');
    assert.match(off.stdout, /k8s\/image-user-root/, off.stderr);
    assert.deepEqual(check(manifest, root), off);
    assert.deepEqual(cached(root), ['cliMain.js.cache', 'dockerfileEngine.js.cache', 'kubernetesEngine.js.cache']);
    assert.deepEqual(check(manifest, root), off);
  });

  it('a Dockerfile loads no Kubernetes engine', () => {
    const folder = scratchDir('shipshape-cli-code-cache-');
    const root = join(folder, 'cache');
    const dockerfile = join(folder, 'Dockerfile');
    writeFileSync(dockerfile, 'FROM node:latest\nCMD node /app/index.js\n');
    const off = check(dockerfile, 'off');
    assert.match(off.stdout, /DL3007/, off.stderr);
    assert.deepEqual(check(dockerfile, root), off);
    assert.deepEqual(cached(root), ['cliMain.js.cache', 'dockerfileEngine.js.cache']);
    assert.deepEqual(check(dockerfile, root), off);
  });
});
