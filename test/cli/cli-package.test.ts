// The CLI as its own npm package, as a user in CI gets it: packed with `npm pack` (scripts/pack-cli.mjs), installed
// from the tarball into an empty folder and globally with npm offline and an empty cache (so it can fetch nothing:
// the package must need nothing but itself), then run on fixtures. And the progress line: on a terminal (a real
// pseudo-terminal from util-linux `script`) with many files, never when stdout is piped.
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { progressText, terminalProgress, PROGRESS_MIN_FILES } from '../../server/src/cli/progress';
import { LspTestClient } from '../helpers/lspClient';

const ROOT = join(__dirname, '..', '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'k8s');
const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string;

/** npm with no network and a cache of its own (empty): anything it would have to download fails the install. */
function npmOffline(args: string[], cwd: string, cache: string): void {
  execFileSync('npm', [...args, '--offline', '--cache', cache, '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd,
    encoding: 'utf8',
    stdio: 'pipe',
    env: { ...process.env, npm_config_userconfig: join(cache, 'npmrc'), npm_config_update_notifier: 'false' },
  });
}

/** The `repo: local` pre-commit hook the README documents (the YAML inside its ```yaml block). */
function readmePreCommitHook(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const match = /```yaml\n(# \.pre-commit-config\.yaml[\s\S]*?)```/.exec(readme);
  assert.ok(match, 'the README has a ```yaml block that starts with "# .pre-commit-config.yaml"');
  return match[1];
}

function preCommitSkipReason(): string | false {
  const found = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
  return found.status === 0
    ? false
    : 'pre-commit is not installed: run bash test/realparts/install-deps.sh (npm run test:setup)';
}

describe('the CLI package (npm pack, installed offline into an empty folder)', () => {
  let scratch: string;
  let tarball: string;

  before(() => {
    scratch = mkdtempSync(join(tmpdir(), 'shipshape-cli-package-'));
    tarball = execFileSync(process.execPath, [join(ROOT, 'scripts', 'pack-cli.mjs'), '--out', scratch], {
      cwd: ROOT,
      encoding: 'utf8',
    }).trim();
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('holds the bundle, its metadata, README and LICENSE, and declares no dependencies', () => {
    const listing = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean).sort();
    assert.deepEqual(listing, [
      'package/LICENSE',
      'package/README.md',
      'package/analysisWorker.js',
      'package/cli.js',
      'package/cliMain.js',
      'package/dockerfileEngine.js',
      'package/kubernetesDefinitions.json',
      'package/kubernetesEngine.js',
      'package/package.json',
      'package/server.js',
      'package/serverMain.js',
      'package/yamlLanguageServer.js',
      'package/yamlLanguageWorker.js',
      'package/yamlLanguageWorkerMain.js',
    ]);
    const manifest = JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }));
    assert.equal(manifest.name, 'shipshape');
    assert.equal(manifest.version, version);
    assert.deepEqual(manifest.bin, { shipshape: 'cli.js', 'shipshape-language-server': 'server.js' });
    assert.equal(manifest.dependencies, undefined);
    assert.equal(manifest.private, undefined);
    assert.equal(tarball, join(scratch, `shipshape-${version}.tgz`));
  });

  it('installs into an empty folder with nothing to fetch, and its bin checks files', () => {
    const project = join(scratch, 'project');
    mkdirSync(project);
    npmOffline(['install', tarball], project, join(scratch, 'cache-local'));
    const bin = join(project, 'node_modules', '.bin', 'shipshape');
    assert.equal(execFileSync(bin, ['--version'], { encoding: 'utf8' }), `${version}\n`);

    const work = join(scratch, 'work');
    cpSync(join(FIXTURES, 'broken'), join(work, 'broken'), { recursive: true });
    cpSync(join(FIXTURES, 'good'), join(work, 'good'), { recursive: true });
    const clean = spawnSync(bin, ['check', 'good'], { cwd: work, encoding: 'utf8' });
    assert.equal(clean.status, 0, clean.stdout + clean.stderr);
    assert.match(clean.stdout, /^No problems in \d+ files\.$/m);

    const broken = spawnSync(bin, ['check', '--format', 'sarif', 'broken'], { cwd: work, encoding: 'utf8' });
    assert.equal(broken.status, 1, broken.stderr);
    const sarif = JSON.parse(broken.stdout);
    assert.equal(sarif.runs[0].tool.driver.version, version);
    const hit = sarif.runs[0].results.find((result: { ruleId: string }) => result.ruleId === 'k8s/hpa-replicas');
    assert.ok(hit, 'the min/max replicas error of broken/hpa.yaml');
    assert.equal(hit.locations[0].physicalLocation.artifactLocation.uri, 'broken/hpa.yaml');
    assert.equal(hit.locations[0].physicalLocation.region.startLine, 10);
  });

  it(
    "runs as a pre-commit hook (the real pre-commit, the README's `repo: local` hook, offline)",
    { skip: preCommitSkipReason() },
    () => {
      const repo = join(scratch, 'hooked');
      cpSync(join(FIXTURES, 'broken'), join(repo, 'broken'), { recursive: true });
      cpSync(join(FIXTURES, 'good'), join(repo, 'good'), { recursive: true });
      // The README's hook, with the tarball in place of the published version.
      const hook = readmePreCommitHook().replace(/"shipshape@[^"]+"/, JSON.stringify(tarball));
      writeFileSync(join(repo, '.pre-commit-config.yaml'), hook);
      const env = {
        ...process.env,
        PRE_COMMIT_HOME: join(scratch, 'pre-commit-home'),
        npm_config_offline: 'true',
        npm_config_cache: join(scratch, 'cache-hook'),
      };
      const git = (...args: string[]) =>
        execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: repo, env, stdio: 'pipe' });
      git('init', '-q');
      git('add', '-A');
      const failing = spawnSync('pre-commit', ['run', '--all-files'], { cwd: repo, env, encoding: 'utf8' });
      assert.equal(failing.status, 1, failing.stdout + failing.stderr);
      assert.match(failing.stdout, /shipshape check\.+Failed/);
      assert.match(
        failing.stdout,
        /broken\/hpa\.yaml:10:16: error spec\.minReplicas \(8\) is above spec\.maxReplicas \(2\)/,
      );
      git('rm', '-rq', '--cached', 'broken');
      rmSync(join(repo, 'broken'), { recursive: true });
      const passing = spawnSync('pre-commit', ['run', '--all-files'], { cwd: repo, env, encoding: 'utf8' });
      assert.equal(passing.status, 0, passing.stdout + passing.stderr);
      assert.match(passing.stdout, /shipshape check\.+Passed/);
    },
  );

  it('its shipshape-language-server bin serves LSP over stdio (what other editors start)', async () => {
    const project = join(scratch, 'project-server');
    mkdirSync(project);
    npmOffline(['install', tarball], project, join(scratch, 'cache-server'));
    const bin = join(project, 'node_modules', '.bin', 'shipshape-language-server');
    assert.match(readFileSync(bin, 'utf8').slice(0, 30), /^#!\/usr\/bin\/env node\n/);
    const client = await LspTestClient.start({}, {}, [], bin);
    const published = await client.open(
      'file:///elsewhere/web.yaml',
      'yaml',
      'apiVersion: v1\nkind: Deployment\nmetadata:\n  name: web\n',
    );
    assert.ok(
      published.diagnostics.some((d) => d.code === 'k8s/api-version'),
      JSON.stringify(published.diagnostics),
    );
    assert.equal(await client.stop(), 0);
  });

  it("installs globally (npm install -g) and runs from the prefix's bin", () => {
    const prefix = join(scratch, 'global');
    npmOffline(['install', '-g', '--prefix', prefix, tarball], scratch, join(scratch, 'cache-global'));
    const result = spawnSync(join(prefix, 'bin', 'shipshape'), ['check', join(FIXTURES, 'broken')], {
      encoding: 'utf8',
    });
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stdout, /hpa\.yaml:10:16: error spec\.minReplicas \(8\) is above spec\.maxReplicas \(2\)/);
  });
});

