import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  createProtocolConnection,
  InitializeRequest,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { SERVER_BUNDLE } from '../helpers/lspClient';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: web
          image: nginx:1.25
`;

/**
 * Starts the server as the extension does (its code cache in a folder the extension names: SHIPSHAPE_CODE_CACHE),
 * opens DEPLOYMENT, stops it: its diagnostics.
 */
async function diagnosticsWithCodeCache(cacheDir: string): Promise<PublishDiagnosticsParams> {
  const child = spawn(process.execPath, [SERVER_BUNDLE, '--stdio'], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, SHIPSHAPE_CODE_CACHE: cacheDir },
  });
  const stderr: string[] = [];
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  const uri = 'file:///launcher/web.yaml';
  const published = new Promise<PublishDiagnosticsParams>((resolve) =>
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      if (params.uri === uri) resolve(params);
    }),
  );
  connection.listen();
  try {
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities: {},
      workspaceFolders: null,
      initializationOptions: { settings: {} },
    });
    await connection.sendNotification('initialized', {});
    await connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'yaml', version: 1, text: DEPLOYMENT },
    });
    const params = await published;
    await connection.sendRequest('shutdown');
    await connection.sendNotification('exit');
    assert.equal(await exited, 0, `the server exits cleanly; stderr: ${stderr.join('')}`);
    return params;
  } finally {
    connection.dispose();
    child.kill();
  }
}

describe("the server's code cache in the folder the extension names (common/src/codeCache.ts)", () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'shipshape-server-cache-'));
  after(() => rmSync(cacheDir, { recursive: true, force: true }));

  it('runs the server, and the next start runs it from the code cache the first one left', async () => {
    const first = await diagnosticsWithCodeCache(cacheDir);
    const codes = first.diagnostics.map((diagnostic) => diagnostic.code);
    assert.ok(codes.includes('k8s/selector-mismatch'), `the selector mismatch is found: ${codes.join(', ')}`);
    const [folder, ...others] = readdirSync(cacheDir);
    assert.deepEqual(others, [], 'one folder, for this version and V8');
    const caches = readdirSync(join(cacheDir, folder)).sort();
    assert.deepEqual(
      caches,
      ['kubernetesEngine.js.cache', 'serverMain.js.cache'],
      'the first start, stopped, left them',
    );
    const written = caches.map((name) => statSync(join(cacheDir, folder, name)).mtimeMs);

    const second = await diagnosticsWithCodeCache(cacheDir);
    assert.deepEqual(second.diagnostics, first.diagnostics);
    // A cache V8 refused would have been written again.
    assert.deepEqual(
      caches.map((name) => statSync(join(cacheDir, folder, name)).mtimeMs),
      written,
      'the second start used the caches',
    );
  });
});
