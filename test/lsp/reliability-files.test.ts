import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { DocumentFormattingRequest, FileChangeType, HoverRequest, type TextEdit } from 'vscode-languageserver-protocol';
import { CHECK_FILE_REQUEST } from '../../common/src/contract';
import { LspTestClient } from '../helpers/lspClient';

/** Each of these used to block the server for good (a FIFO) or read a gigabyte (/dev/zero): issue 15, item 4. */
describe(
  'reliability: the server reads only regular files, asynchronously, within a size limit (item 4)',
  { skip: process.platform === 'win32' },
  () => {
    let folder: string;
    let client: LspTestClient;
    const fifo = (path: string) => execFileSync('mkfifo', [path]);
    const answering = async () => {
      // A hover on a document nobody opened is answered at once by a server that is not blocked.
      await client.connection.sendRequest(HoverRequest.type, {
        textDocument: { uri: 'file:///nowhere.yaml' },
        position: { line: 0, character: 0 },
      });
    };

    before(async () => {
      folder = mkdtempSync(join(tmpdir(), 'shipshape-files-'));
      client = await LspTestClient.start({}, { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } }, [
        pathToFileURL(folder).href,
      ]);
    });
    after(async () => {
      assert.equal(await client.stop(), 0);
      rmSync(folder, { recursive: true, force: true });
    });

    it(
      'shipshape/checkFile on a FIFO answers at once (nothing to check) and the server keeps answering',
      { timeout: 10_000 },
      async () => {
        const path = join(folder, 'Dockerfile.fifo');
        fifo(path);
        assert.deepEqual(await client.connection.sendRequest(CHECK_FILE_REQUEST, { uri: pathToFileURL(path).href }), {
          errors: 0,
          warnings: 0,
        });
        await answering();
      },
    );

    it(
      'a Dockerfile whose .dockerignore is a FIFO and whose .hadolint.yaml links to /dev/zero is still checked',
      { timeout: 10_000 },
      async () => {
        const context = join(folder, 'ctx');
        mkdirSync(context);
        fifo(join(context, '.dockerignore'));
        symlinkSync('/dev/zero', join(context, '.hadolint.yaml'));
        const published = await client.open(
          pathToFileURL(join(context, 'Dockerfile')).href,
          'dockerfile',
          'FROM debian\nCOPY . /app\n',
        );
        assert.deepEqual(
          published.diagnostics.map((diagnostic) => diagnostic.code),
          ['DL3006'],
        );
        await answering();
      },
    );

    it(
      'a directory named .hadolint.yaml is no config; a real one above is honoured on the first publish',
      { timeout: 10_000 },
      async () => {
        const project = join(folder, 'project');
        mkdirSync(join(project, 'app', '.hadolint.yaml'), { recursive: true });
        writeFileSync(join(project, '.hadolint.yaml'), 'ignored:\n  - DL3006\n');
        const published = await client.open(
          pathToFileURL(join(project, 'app', 'Dockerfile')).href,
          'dockerfile',
          'FROM debian\n',
        );
        assert.deepEqual(published.diagnostics, []);
      },
    );

    it(
      'a watched-file event for a FIFO named like a manifest does not block the server',
      { timeout: 10_000 },
      async () => {
        const path = join(folder, 'pipe.yaml');
        fifo(path);
        await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
          changes: [{ uri: pathToFileURL(path).href, type: FileChangeType.Changed }],
        });
        await answering();
      },
    );

    it('formatting with an absurd tabSize (1e9) is clamped, not gigabytes of spaces', { timeout: 10_000 }, async () => {
      const uri = pathToFileURL(join(folder, 'fmt', 'Dockerfile')).href;
      await client.open(uri, 'dockerfile', 'FROM alpine:3.20\nRUN apk add --no-cache curl \\\ncurl -V\n');
      const edits = (await client.connection.sendRequest(DocumentFormattingRequest.type, {
        textDocument: { uri },
        options: { tabSize: 1e9, insertSpaces: true },
      })) as TextEdit[];
      assert.ok(edits.length > 0, 'the continuation line is indented');
      assert.ok(
        edits.every((edit) => edit.newText.length <= 16),
        JSON.stringify(edits),
      );
    });
  },
);
