import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { FileChangeType, type Diagnostic, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { LspTestClient } from '../helpers/lspClient';
import { HARDENED_DEPLOYMENT, HPA_FOR_WEB } from '../helpers/service';

const NO_CPU = HARDENED_DEPLOYMENT.replace('              cpu: 100m\n', '');
const codes = (params: PublishDiagnosticsParams) => params.diagnostics.map((diagnostic: Diagnostic) => diagnostic.code);
const hasCrossFinding = (params: PublishDiagnosticsParams) => codes(params).includes('k8s/hpa-target-no-requests');

describe('the workspace index over real LSP: an HPA in one file, its Deployment in another', () => {
  let folder: string;
  let client: LspTestClient;
  let deployUri: string;
  let hpaUri: string;

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'shipshape-ws-'));
    writeFileSync(join(folder, 'deploy.yaml'), NO_CPU);
    writeFileSync(join(folder, 'hpa.yaml'), HPA_FOR_WEB);
    deployUri = pathToFileURL(join(folder, 'deploy.yaml')).href;
    hpaUri = pathToFileURL(join(folder, 'hpa.yaml')).href;
    client = await LspTestClient.start({}, {}, [pathToFileURL(folder).href]);
  });
  after(async () => {
    await client.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('a Deployment on disk (never opened) is seen by the open HPA', async () => {
    const flagged = client.nextDiagnostics(hpaUri, hasCrossFinding);
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: hpaUri, languageId: 'yaml', version: 1, text: HPA_FOR_WEB },
    });
    const published = await flagged;
    assert.match(
      published.diagnostics[0].message,
      /container "web" of Deployment "web" \(deploy\.yaml:4\) has no cpu request/,
    );
  });

  it("editing the Deployment in its own editor updates the HPA's diagnostics", async () => {
    await client.open(deployUri, 'yaml', NO_CPU);
    const cleared = client.nextDiagnostics(hpaUri, (params) => params.diagnostics.length === 0);
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: deployUri, version: 2 },
      contentChanges: [{ text: HARDENED_DEPLOYMENT }],
    });
    await cleared;
  });

  it("closing the Deployment unsaved brings back the disk's version, and the HPA's finding", async () => {
    const flagged = client.nextDiagnostics(hpaUri, hasCrossFinding);
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: deployUri } });
    await flagged;
  });

  it('a change on disk (a watched-file event) updates the HPA', async () => {
    writeFileSync(join(folder, 'deploy.yaml'), HARDENED_DEPLOYMENT);
    const cleared = client.nextDiagnostics(hpaUri, (params) => params.diagnostics.length === 0);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: deployUri, type: FileChangeType.Changed }],
    });
    await cleared;
  });

  it('deleting the Deployment leaves the HPA quiet (its target may live elsewhere)', async () => {
    writeFileSync(join(folder, 'deploy.yaml'), NO_CPU);
    const flagged = client.nextDiagnostics(hpaUri, hasCrossFinding);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: deployUri, type: FileChangeType.Changed }],
    });
    await flagged;
    rmSync(join(folder, 'deploy.yaml'));
    const cleared = client.nextDiagnostics(hpaUri, (params) => params.diagnostics.length === 0);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: deployUri, type: FileChangeType.Deleted }],
    });
    await cleared;
  });
});

describe('Dockerfiles follow their .hadolint.yaml over real LSP', () => {
  it('a changed .hadolint.yaml (a watched-file event) re-checks the open Dockerfile', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'shipshape-hadolint-'));
    const client = await LspTestClient.start({}, {}, [pathToFileURL(folder).href]);
    try {
      const uri = pathToFileURL(join(folder, 'Dockerfile')).href;
      const text = 'FROM debian\nUSER 1000\nCMD ["true"]\n';
      writeFileSync(join(folder, 'Dockerfile'), text);
      const first = await client.open(uri, 'dockerfile', text);
      assert.deepEqual(codes(first), ['DL3006']);
      writeFileSync(join(folder, '.hadolint.yaml'), 'ignored:\n  - DL3006\n');
      const quiet = client.nextDiagnostics(uri, (params) => params.diagnostics.length === 0);
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [{ uri: pathToFileURL(join(folder, '.hadolint.yaml')).href, type: FileChangeType.Created }],
      });
      await quiet;
    } finally {
      await client.stop();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('workspace folders that come and go over real LSP', () => {
  it('a removed folder takes its manifests out of the index; an added one brings them in', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'shipshape-folders-'));
    const other = mkdtempSync(join(tmpdir(), 'shipshape-folders-other-'));
    writeFileSync(join(other, 'deploy.yaml'), NO_CPU);
    const client = await LspTestClient.start({}, { workspace: { workspaceFolders: true } }, [
      pathToFileURL(folder).href,
      pathToFileURL(other).href,
    ]);
    try {
      const hpaUri = pathToFileURL(join(folder, 'hpa.yaml')).href;
      const flagged = client.nextDiagnostics(hpaUri, hasCrossFinding);
      await client.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri: hpaUri, languageId: 'yaml', version: 1, text: HPA_FOR_WEB },
      });
      await flagged;
      const removed = client.nextDiagnostics(hpaUri, (params) => params.diagnostics.length === 0);
      const otherFolder = { uri: pathToFileURL(other).href, name: 'other' };
      await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', {
        event: { added: [], removed: [otherFolder] },
      });
      await removed;
      const added = client.nextDiagnostics(hpaUri, hasCrossFinding);
      await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', {
        event: { added: [otherFolder], removed: [] },
      });
      await added;
    } finally {
      await client.stop();
      rmSync(folder, { recursive: true, force: true });
      rmSync(other, { recursive: true, force: true });
    }
  });
});
