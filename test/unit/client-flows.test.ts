import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { buildImageFlow, type BuildDeps } from '../../client/src/build/flow';
import type { BuildError } from '../../client/src/build/output';
import { applyFlow, type ApplyDeps } from '../../client/src/kube/flow';
import type { ObjectError } from '../../client/src/kube/output';
import type { RunOptions, RunResult } from '../../client/src/process/run';
import { FakeDiagnostics, FakeLog, fakeApplyUi, fakeBuildUi } from '../helpers/client-fakes';

/** The flows with every prompt injected and a recording runner instead of a real CLI. */

function recordingRunner(result: Partial<RunResult> = {}) {
  const calls: RunOptions[] = [];
  const run = async (options: RunOptions): Promise<RunResult> => {
    calls.push(options);
    return { code: 0, signal: null, stdout: '', stderr: '', cancelled: false, timedOut: false, ...result };
  };
  return { calls, run };
}

const DOCKERFILE =
  'ARG BASE=busybox\nFROM $BASE AS build\nARG VERSION\nRUN make\nFROM scratch AS final\nCOPY --from=build /out /\n';

function buildDeps(overrides: Partial<BuildDeps> & { ui: BuildDeps['ui'] }) {
  const tags = new Map<string, string>([['/ws/svc/Dockerfile', 'registry.local/svc:1.2.3-rc.1']]);
  const runner = recordingRunner();
  const deps = {
    settings: { containerCli: 'podman', extraArgs: ['--pull=never'], platform: 'linux/amd64' },
    dockerfile: '/ws/svc/Dockerfile',
    findDockerfiles: async () => ['/ws/svc/Dockerfile', '/ws/api/Dockerfile'],
    workspaceFolderOf: () => '/ws',
    readFile: async () => DOCKERFILE,
    fileExists: (file: string) => file === '/ws/svc/.dockerignore',
    lintErrorCount: () => 0,
    lastTag: { get: (file: string) => tags.get(file), set: (file: string, tag: string) => void tags.set(file, tag) },
    log: new FakeLog(),
    diagnostics: new FakeDiagnostics<BuildError>(),
    run: runner.run,
    ...overrides,
  };
  return { deps, runner, tags };
}

