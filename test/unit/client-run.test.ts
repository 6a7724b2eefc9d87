import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import {
  containerName,
  dockerRunArgs,
  dockerStopArgs,
  localUrls,
  parseExposedPorts,
  proposedPortMappings,
  splitPortMappings,
  validatePortMappings,
} from '../../client/src/run/args';
import { runImageFlow, type RunDeps, type RunUi } from '../../client/src/run/flow';
import type { RunOptions, RunResult } from '../../client/src/process/run';
import { FakeLog } from '../helpers/client-fakes';

describe('Run Image: the pure part', () => {
  it('reads the exposed ports from the image config, in numeric order', () => {
    assert.deepEqual(parseExposedPorts('{"9090/udp":{},"8080/tcp":{},"80/tcp":{},"8000-8002/tcp":{}}\n'), [
      { port: '80', protocol: 'tcp' },
      { port: '8000-8002', protocol: 'tcp' },
      { port: '8080', protocol: 'tcp' },
      { port: '9090', protocol: 'udp' },
    ]);
    assert.deepEqual(parseExposedPorts('null\n'), []);
    assert.deepEqual(parseExposedPorts(''), []);
    assert.deepEqual(parseExposedPorts('not json'), []);
  });

  it('proposes the same port on 127.0.0.1 (a bare -p publishes on every interface)', () => {
    assert.deepEqual(proposedPortMappings(parseExposedPorts('{"8080/tcp":{},"53/udp":{},"8000-8002/tcp":{}}')), [
      '127.0.0.1:53:53/udp',
      '127.0.0.1:8000-8002:8000-8002',
      '127.0.0.1:8080:8080',
    ]);
  });

  it('accepts the -p forms docker takes, and says what is wrong with the others', () => {
    for (const ok of [
      '',
      '8080:8080',
      '127.0.0.1:8080:80',
      '8080:80/udp',
      '80',
      '127.0.0.1::80',
      '[::1]:8080:80',
      '9000-9002:9000-9002',
      '8080:8080, 9090:9090 53:53/udp',
    ]) {
      assert.equal(validatePortMappings(ok), undefined, ok);
    }
    assert.match(validatePortMappings('http') ?? '', /^"http" is not a port mapping/);
    assert.match(validatePortMappings('8080:80/icmp') ?? '', /is not a port mapping/);
    assert.match(validatePortMappings('70000:80') ?? '', /ports go from 1 to 65535/);
    assert.match(validatePortMappings('0:80') ?? '', /ports go from 1 to 65535/);
    assert.match(validatePortMappings('9000-9002:9000') ?? '', /range of the same size/);
    assert.match(validatePortMappings('9000-9002:9000-9005') ?? '', /range of the same size/);
    assert.deepEqual(splitPortMappings(' 8080:8080,9090:9090  53:53/udp, '), ['8080:8080', '9090:9090', '53:53/udp']);
  });

  it('opens the TCP host ports in a browser, on 127.0.0.1 when bound everywhere', () => {
    assert.deepEqual(
      localUrls(['127.0.0.1:8080:80', '9090:9090', '0.0.0.0:3000:3000', '53:53/udp', '80', '9000-9002:9000-9002']),
      ['http://127.0.0.1:8080', 'http://127.0.0.1:9090', 'http://127.0.0.1:3000'],
    );
  });

  it('names the container after the repository, uniquely', () => {
    assert.equal(containerName('registry.example.com:5000/team/web-app:1.2', 'k3f9'), 'shipshape-run-web-app-k3f9');
    assert.equal(containerName('web', 'a1'), 'shipshape-run-web-a1');
  });

  it('builds the argument arrays: every value one argument, extra arguments before the image', () => {
    assert.deepEqual(
      dockerRunArgs({
        image: 'web:dev',
        name: 'shipshape-run-web-a1',
        ports: ['127.0.0.1:8080:8080', '53:53/udp'],
        extraArgs: ['--env-file', 'my .env'],
      }),
      [
        'run',
        '--rm',
        '--name',
        'shipshape-run-web-a1',
        '--publish',
        '127.0.0.1:8080:8080',
        '--publish',
        '53:53/udp',
        '--env-file',
        'my .env',
        'web:dev',
      ],
    );
    assert.deepEqual(dockerStopArgs('shipshape-run-web-a1'), ['stop', '--time', '5', 'shipshape-run-web-a1']);
  });
});

/** A container CLI that answers inspect, runs until stopped, and records every argv. */
function fakeDocker(exposed: string, inspectCode = 0) {
  const calls: string[][] = [];
  let finishRun: ((result: RunResult) => void) | undefined;
  const run = async (options: RunOptions): Promise<RunResult> => {
    calls.push([options.command, ...options.args]);
    const done = (code: number, stdout = '', stderr = ''): RunResult => ({
      code,
      signal: null,
      stdout,
      stderr,
      cancelled: false,
      timedOut: false,
    });
    if (options.args[0] === 'image')
      return inspectCode === 0 ? done(0, `${exposed}\n`) : done(1, '', 'Error: No such image: web:dev\n');
    if (options.args[0] === 'stop') {
      finishRun?.(done(143, '', ''));
      return done(0, `${options.args[options.args.length - 1]}\n`);
    }
    options.onOutput?.('listening\n', 'stdout');
    return new Promise((resolve) => (finishRun = resolve));
  };
  return {
    calls,
    run,
    exit: (code: number, stderr: string) =>
      finishRun?.({ code, signal: null, stdout: '', stderr, cancelled: false, timedOut: false }),
  };
}

