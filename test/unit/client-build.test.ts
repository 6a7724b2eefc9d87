import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { dockerBuildArgs } from '../../client/src/build/args';
import { inferBuildContext } from '../../client/src/build/context';
import { analyzeDockerfile, argsWithoutDefaults } from '../../client/src/build/dockerfile';
import { imageName, suggestTag, validateImageReference } from '../../client/src/build/imageRef';
import { parseBuildErrors } from '../../client/src/build/output';
import { classifyContainerFailure } from '../../client/src/process/errors';
import { formatCommandLine, LaunchError } from '../../client/src/process/run';

describe('validateImageReference', () => {
  const valid = [
    'app',
    'app:latest',
    'my-app_v2.0:1.2.3-rc.1',
    'team/my.app/web:v1_2',
    'registry.example.com/team/app:2024-01-01',
    'localhost:5000/app',
    'localhost/app:dev',
    'Registry.Example.com:443/a__b/c---d:TAG_1',
  ];
  for (const ref of valid) it(`accepts ${ref}`, () => assert.equal(validateImageReference(ref), undefined));

  const invalid: Array<[string, RegExp]> = [
    ['', /Enter an image name/],
    ['My-App:1', /lowercase/],
    ['app:-bad', /not a valid tag/],
    ['app:.bad', /not a valid tag/],
    ['my app', /spaces/],
    ['app@sha256:abc', /digest/],
    ['team//app', /empty path component/],
    ['-app', /not a valid repository name component/],
    ['app.', /not a valid repository name component/],
    ['host:port/app', /not a valid registry host\[:port\]/],
    [`app:${'x'.repeat(129)}`, /not a valid tag/],
  ];
  for (const [ref, why] of invalid)
    it(`rejects ${JSON.stringify(ref)}`, () => assert.match(validateImageReference(ref) ?? 'valid', why));

  it('names an image without its tag, registry defaults folded', () => {
    assert.equal(imageName('registry.example.com:5000/team/app:1.0'), 'registry.example.com:5000/team/app');
    assert.equal(imageName('docker.io/library/nginx:1.25'), 'nginx');
    assert.equal(imageName('nginx@sha256:0123'), 'nginx');
    assert.equal(imageName('localhost:5000/app'), 'localhost:5000/app');
  });

  it('suggests a valid tag from a folder name', () => {
    assert.equal(suggestTag(['My Service (v2)']), 'my-service-v2:dev');
    assert.equal(suggestTag(['web.api_x'], '3f2a9c1'), 'web.api_x:3f2a9c1');
    assert.equal(suggestTag(['***']), 'app:dev');
    assert.equal(validateImageReference(suggestTag(['My Service (v2)'])), undefined);
  });
});

describe('inferBuildContext', () => {
  const exists = (files: string[]) => (file: string) => files.includes(file);
  it('takes the nearest ancestor with a .dockerignore', () => {
    assert.equal(
      inferBuildContext(
        '/ws/svc/api/docker/Dockerfile',
        '/ws',
        exists(['/ws/svc/api/.dockerignore', '/ws/.dockerignore']),
      ),
      '/ws/svc/api',
    );
  });
  it('takes the Dockerfile folder when it has the .dockerignore', () => {
    assert.equal(inferBuildContext('/ws/a/Dockerfile', '/ws', exists(['/ws/a/.dockerignore'])), '/ws/a');
  });
  it('falls back to the workspace folder', () => {
    assert.equal(inferBuildContext('/ws/a/b/Dockerfile', '/ws', exists([])), '/ws');
  });
  it('does not look above the workspace folder', () => {
    assert.equal(inferBuildContext('/ws/a/Dockerfile', '/ws', exists(['/.dockerignore'])), '/ws');
  });
  it('uses the Dockerfile folder outside any workspace folder', () => {
    assert.equal(inferBuildContext('/elsewhere/x/Dockerfile', '/ws', exists([])), '/elsewhere/x');
    assert.equal(inferBuildContext('/elsewhere/x/Dockerfile', undefined, exists([])), '/elsewhere/x');
  });
});

describe('dockerBuildArgs', () => {
  it('builds an argument array with every option', () => {
    assert.deepEqual(
      dockerBuildArgs({
        dockerfile: "/w/it's $HOME; rm -rf/Dockerfile",
        context: "/w/it's $HOME; rm -rf",
        tag: 'app:1.0-rc.1',
        target: 'runtime',
        platform: 'linux/arm64',
        buildArgs: [
          ['VERSION', '1 2 "3"'],
          ['EMPTY', ''],
        ],
        extraArgs: ['--no-cache', '--pull=false'],
      }),
      [
        'build',
        '--file',
        "/w/it's $HOME; rm -rf/Dockerfile",
        '--tag',
        'app:1.0-rc.1',
        '--target',
        'runtime',
        '--platform',
        'linux/arm64',
        '--build-arg',
        'VERSION=1 2 "3"',
        '--build-arg',
        'EMPTY=',
        '--no-cache',
        '--pull=false',
        "/w/it's $HOME; rm -rf",
      ],
    );
  });
  it('leaves out what is not set', () => {
    assert.deepEqual(dockerBuildArgs({ dockerfile: '/w/Dockerfile', context: '/w', tag: 'a' }), [
      'build',
      '--file',
      '/w/Dockerfile',
      '--tag',
      'a',
      '/w',
    ]);
  });
  it('logs a command line quoted for reading', () => {
    assert.equal(
      formatCommandLine('docker', ['build', '--file', "/a b/it's", '-t', 'x:1']),
      `docker build --file '/a b/it'\\''s' -t x:1`,
    );
  });
});

