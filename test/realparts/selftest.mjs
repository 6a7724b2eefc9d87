// Self-test of the real-parts harness: `node test/realparts/selftest.mjs`
// (root; installs deps and builds kube-apiserver on first use). Each part is
// SKIPPED with a reason when it cannot run here. Named *.mjs without `.test.` on
// purpose, so the project's own test globs don't pick it up by accident.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDockerEngine, startKubeApiServer, whyUnavailable, BUSYBOX_IMAGE, KUBE_CONTEXT } from './realparts.mjs';

function run(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    execFile(cmd, args, { encoding: 'utf8', timeout: 120_000, maxBuffer: 8 << 20, ...opts }, (err, stdout, stderr) => {
      resolve({
        code: err ? (typeof err.code === 'number' ? err.code : -1) : 0,
        stdout,
        stderr,
        ms: performance.now() - t0,
      });
    });
  });
}

/** pids whose command line mentions dir */
function pidsMentioning(dir) {
  const out = [];
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p) || Number(p) === process.pid) continue;
    let cl = '';
    try {
      cl = readFileSync(`/proc/${p}/cmdline`, 'utf8').replaceAll('\0', ' ');
    } catch {
      continue;
    }
    let state = '';
    try {
      state = readFileSync(`/proc/${p}/stat`, 'utf8').replace(/^.*\) /, '')[0];
    } catch {
      continue;
    }
    if (state !== 'Z' && cl.includes(dir)) out.push(`${p}: ${cl.slice(0, 120)}`);
  }
  return out;
}

/** Listening TCP sockets of the given pids that are NOT on 127.0.0.1 (should be none). */
async function nonLoopbackListeners(pids) {
  const r = await run('ss', ['-Hltnp']);
  if (r.code !== 0) return [];
  return r.stdout
    .split('\n')
    .filter((l) => pids.some((p) => l.includes(`pid=${p},`)))
    .filter((l) => !/\s127\.0\.0\.1:\d+\s/.test(l));
}

const timings = {};
const ms = (x) => `${(x / 1000).toFixed(2)} s`;

const dockerReason = await whyUnavailable('docker');
test(
  'docker engine: start, build scratch+COPY and busybox+RUN, stop',
  { skip: dockerReason ?? false, timeout: 300_000 },
  async () => {
    let t0 = performance.now();
    const docker = await startDockerEngine();
    timings['docker start'] = ms(performance.now() - t0);
    const env = { ...process.env, ...docker.env, DOCKER_CONFIG: path.join(docker.dir, 'client-config') };
    const ctx = mkdtempSync(path.join(tmpdir(), 'ssctx-'));
    try {
      assert.match(docker.env.DOCKER_HOST, /^unix:\/\//);
      const pid = readFileSync(path.join(docker.dir, 'dockerd.pid'), 'utf8').trim();
      assert.deepEqual(await nonLoopbackListeners([pid]), []);
      const nets = await run('docker', ['network', 'ls', '--format', '{{.Name}}'], { env });
      assert.equal(nets.code, 0, nets.stderr);
      assert.ok(!nets.stdout.split('\n').includes('bridge'), `no bridge network expected: ${nets.stdout}`);

      mkdirSync(path.join(ctx, 'a'));
      writeFileSync(path.join(ctx, 'a', 'hello.txt'), 'hello\n');
      writeFileSync(path.join(ctx, 'a', 'Dockerfile'), 'FROM scratch\nCOPY hello.txt /hello.txt\n');
      let r = await run('docker', ['build', '-t', 'selftest-scratch:1', path.join(ctx, 'a')], { env });
      assert.equal(r.code, 0, r.stderr + r.stdout);
      timings['docker build scratch+COPY'] = ms(r.ms);

      mkdirSync(path.join(ctx, 'b'));
      writeFileSync(path.join(ctx, 'b', 'Dockerfile'), `FROM ${BUSYBOX_IMAGE}\nRUN echo hi > /hi.txt && echo hi\n`);
      r = await run('docker', ['build', '-t', 'selftest-busybox:1', path.join(ctx, 'b')], { env });
      assert.equal(r.code, 0, r.stderr + r.stdout);
      assert.match(r.stdout, /\bhi\b/);
      timings['docker build busybox+RUN'] = ms(r.ms);

      r = await run('docker', ['run', '--rm', '--network', 'none', 'selftest-busybox:1', 'cat', '/hi.txt'], { env });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout.trim(), 'hi');
    } finally {
      rmSync(ctx, { recursive: true, force: true });
      t0 = performance.now();
      const dir = docker.dir;
      await docker.stop();
      timings['docker stop'] = ms(performance.now() - t0);
      assert.deepEqual(pidsMentioning(dir), []);
    }
  },
);

const kubeReason = (await whyUnavailable('kube-apiserver')) ?? (await whyUnavailable('kubectl'));
test(
  'kube-apiserver: start, apply (dry-run, server-side, client-side), diff, stop',
  { skip: kubeReason ?? false, timeout: 1_800_000 },
  async () => {
    let t0 = performance.now();
    const kube = await startKubeApiServer();
    timings['kube start (etcd+apiserver ready)'] = ms(performance.now() - t0);
    const dir = kube.dir;
    try {
      assert.equal(kube.context, KUBE_CONTEXT);
      assert.match(kube.server, /^https:\/\/127\.0\.0\.1:\d+$/);
      const pids = ['etcd.pid', 'kube-apiserver.pid'].map((f) => readFileSync(path.join(dir, f), 'utf8').trim());
      assert.deepEqual(await nonLoopbackListeners(pids), []);

      const kc = (...args) => run('kubectl', ['--kubeconfig', kube.kubeconfigPath, '--context', kube.context, ...args]);
      const deploy = (replicas) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {app: web}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: ${BUSYBOX_IMAGE}
        command: [sleep, "3600"]
`;
      const f1 = path.join(dir, 'deploy1.yaml');
      const f3 = path.join(dir, 'deploy3.yaml');
      writeFileSync(f1, deploy(1));
      writeFileSync(f3, deploy(3));

      let r = await kc('apply', '--server-side', '--dry-run=server', '-f', f1);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /server dry run/);
      timings['kubectl apply --server-side --dry-run=server'] = ms(r.ms);
      r = await kc('get', 'deployment', 'web');
      assert.notEqual(r.code, 0, 'dry run must not create');

      r = await kc('apply', '--server-side', '-f', f1);
      assert.equal(r.code, 0, r.stderr);
      timings['kubectl apply --server-side'] = ms(r.ms);

      r = await kc('diff', '-f', f1);
      assert.equal(r.code, 0, `no diff expected: ${r.stdout}${r.stderr}`);
      r = await kc('diff', '-f', f3);
      assert.equal(r.code, 1, `diff exit 1 expected: ${r.stderr}`);
      assert.match(r.stdout, /\+\s+replicas: 3/);
      timings['kubectl diff'] = ms(r.ms);

      r = await kc('apply', '-f', f3);
      assert.equal(r.code, 0, r.stderr);
      r = await kc('get', 'deployment', 'web', '-o', 'jsonpath={.spec.replicas}');
      assert.equal(r.stdout, '3');
      r = await kc('delete', 'deployment', 'web');
      assert.equal(r.code, 0, r.stderr);
    } finally {
      t0 = performance.now();
      await kube.stop();
      timings['kube stop'] = ms(performance.now() - t0);
      assert.deepEqual(pidsMentioning(dir), []);
    }
  },
);

test('timings', () => {
  console.log(`# timings: ${JSON.stringify(timings)}`);
});