describe('.pre-commit-hooks.yaml', () => {
  const hooks = readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8');

  it('runs the CLI package of this version', () => {
    const entries = [...hooks.matchAll(/^ {2}entry: (.*)$/gm)].map((match) => match[1]);
    assert.deepEqual(entries, [`npx --yes shipshape@${version} check`, `npx --yes shipshape@${version} check --fix`]);
    assert.match(
      readmePreCommitHook(),
      new RegExp(`additional_dependencies: \\["shipshape@${version.replace(/\./g, '\\.')}"\\]`),
    );
  });

  it('every `shipshape@VERSION` the README and the hooks name is this version', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const named = [...(readme + hooks).matchAll(/shipshape@(\d[\w.-]*)/g)].map((match) => match[1]);
    assert.ok(named.length >= 5);
    assert.deepEqual([...new Set(named)], [version]);
  });

  it('passes the files the CLI checks, and only those', () => {
    const patterns = [
      ...hooks.matchAll(/^ {2}files: (.*)$/gm),
      ...readmePreCommitHook().matchAll(/^ +files: (.*)$/gm),
    ].map((match) => match[1]);
    assert.equal(patterns.length, 3);
    for (const pattern of patterns) {
      const files = new RegExp(pattern);
      for (const name of [
        'k8s/web.yaml',
        'a.yml',
        'Dockerfile',
        'app/Dockerfile.dev',
        'Dockerfile-alpine',
        'Containerfile',
        'build/api.dockerfile',
      ]) {
        assert.ok(files.test(name), `${pattern} passes ${name}`);
      }
      for (const name of ['README.md', 'yaml.go', 'dockerfile.go', 'Dockerfiles/notes.txt', 'a.yaml.bak']) {
        assert.ok(!files.test(name), `${pattern} leaves ${name}`);
      }
    }
  });
});

