import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { scratchDir } from '../helpers/scratch';
import { NEWER_FIELDS } from '../unit/rule-cases/versions';

const ROOT = join(__dirname, '..', '..', '..');

describe('the target Kubernetes version: the CLI', () => {
  const CLI = join(ROOT, 'server', 'out', 'cli.js');
  const folder = scratchDir('shipshape-versions-');
  const file = join(folder, 'deployment.yaml');
  writeFileSync(file, NEWER_FIELDS);
  const run = (...args: string[]) => spawnSync(process.execPath, [CLI, 'check', ...args, file], { encoding: 'utf8' });

  it('--kubernetes-version checks against that version', () => {
    const old = run('--kubernetes-version', '1.28');
    assert.equal(old.status, 1);
    assert.match(old.stdout, /"resources" was added in Kubernetes 1\.32; the target version, 1\.28/);
    assert.match(old.stdout, /\[k8s\/schema-field-version\]/);
    const newest = run('--kubernetes-version', '1.36');
    assert.doesNotMatch(newest.stdout, /schema-field-version/);
    assert.equal(newest.stderr, '');
  });

  it('a bad or unbundled version: one message on stderr, the nearest bundled version used', () => {
    const bad = run('--kubernetes-version', 'banana');
    assert.equal(
      bad.stderr.trim(),
      'shipshape: "banana" is not a Kubernetes version (expected auto or 1.27 ... 1.36): checking against 1.36',
    );
    assert.doesNotMatch(bad.stdout, /schema-field-version/);
    const old = run('--kubernetes-version', 'v1.20.15');
    assert.match(
      old.stderr,
      /^shipshape: Kubernetes 1\.20 is older than the oldest version Shipshape has schemas for \(1\.27\): checking against 1\.27\n$/,
    );
    assert.match(old.stdout, /the target version, 1\.27, does not have it/);
  });
});
