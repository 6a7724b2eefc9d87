import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  CompletionRequest,
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

/** Starts the server on `cacheDir`, opens DEPLOYMENT and asks a completion in its container; resolves with the labels. */
async function completionWithCodeCache(cacheDir: string, whileRunning: () => Promise<void>): Promise<string[]> {
  const child = spawn(process.execPath, [SERVER_BUNDLE, '--stdio'], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, SHIPSHAPE_CODE_CACHE: cacheDir },
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
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
    const uri = 'file:///launcher/complete.yaml';
    await connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'yaml', version: 1, text: `${DEPLOYMENT}          \n` },
    });
    const completion = await connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri },
      position: { line: 16, character: 10 },
    });
    await whileRunning();
    await connection.sendRequest('shutdown');
    await connection.sendNotification('exit');
    assert.equal(await exited, 0);
    const items = Array.isArray(completion) ? completion : (completion?.items ?? []);
    return items.map((item) => item.label).sort();
  } finally {
    connection.dispose();
    child.kill();
  }
}

describe("yaml-language-server's worker thread loads its bundle with the code cache too", () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'shipshape-worker-cache-'));
  after(() => rmSync(cacheDir, { recursive: true, force: true }));
  const workerCache = () => {
    const [folder] = readdirSync(cacheDir);
    const file = folder && join(cacheDir, folder, 'yamlLanguageWorkerMain.js.cache');
    return file && existsSync(file) ? file : undefined;
  };

  it(
    'the first run writes the cache a few seconds after its start, the next compiles from it',
    { timeout: 60_000 },
    async () => {
      const first = await completionWithCodeCache(cacheDir, async () => {
        // The worker saves it 3 s after it compiled its bundle afresh (yamlLanguageWorkerStart.ts).
        const deadline = Date.now() + 20_000;
        while (!workerCache() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      });
      assert.ok(first.includes('imagePullPolicy'), `completion from the schemas: ${first.join(', ')}`);
      const file = workerCache();
      assert.ok(file, 'the worker wrote its cache');
      const written = statSync(file).mtimeMs;
      // Long enough for a worker that compiled afresh (or had its cache rejected) to write it again.
      const second = await completionWithCodeCache(
        cacheDir,
        () => new Promise((resolve) => setTimeout(resolve, 4_000)),
      );
      assert.deepEqual(second, first);
      assert.equal(
        statSync(file).mtimeMs,
        written,
        'the second run compiled from the cache (a rejected one is rewritten)',
      );
    },
  );
});