describe("the CLI's progress line", () => {
  it('is written only when stderr and stdout are terminals and there are many files', () => {
    const tty = {
      isTTY: true,
      columns: 60,
      written: '',
      write(text: string) {
        this.written += text;
      },
    };
    assert.equal(terminalProgress(tty, false, 100), undefined, 'stdout piped');
    assert.equal(terminalProgress({ ...tty, isTTY: false }, true, 100), undefined, 'stderr piped');
    assert.equal(terminalProgress(tty, true, PROGRESS_MIN_FILES - 1), undefined, 'few files');
    let time = 0;
    const progress = terminalProgress(tty, true, 100, () => time);
    assert.ok(progress);
    progress.update(0, 'a.yaml');
    time = 50;
    progress.update(1, 'b.yaml'); // within the interval: not redrawn
    time = 150;
    progress.update(2, 'c.yaml');
    progress.end();
    assert.equal(tty.written, '\r\x1b[Kshipshape: 0/100 files  a.yaml\r\x1b[Kshipshape: 2/100 files  c.yaml\r\x1b[K');
  });

  it("fits the terminal's width, keeping the end of a long path", () => {
    const text = progressText(3, 40, 'deploy/overlays/production/very-long-name/deployment.yaml', 40);
    assert.equal(text, 'shipshape: 3/40 files  …deployment.yaml');
    assert.equal(text.length, 39);
  });

  it('shows on a real pseudo-terminal and never reaches a pipe', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shipshape-progress-'));
    try {
      const manifest = readFileSync(join(FIXTURES, 'broken', 'hpa.yaml'), 'utf8');
      for (let index = 0; index < PROGRESS_MIN_FILES + 5; index++)
        writeFileSync(join(dir, `hpa-${index}.yaml`), manifest);
      const cli = join(ROOT, 'server', 'out', 'cli.js');
      // `script` runs the command with stdin, stdout and stderr on a new pseudo-terminal and copies what it shows.
      const onTerminal = spawnSync('script', ['-qec', `'${process.execPath}' '${cli}' check .`, '/dev/null'], {
        cwd: dir,
        encoding: 'utf8',
      });
      // eslint-disable-next-line no-control-regex -- the progress line is written with terminal escape codes
      assert.match(onTerminal.stdout, /\r\x1b\[Kshipshape: 0\/25 files {2}hpa-0\.yaml/);
      // eslint-disable-next-line no-control-regex -- as above
      assert.match(onTerminal.stdout, /\r\x1b\[Khpa-0\.yaml:1:13: error/, 'the line is erased before the report');
      const piped = spawnSync(process.execPath, [cli, 'check', '.'], { cwd: dir, encoding: 'utf8' });
      assert.equal(piped.status, 1);
      // eslint-disable-next-line no-control-regex -- piped output must carry no escape code
      assert.doesNotMatch(piped.stderr + piped.stdout, /shipshape: \d+\/|\x1b/);
      const stdoutPiped = spawnSync(
        'script',
        ['-qec', `'${process.execPath}' '${cli}' check . > report.txt`, '/dev/null'],
        { cwd: dir, encoding: 'utf8' },
      );
      assert.doesNotMatch(stdoutPiped.stdout, /shipshape: \d+\//);
      assert.match(readFileSync(join(dir, 'report.txt'), 'utf8'), /^hpa-0\.yaml:/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