describe('analyzeDockerfile', () => {
  const text = [
    'ARG BASE=alpine:3.20', // 0
    'ARG TOKEN', // 1
    'FROM $BASE AS build', // 2
    'ARG VERSION', // 3
    'ARG BASE', // 4 (inherits the global default)
    'ARG HTTP_PROXY', // 5 (predefined)
    'RUN make \\', // 6
    '  all', // 7
    'FROM scratch', // 8
    'ARG LATE', // 9
    'COPY --from=build /out /', // 10
  ].join('\n');
  const info = analyzeDockerfile(text);

  it('lists stages with names and lines', () => {
    assert.deepEqual(info.stages, [
      { index: 0, name: 'build', from: '$BASE', line: 2 },
      { index: 1, name: undefined, from: 'scratch', line: 8 },
    ]);
  });
  it('lists instruction start lines (the legacy builder counts steps by them)', () => {
    assert.deepEqual(info.instructionLines, [0, 1, 2, 3, 4, 5, 6, 8, 9, 10]);
  });
  it('asks only for ARGs without defaults, up to the target', () => {
    assert.deepEqual(argsWithoutDefaults(info), ['TOKEN', 'VERSION', 'LATE']);
    assert.deepEqual(argsWithoutDefaults(info, 0), ['TOKEN', 'VERSION']);
  });
});

describe('parseBuildErrors', () => {
  const lines = [0, 1, 2, 4, 6];
  it('maps a legacy builder RUN failure to its step', () => {
    const output = [
      'Step 1/5 : ARG X',
      'Step 2/5 : FROM busybox',
      ' ---> 123',
      'Step 3/5 : RUN echo hi',
      'hi',
      'Step 4/5 : RUN exit 3',
      ' ---> Running in abc',
      "The command '/bin/sh -c exit 3' returned a non-zero code: 3",
    ].join('\n');
    assert.deepEqual(parseBuildErrors(output, lines), [
      { line: 4, message: 'The command `/bin/sh -c exit 3` returned a non-zero code: 3' },
    ]);
  });
  it('maps a legacy COPY failure (Error response from daemon) to its step', () => {
    const output =
      'Step 5/5 : COPY missing /x\nCOPY failed: file not found\nError response from daemon: COPY failed: file not found in build context';
    assert.deepEqual(parseBuildErrors(output, lines), [
      { line: 6, message: 'COPY failed: file not found in build context' },
    ]);
  });
  it('reads parse errors from either builder', () => {
    assert.deepEqual(
      parseBuildErrors('Error response from daemon: dockerfile parse error line 2: unknown instruction: RUNX', lines),
      [{ line: 1, message: 'Dockerfile parse error: unknown instruction: RUNX' }],
    );
    assert.deepEqual(
      parseBuildErrors('ERROR: failed to solve: dockerfile parse error on line 7: unknown instruction: FOO', lines),
      [{ line: 6, message: 'Dockerfile parse error: unknown instruction: FOO' }],
    );
  });
  it('reads BuildKit Dockerfile:<line> blocks', () => {
    const output = [
      '#7 [2/3] RUN exit 3',
      '#7 ERROR: process "/bin/sh -c exit 3" did not complete successfully: exit code: 3',
      '------',
      ' > [2/3] RUN exit 3:',
      '------',
      'app.Dockerfile:3',
      '--------------------',
      '   1 |     FROM busybox',
      '   2 |     RUN echo hi',
      '>>> 3 |     RUN exit 3',
      '--------------------',
      'ERROR: failed to build: failed to solve: process "/bin/sh -c exit 3" did not complete successfully: exit code: 3',
    ].join('\n');
    assert.deepEqual(parseBuildErrors(output, lines, 'app.Dockerfile'), [
      { line: 2, message: 'process "/bin/sh -c exit 3" did not complete successfully: exit code: 3' },
    ]);
  });
  it('reads buildah steps', () => {
    const output =
      '[1/2] STEP 1/2: FROM busybox\n[1/2] STEP 2/2: RUN false\nError: building at STEP "RUN false": while running runtime: exit status 1';
    assert.deepEqual(parseBuildErrors(output, [0, 3]), [
      { line: 3, message: 'building at STEP "RUN false": while running runtime: exit status 1' },
    ]);
  });
  it('finds nothing in a successful build or output lines that only look like locations', () => {
    assert.deepEqual(parseBuildErrors('Step 1/1 : FROM scratch\nnotes.txt:12\nSuccessfully built abc', lines), []);
  });
});

describe('classifyContainerFailure', () => {
  it('says the CLI is not installed on ENOENT', () => {
    const failure = classifyContainerFailure(
      'podman',
      new LaunchError('podman', 'ENOENT', { cause: new Error('spawn podman ENOENT') }),
    );
    assert.deepEqual(failure, {
      kind: 'cli-missing',
      message: 'podman is not installed (or not on PATH); set shipshape.build.containerCli.',
    });
  });
  it('says the daemon is not running', () => {
    const failure = classifyContainerFailure(
      'docker',
      undefined,
      'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?',
    );
    assert.deepEqual(failure, {
      kind: 'daemon-not-running',
      message: 'The docker daemon is not running (at unix:///var/run/docker.sock): start it and try again.',
    });
  });
  it('says the socket refused permission', () => {
    const stderr =
      'permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: Post "http://%2Fvar%2Frun%2Fdocker.sock/v1.50/build": dial unix /var/run/docker.sock: connect: permission denied';
    assert.equal(classifyContainerFailure('docker', undefined, stderr).kind, 'socket-permission-denied');
  });
  it('calls anything else a failed build', () => {
    assert.equal(
      classifyContainerFailure('docker', undefined, "The command '/bin/sh -c false' returned a non-zero code: 1").kind,
      'failed',
    );
  });
});
