import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { LspTestClient } from '../helpers/lspClient';

/** ShellCheck inside RUN over real LSP: the server's background runner, with the real shellcheck. */

function shellcheckSkipReason(): string | false {
  try {
    execFileSync('shellcheck', ['--version'], { stdio: 'ignore' });
    return false;
  } catch {
    return 'shellcheck is not installed: run bash test/realparts/install-deps.sh (apt-get install shellcheck)';
  }
}

const TEXT = 'FROM debian:12.5\nRUN echo $HOME && \\\n    cd /tmp\n';
const scOf = (params: PublishDiagnosticsParams) =>
  params.diagnostics
    .filter((diagnostic) => String(diagnostic.code).startsWith('SC'))
    .map(
      (diagnostic) =>
        `${diagnostic.code}@${diagnostic.range.start.line}:${diagnostic.range.start.character}-${diagnostic.range.end.line}:${diagnostic.range.end.character}`,
    )
    .sort();

describe('ShellCheck in the background over real LSP', { skip: shellcheckSkipReason() }, () => {
  let folder: string;
  let client: LspTestClient;
  const logs: string[] = [];

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'shipshape-lsp-shellcheck-'));
    client = await LspTestClient.start({}, {}, [], undefined, { workspaceTrusted: true });
    client.connection.onNotification('window/logMessage', (params: { message: string }) => logs.push(params.message));
  });
  after(async () => {
    await client.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it("the Dockerfile's diagnostics are published first without SC findings, then again with them on their ranges", async () => {
    const uri = pathToFileURL(join(folder, 'Dockerfile')).href;
    const withShellcheck = client.nextDiagnostics(uri, (params) => scOf(params).length > 0);
    const first = await client.open(uri, 'dockerfile', TEXT);
    assert.deepEqual(scOf(first), [], 'the first publication does not wait for shellcheck');
    const second = await withShellcheck;
    assert.deepEqual(scOf(second), ['SC2086@1:9-1:14', 'SC2164@2:4-2:11']);
    const link = second.diagnostics.find((diagnostic) => diagnostic.code === 'SC2164')!.codeDescription?.href;
    assert.equal(link, 'https://www.shellcheck.net/wiki/SC2164');
  });

  it('an edit: the unchanged RUN is answered from the cache at once (moved with its line), the new one after shellcheck', async () => {
    const uri = pathToFileURL(join(folder, 'Dockerfile')).href;
    const edited = `# moved down\n${TEXT}RUN [ $HOME == x ]\n`;
    const first = client.nextDiagnostics(uri, (params) => params.version === 2);
    const later = client.nextDiagnostics(
      uri,
      (params) => params.version === 2 && scOf(params).some((entry) => entry.startsWith('SC3014')),
    );
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: edited }],
    });
    assert.deepEqual(scOf(await first), ['SC2086@2:9-2:14', 'SC2164@3:4-3:11']);
    assert.deepEqual(scOf(await later), ['SC2086@2:9-2:14', 'SC2086@4:6-4:11', 'SC2164@3:4-3:11', 'SC3014@4:12-4:14']);
  });
});