describe('buildImageFlow (injected prompts)', () => {
  it('asks tag (pre-filled from the last one), stage, ARGs, then runs the CLI with an argument array', async () => {
    const ui = fakeBuildUi({ stage: (items) => items[0] });
    const { deps, runner, tags } = buildDeps({ ui });
    const outcome = await buildImageFlow(deps);
    assert.deepEqual(outcome, {
      status: 'built',
      tag: 'registry.local/svc:1.2.3-rc.1',
      dockerfile: '/ws/svc/Dockerfile',
      context: '/ws/svc',
    });
    assert.deepEqual(ui.asked, [
      'tag registry.local/svc:1.2.3-rc.1 | Image tag for Dockerfile. Build context: svc',
      'stage build,final default final',
      'arg VERSION',
    ]);
    assert.equal(runner.calls.length, 1);
    assert.equal(runner.calls[0].command, 'podman');
    assert.equal(runner.calls[0].cwd, '/ws/svc');
    assert.equal(runner.calls[0].killProcessGroup, true);
    assert.deepEqual(runner.calls[0].args, [
      'build',
      '--file',
      '/ws/svc/Dockerfile',
      '--tag',
      'registry.local/svc:1.2.3-rc.1',
      '--target',
      'build',
      '--platform',
      'linux/amd64',
      '--build-arg',
      'VERSION=value-of-VERSION',
      '--pull=never',
      '/ws/svc',
    ]);
    assert.equal(tags.get('/ws/svc/Dockerfile'), 'registry.local/svc:1.2.3-rc.1');
    assert.deepEqual(ui.infos, ['Built registry.local/svc:1.2.3-rc.1.']);
  });

  it('suggests a tag from the context folder, and validates what is typed', async () => {
    let validation: string | undefined;
    const ui = fakeBuildUi({
      tag: (_value, validate) => {
        validation = validate('Bad Tag');
        return 'api:dev';
      },
    });
    const { deps, runner } = buildDeps({
      ui,
      dockerfile: undefined,
      findDockerfiles: async () => ['/ws/svc/Dockerfile', '/ws/api/Dockerfile'],
    });
    (ui as { pickDockerfile: (files: readonly string[]) => Promise<string> }).pickDockerfile = async (files) => {
      ui.asked.push(`pickDockerfile ${files.join(',')}`);
      return '/ws/api/Dockerfile';
    };
    await buildImageFlow(deps);
    assert.deepEqual(ui.asked.slice(0, 2), [
      'pickDockerfile /ws/svc/Dockerfile,/ws/api/Dockerfile',
      'tag ws:dev | Image tag for Dockerfile. Build context: .',
    ]);
    assert.match(validation ?? '', /spaces/);
    // The last stage is the default and needs no --target.
    assert.deepEqual(runner.calls[0].args.slice(0, 5), ['build', '--file', '/ws/api/Dockerfile', '--tag', 'api:dev']);
    assert.equal(runner.calls[0].args.includes('--target'), false);
  });

  it('refuses to build over lint errors unless the user says "Build anyway"', async () => {
    const refused = buildDeps({ ui: fakeBuildUi({ buildAnyway: false }), lintErrorCount: () => 2 });
    assert.deepEqual(await buildImageFlow(refused.deps), { status: 'aborted' });
    assert.deepEqual(refused.runner.calls, []);
    assert.deepEqual((refused.deps.ui as ReturnType<typeof fakeBuildUi>).asked, ['lint 2']);

    const anyway = buildDeps({ ui: fakeBuildUi({ buildAnyway: true }), lintErrorCount: () => 2 });
    assert.equal((await buildImageFlow(anyway.deps)).status, 'built');
    assert.equal(anyway.runner.calls.length, 1);
  });

  it('stops without building when a prompt is dismissed', async () => {
    for (const answers of [{ tag: () => undefined }, { stage: () => undefined }, { buildArg: () => undefined }]) {
      const { deps, runner } = buildDeps({ ui: fakeBuildUi(answers) });
      assert.deepEqual(await buildImageFlow(deps), { status: 'aborted' });
      assert.deepEqual(runner.calls, []);
    }
  });

  it('reports a failed build with its errors as diagnostics', async () => {
    const runner = recordingRunner({
      code: 1,
      stdout: 'Step 1/6 : ARG BASE=busybox\nStep 4/6 : RUN make\n',
      stderr: "The command '/bin/sh -c make' returned a non-zero code: 2\n",
    });
    const ui = fakeBuildUi({});
    const { deps } = buildDeps({ ui, run: runner.run });
    const outcome = await buildImageFlow(deps);
    assert.equal(outcome.status, 'failed');
    assert.deepEqual((deps.diagnostics as FakeDiagnostics<BuildError>).byFile.get('/ws/svc/Dockerfile'), [
      { line: 3, message: 'The command `/bin/sh -c make` returned a non-zero code: 2' },
    ]);
    assert.deepEqual(ui.errors, [
      'Build of registry.local/svc:1.2.3-rc.1 failed at line 4: The command `/bin/sh -c make` returned a non-zero code: 2',
    ]);
  });
});