function fakeRunUi(answers: { image?: string; ports?: (value: string) => string | undefined }) {
  const seen = {
    asked: [] as string[],
    logs: '',
    ended: [] as string[],
    running: [] as string[],
    errors: [] as string[],
    closeTerminal: undefined as (() => void) | undefined,
  };
  const ui: RunUi = {
    inputImage: async ({ value }) => {
      seen.asked.push(`image ${value}`);
      return answers.image ?? value;
    },
    inputPorts: async ({ value, prompt, validate }) => {
      seen.asked.push(`ports ${value} | ${prompt}`);
      const typed = answers.ports ? answers.ports(value) : value;
      assert.equal(typed === undefined ? undefined : validate(typed), undefined);
      return typed;
    },
    openLogs: (_title, onClosed) => {
      seen.closeTerminal = onClosed;
      return { write: (text) => void (seen.logs += text), end: (message) => void seen.ended.push(message) };
    },
    showRunning: (message) => void seen.running.push(message),
    showError: (message) => void seen.errors.push(message),
  };
  return { ui, seen };
}

function runDeps(overrides: Partial<RunDeps> & Pick<RunDeps, 'ui' | 'run'>): RunDeps {
  const remembered = new Map<string, string[]>();
  return {
    settings: { containerCli: 'docker', extraArgs: [] },
    lastBuiltTag: () => 'web:dev',
    ports: {
      get: (image) => remembered.get(image),
      set: (image, mappings) => void remembered.set(image, [...mappings]),
    },
    log: new FakeLog(),
    unique: () => 'a1',
    ...overrides,
  };
}

describe('Run Image: the flow', () => {
  it('runs the last built tag with its exposed ports, streams the logs, and stops it with docker stop', async () => {
    const docker = fakeDocker('{"8080/tcp":{}}');
    const { ui, seen } = fakeRunUi({});
    const outcome = await runImageFlow(runDeps({ ui, run: docker.run, dockerfile: '/w/Dockerfile' }));
    assert.equal(outcome.status, 'running');
    assert.deepEqual(seen.asked, [
      'image web:dev',
      'ports 127.0.0.1:8080:8080 | Ports to publish (-p host:container, comma-separated; empty: none). web:dev has EXPOSE 8080/tcp.',
    ]);
    assert.deepEqual(docker.calls, [
      ['docker', 'image', 'inspect', '--format', '{{json .Config.ExposedPorts}}', 'web:dev'],
      ['docker', 'run', '--rm', '--name', 'shipshape-run-web-a1', '--publish', '127.0.0.1:8080:8080', 'web:dev'],
    ]);
    assert.deepEqual(seen.running, ['Running web:dev as shipshape-run-web-a1 on http://127.0.0.1:8080.']);
    assert.equal(seen.logs, 'listening\n');
    await outcome.stop();
    assert.deepEqual(docker.calls[2], ['docker', 'stop', '--time', '5', 'shipshape-run-web-a1']);
    assert.deepEqual(seen.ended, ['web:dev stopped.']);
    assert.deepEqual(seen.errors, [], 'a stop asked for is no error');
  });

  it('remembers the edited ports for the image, and closing the terminal stops the container', async () => {
    const docker = fakeDocker('{"8080/tcp":{}}');
    const deps = runDeps({ ui: fakeRunUi({ ports: () => '9000:8080' }).ui, run: docker.run, image: 'web:dev' });
    const first = await runImageFlow(deps);
    assert.equal(first.status, 'running');
    await first.stop();
    const again = fakeRunUi({});
    const second = await runImageFlow({ ...deps, ui: again.ui, run: docker.run });
    assert.equal(second.status, 'running');
    assert.match(
      again.seen.asked[0],
      /^ports 9000:8080 \| /,
      'no image prompt after a build, the remembered ports proposed',
    );
    again.seen.closeTerminal?.();
    await second.exited;
    assert.deepEqual(docker.calls.filter((call) => call[1] === 'stop').length, 2);
  });

  it('says when the container exits on its own, with its last line', async () => {
    const docker = fakeDocker('null');
    const { ui, seen } = fakeRunUi({});
    const outcome = await runImageFlow(runDeps({ ui, run: docker.run, image: 'web:dev' }));
    assert.equal(outcome.status, 'running');
    assert.equal(
      seen.asked[0],
      'ports  | Ports to publish (-p host:container, comma-separated; empty: none). web:dev has no EXPOSE.',
    );
    assert.deepEqual(docker.calls[1], ['docker', 'run', '--rm', '--name', 'shipshape-run-web-a1', 'web:dev']);
    docker.exit(
      125,
      'docker: Error response from daemon: driver failed programming external connectivity: address already in use.\n',
    );
    await outcome.exited;
    assert.deepEqual(seen.errors, [
      'web:dev exited with 125: Error response from daemon: driver failed programming external connectivity: address already in use..',
    ]);
  });

  it('asks to build first when the image does not exist, and stops when a prompt is dismissed', async () => {
    const missing = fakeRunUi({});
    const outcome = await runImageFlow(runDeps({ ui: missing.ui, run: fakeDocker('', 1).run, image: 'web:dev' }));
    assert.deepEqual(outcome, {
      status: 'failed',
      message: 'web:dev is not an image of this docker engine: build it first (Shipshape: Build Image) or pull it.',
    });
    const dismissed = fakeDocker('{"8080/tcp":{}}');
    const aborted = await runImageFlow(
      runDeps({ ui: fakeRunUi({ ports: () => undefined }).ui, run: dismissed.run, image: 'web:dev' }),
    );
    assert.deepEqual(aborted, { status: 'aborted' });
    assert.equal(dismissed.calls.length, 1, 'nothing runs');
  });
});