describe('ShellCheck that hangs or crashes: time-boxed, one information note, the other diagnostics stay', () => {
  let folder: string;

  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'shipshape-lsp-shellcheck-fake-'));
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  /**
   * The one place a stand-in is allowed: a "shellcheck" that never answers (or crashes) cannot be had from the real
   * binary. These small scripts, written here, play it.
   */
  function fake(name: string, body: string): string {
    const path = join(folder, name);
    writeFileSync(path, `#!/bin/sh\n${body}\n`);
    chmodSync(path, 0o755);
    return path;
  }

  it(
    'a shellcheck that hangs is killed after 5 s: an information note, the DL findings still there, the server alive',
    { timeout: 30_000 },
    async () => {
      const client = await LspTestClient.start(
        { shellcheck: { path: fake('hanging-shellcheck', 'exec sleep 120') } },
        {},
        [],
        undefined,
        { workspaceTrusted: true },
      );
      try {
        const uri = pathToFileURL(join(folder, 'Dockerfile')).href;
        const noted = client.nextDiagnostics(uri, (params) =>
          params.diagnostics.some((diagnostic) => diagnostic.code === 'shellcheck/failed'),
        );
        const started = Date.now();
        const first = await client.open(uri, 'dockerfile', 'FROM debian\nRUN echo $HOME\n');
        assert.ok(
          first.diagnostics.some((diagnostic) => diagnostic.code === 'DL3006'),
          'published without waiting',
        );
        const published = await noted;
        const elapsed = Date.now() - started;
        assert.ok(elapsed >= 5_000 && elapsed < 15_000, `noted after ${elapsed} ms`);
        const notes = published.diagnostics.filter((diagnostic) => diagnostic.code === 'shellcheck/failed');
        assert.equal(notes.length, 1);
        assert.equal(notes[0].severity, 3, 'information, never an error');
        assert.match(notes[0].message, /did not finish within 5 s/);
        assert.ok(published.diagnostics.some((diagnostic) => diagnostic.code === 'DL3006'));
        assert.ok(client.alive);
      } finally {
        await client.stop();
      }
    },
  );

  it('a shellcheck that crashes: one information note with what it said; a missing one: one log line, no diagnostic', async () => {
    const client = await LspTestClient.start(
      { shellcheck: { path: fake('crashing-shellcheck', 'echo "segmentation fault" >&2; exit 139') } },
      {},
      [],
      undefined,
      { workspaceTrusted: true },
    );
    try {
      const uri = pathToFileURL(join(folder, 'crash.Dockerfile')).href;
      const noted = client.nextDiagnostics(uri, (params) =>
        params.diagnostics.some((diagnostic) => diagnostic.code === 'shellcheck/failed'),
      );
      await client.open(uri, 'dockerfile', 'FROM debian:12.5\nRUN echo $HOME\n');
      const note = (await noted).diagnostics.filter((diagnostic) => diagnostic.code === 'shellcheck/failed');
      assert.equal(note.length, 1);
      assert.match(note[0].message, /segmentation fault/);
    } finally {
      await client.stop();
    }
    const missing = await LspTestClient.start(
      { shellcheck: { path: join(folder, 'no-such-shellcheck') } },
      {},
      [],
      undefined,
      { workspaceTrusted: true },
    );
    const logs: string[] = [];
    missing.connection.onNotification('window/logMessage', (params: { message: string }) => logs.push(params.message));
    try {
      for (const name of ['a', 'b']) {
        const uri = pathToFileURL(join(folder, name, 'Dockerfile')).href;
        const published = await missing.open(uri, 'dockerfile', 'FROM debian:12.5\nRUN echo $HOME\n');
        assert.ok(!published.diagnostics.some((diagnostic) => /^(SC|shellcheck)/.test(String(diagnostic.code))));
      }
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      assert.equal(logs.filter((line) => /ShellCheck is off/.test(line)).length, 1, logs.join('\n'));
    } finally {
      await missing.stop();
    }
  });

  it('an untrusted workspace: shellcheck never runs (the fake would leave a mark), one log line says so', async () => {
    const mark = join(folder, 'ran');
    const client = await LspTestClient.start(
      { shellcheck: { path: fake('marking-shellcheck', `touch '${mark}'; echo '{"comments":[]}'`) } },
      {},
      [],
      undefined,
      { workspaceTrusted: false },
    );
    const logs: string[] = [];
    client.connection.onNotification('window/logMessage', (params: { message: string }) => logs.push(params.message));
    try {
      await client.open(
        pathToFileURL(join(folder, 'untrusted', 'Dockerfile')).href,
        'dockerfile',
        'FROM debian:12.5\nRUN echo $HOME\n',
      );
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      assert.throws(() => execFileSync('test', ['-e', mark]));
      assert.equal(
        logs.filter((line) => /not trusted/.test(line) && /ShellCheck/.test(line)).length,
        1,
        logs.join('\n'),
      );
    } finally {
      await client.stop();
    }
  });
});
