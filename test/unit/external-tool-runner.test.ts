import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { BackgroundRuns, runTool } from '../../server/src/handlers/externalToolRunner';

/** A BackgroundRuns on mocked timers, with the signals its runs were given and what it said. */
function runs(options: { trusted?: boolean; cancelOnChange?: boolean } = {}) {
  const said: string[] = [];
  const signals: AbortSignal[] = [];
  const finish: Array<() => void> = [];
  const background = new BackgroundRuns({
    pauseMs: 100,
    trusted: () => options.trusted ?? true,
    untrustedNote: 'not trusted',
    log: (message) => said.push(message),
    cancelOnChange: options.cancelOnChange,
  });
  // Each run stays in progress until the test finishes it.
  const work = (signal: AbortSignal) => {
    signals.push(signal);
    return new Promise<void>((resolve) => finish.push(resolve));
  };
  return { background, work, said, signals, finish };
}

describe('BackgroundRuns: one debounced, cancellable run per key, never for an untrusted workspace', () => {
  it('changes within the pause make one run; other keys run on their own', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const { background, work, signals } = runs();
    background.schedule('chart', work);
    t.mock.timers.tick(60);
    background.schedule('chart', work);
    t.mock.timers.tick(60);
    assert.equal(signals.length, 0, 'the pause restarts at each change');
    background.schedule('other', work);
    t.mock.timers.tick(100);
    assert.equal(signals.length, 2);
  });

  it('a newer run cancels the one in progress when it starts (helm, kustomize), or at the change (shellcheck)', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const late = runs();
    late.background.schedule('chart', late.work);
    t.mock.timers.tick(100);
    late.background.schedule('chart', late.work);
    assert.equal(late.signals[0].aborted, false, 'still running during the pause');
    t.mock.timers.tick(100);
    assert.deepEqual(
      late.signals.map((signal) => signal.aborted),
      [true, false],
    );

    const early = runs({ cancelOnChange: true });
    early.background.schedule('Dockerfile', early.work);
    t.mock.timers.tick(100);
    early.background.schedule('Dockerfile', early.work);
    assert.equal(early.signals[0].aborted, true, 'cancelled at the change');
  });

  it('cancel and dispose drop the pending runs and cancel those in progress', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const { background, work, signals } = runs();
    background.schedule('a', work);
    t.mock.timers.tick(100);
    background.schedule('a', work);
    background.cancel('a');
    t.mock.timers.tick(100);
    assert.deepEqual(
      signals.map((signal) => signal.aborted),
      [true],
    );
    background.schedule('b', work);
    t.mock.timers.tick(100);
    background.schedule('c', work);
    background.dispose();
    t.mock.timers.tick(100);
    assert.deepEqual(
      signals.map((signal) => signal.aborted),
      [true, true],
    );
  });

  it('untrusted: not allowed, and said once', () => {
    const { background, said } = runs({ trusted: false });
    assert.equal(background.allowed(), false);
    assert.equal(background.allowed(), false);
    assert.deepEqual(said, ['not trusted']);
    assert.equal(runs().background.allowed(), true);
  });
});

describe('runTool: execFile with an argv array, time-boxed, cancellable', () => {
  const node = process.execPath;
  it('exit 0: ok with its output; exit 1: not ok with its stderr; arguments reach it as they are', async () => {
    const ok = await runTool(
      node,
      ['-e', 'console.log(process.argv[1])', '$(echo no shell); *'],
      AbortSignal.timeout(30_000),
      30_000,
      'node',
    );
    assert.deepEqual(ok, { ok: true, stdout: '$(echo no shell); *\n', stderr: '' });
    const failed = await runTool(
      node,
      ['-e', 'console.error("bad"); process.exit(1)'],
      new AbortController().signal,
      30_000,
      'node',
    );
    assert.deepEqual(failed, { ok: false, stdout: '', stderr: 'bad\n' });
  });

  it('over its time box: not ok, saying so; a missing tool or a cancelled run: rejected', async () => {
    const slow = await runTool(
      node,
      ['-e', 'setTimeout(() => {}, 60_000)'],
      new AbortController().signal,
      300,
      'slow tool',
    );
    assert.deepEqual(slow, { ok: false, stdout: '', stderr: 'slow tool did not finish within 0.3 s' });
    await assert.rejects(runTool('/nonexistent/tool', [], new AbortController().signal, 1000, 'x'), { code: 'ENOENT' });
    const controller = new AbortController();
    const cancelled = runTool(node, ['-e', 'setTimeout(() => {}, 60_000)'], controller.signal, 30_000, 'node');
    controller.abort();
    await assert.rejects(cancelled, { name: 'AbortError' });
  });
});
