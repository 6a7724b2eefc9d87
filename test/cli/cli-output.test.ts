import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { scratchDir } from '../helpers/scratch';

// The CLI writes with fs.writeSync on fd 1 and 2 instead of process.stdout (cli/output.ts): a report far larger than
// a pipe's buffer must arrive whole, and a reader that goes away early must not turn into a crash.
const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'server', 'out', 'cli.js');

/** A folder of `count` Deployments, each with a few findings: its JSON report is hundreds of kilobytes. */
function manyDeployments(count: number): string {
  const folder = scratchDir('shipshape-cli-output-');
  for (let index = 0; index < count; index++) {
    writeFileSync(
      join(folder, `web-${index}.yaml`),
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-${index}\nspec:\n  replicas: "2"\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:latest\n`,
    );
  }
  return folder;
}

describe('shipshape check writes its report synchronously to the descriptors', () => {
  it('a report larger than a pipe holds arrives whole', () => {
    const folder = manyDeployments(150);
    const result = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', '.'], {
      cwd: folder,
      encoding: 'utf8',
      env: { ...process.env, SHIPSHAPE_CODE_CACHE: 'off' },
      maxBuffer: 64 * 1024 * 1024,
    });
    assert.equal(result.status, 1, result.stderr);
    assert.ok(result.stdout.length > 256 * 1024, `${result.stdout.length} bytes`);
    const report = JSON.parse(result.stdout) as unknown[];
    assert.equal(report.length, 150);
  });

  it('a reader that closes early (`| head`) ends the writing quietly, with the exit status of the check', async () => {
    const folder = manyDeployments(150);
    const child = spawn(process.execPath, [CLI, 'check', '.'], {
      cwd: folder,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SHIPSHAPE_CODE_CACHE: 'off' },
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(stderr, '');
    assert.equal(status, 1);
  });
});
