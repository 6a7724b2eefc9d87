import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { scratchDir } from '../helpers/scratch';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'server', 'out', 'cli.js');

const BROKEN = `from debian:12 as build
RUN apt-get update && apt-get install curl
COPPY --chmode=755 run.sh /usr/local/bin/
WORKDIR/app
COPY..
CMD node server.js
`;

function run(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function scratch(): string {
  const dir = scratchDir('shipshape-dockerfile-cli-');
  writeFileSync(join(dir, 'Dockerfile'), BROKEN);
  writeFileSync(
    join(dir, 'api.dockerfile'),
    'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nUSER node\nCMD ["node", "server.js"]\n',
  );
  return dir;
}

describe('shipshape check on Dockerfiles', () => {
  it('prints file:line:col lines and exits 1 on errors', () => {
    const dir = scratch();
    const result = run(['check', '.'], dir);
    assert.equal(result.status, 1, result.stdout + result.stderr);
    assert.match(
      result.stdout,
      /^Dockerfile:1:1: warning Command 'from' should match the case of the command majority \(uppercase\) \[ConsistentInstructionCasing\]$/m,
    );
    assert.match(
      result.stdout,
      /^Dockerfile:3:1: error Unknown instruction: COPPY\. Did you mean COPY\? \[dockerfile\/unknown-instruction\]$/m,
    );
    assert.match(
      result.stdout,
      /^Dockerfile:3:7: error Unknown flag for COPY: --chmode\. Did you mean --chmod\? \[dockerfile\/unknown-flag\]$/m,
    );
    assert.doesNotMatch(result.stdout, /^api\.dockerfile:/m);
  });

  it('writes JSON with exact ranges, codes and fix titles', () => {
    const dir = scratch();
    const result = run(['check', '--format', 'json', 'Dockerfile'], dir);
    assert.equal(result.status, 1);
    const [report] = JSON.parse(result.stdout);
    assert.equal(report.file, 'Dockerfile');
    const workdir = report.diagnostics.find(
      (diagnostic: { range: { start: { line: number } } }) => diagnostic.range.start.line === 3,
    );
    assert.deepEqual(workdir, {
      range: { start: { line: 3, character: 0 }, end: { line: 3, character: 11 } },
      severity: 'error',
      code: 'dockerfile/unknown-instruction',
      message: 'Unknown instruction: WORKDIR/app. A space is missing after WORKDIR',
      fixes: ['Insert a space after WORKDIR'],
    });
  });

  it('--fix applies the preferred fixes, leaves the suggestions (they change what is installed) and no error', () => {
    const dir = scratch();
    const fixed = run(['check', '--fix', '.'], dir);
    assert.equal(fixed.status, 0, fixed.stdout + fixed.stderr);
    assert.equal(
      readFileSync(join(dir, 'Dockerfile'), 'utf8'),
      `FROM debian:12 AS build
RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
COPY --chmod=755 run.sh /usr/local/bin/
WORKDIR /app
COPY . .
CMD ["node", "server.js"]
`,
    );
    const again = run(['check', '.'], dir);
    assert.equal(again.status, 0);
    // What is left is the --no-install-recommends suggestion, which --fix must not apply.
    assert.match(again.stdout, /^Dockerfile:2:23: information .*\[DL3015\]$/m);
    assert.match(again.stdout, /0 errors, 1 other finding in 1 of 2 files\./);
  });
});