describe('applyFlow (injected prompts)', () => {
  const base = (ui: ApplyDeps['ui'], overrides: Partial<ApplyDeps> = {}) => {
    const runner = recordingRunner();
    const deps: ApplyDeps = {
      ui,
      file: '/ws/app.yaml',
      text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n',
      kubectl: 'kubectl',
      kubeContext: () => ({ context: 'dev', namespace: 'shop', contexts: ['dev'], files: [] }),
      protectedContexts: ['prod'],
      log: new FakeLog(),
      diagnostics: new FakeDiagnostics<ObjectError>(),
      run: runner.run,
      ...overrides,
    };
    return { deps, runner };
  };

  it('does nothing for a file without Kubernetes objects', async () => {
    const ui = fakeApplyUi({});
    const { deps, runner } = base(ui, { text: 'just: yaml\n---\nother: doc\n' });
    assert.deepEqual(await applyFlow(deps), { status: 'aborted', reason: 'no objects' });
    assert.deepEqual(runner.calls, []);
    assert.deepEqual(ui.errors, ['app.yaml has no Kubernetes objects (no document with a kind).']);
  });

  it('says so when kubectl has no current context', async () => {
    const ui = fakeApplyUi({});
    const { deps, runner } = base(ui, {
      kubeContext: () => ({ context: undefined, namespace: 'default', contexts: [], files: [] }),
    });
    const outcome = await applyFlow(deps);
    assert.equal(outcome.status === 'failed' && outcome.failure.kind, 'no-context');
    assert.deepEqual(runner.calls, []);
  });

  it('runs dry run, diff, apply in that order, every call pinned to the confirmed context', async () => {
    const ui = fakeApplyUi({});
    const { deps, runner } = base(ui);
    await applyFlow(deps);
    assert.deepEqual(
      runner.calls.map((call) => call.args.join(' ')),
      [
        'apply --context dev --filename "/ws/app.yaml" --dry-run=server',
        'diff --context dev --filename "/ws/app.yaml"',
        'apply --context dev --filename "/ws/app.yaml"',
      ],
    );
    assert.equal(runner.calls[1].env?.KUBECTL_EXTERNAL_DIFF, 'diff -N -U2147483647');
    assert.deepEqual(ui.confirmations, [
      'Apply app.yaml to context "dev", namespace "shop"? 0 to create, 0 to change, 1 unchanged (1 object in app.yaml).',
    ]);
  });
});

describe('what the flows log', () => {
  it('never logs build-arg values', async () => {
    const ui = fakeBuildUi({ buildArg: () => 'ghp_secret-token' });
    const { deps } = buildDeps({ ui });
    await buildImageFlow(deps);
    const log = (deps.log as FakeLog).lines.join('\n');
    assert.match(log, /--build-arg 'VERSION=\*\*\*'|--build-arg VERSION=\*\*\*/);
    assert.doesNotMatch(log, /ghp_secret-token/);
  });

  it('keeps the diff (whole objects) out of the log', async () => {
    const diffOutput =
      '--- /tmp/LIVE-1/v1.Secret.default.s\n+++ /tmp/MERGED-1/v1.Secret.default.s\n@@ -0,0 +1,1 @@\n+data: {password: c2VjcmV0}\n';
    const runs: RunOptions[] = [];
    const run = async (options: RunOptions): Promise<RunResult> => {
      runs.push(options);
      const stdout = options.args[0] === 'diff' ? diffOutput : '';
      options.onOutput?.(stdout, 'stdout');
      return {
        code: options.args[0] === 'diff' ? 1 : 0,
        signal: null,
        stdout,
        stderr: '',
        cancelled: false,
        timedOut: false,
      };
    };
    const log = new FakeLog();
    const ui = fakeApplyUi({ apply: false });
    await applyFlow({
      ui,
      file: '/ws/s.yaml',
      text: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n',
      kubectl: 'kubectl',
      kubeContext: () => ({ context: 'dev', namespace: 'default', contexts: ['dev'], files: [] }),
      protectedContexts: [],
      log,
      diagnostics: new FakeDiagnostics<ObjectError>(),
      run,
    });
    assert.equal(ui.diffs.length, 1);
    assert.doesNotMatch(log.output + log.lines.join('\n'), /c2VjcmV0/);
    assert.match(log.lines.join('\n'), /Would change: Secret\/s \(new\)/);
  });
});
