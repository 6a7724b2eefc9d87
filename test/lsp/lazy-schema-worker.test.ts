import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { CompletionRequest } from 'vscode-languageserver-protocol';
import { LspTestClient } from '../helpers/lspClient';

// VS Code starts the server in every window (the extension activates at start-up: package.json, onStartupFinished):
// yaml-language-server's worker thread (completion and hover from the schemas) starts only where there is YAML to
// complete. The server says in its log when and why it starts it.

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
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.25
          
`;
const DOCKERFILE = 'FROM node:20\nCMD ["node", "index.js"]\n';
const WORKER_START = /^Loading yaml-language-server on its worker: (.*)$/;

/** A server on `folder`, with its log kept; resolves once its start-up scan of the folder is over. */
async function serverOn(folder: string): Promise<{ client: LspTestClient; logs: string[] }> {
  const client = await LspTestClient.start({}, {}, [pathToFileURL(folder).href]);
  const logs: string[] = [];
  const scanned = new Promise<void>((resolve) =>
    client.connection.onNotification('window/logMessage', (params: { message: string }) => {
      logs.push(params.message);
      if (params.message.startsWith('Indexed ')) resolve();
    }),
  );
  await scanned;
  return { client, logs };
}

const workerStarts = (logs: string[]) => logs.flatMap((line) => WORKER_START.exec(line)?.[1] ?? []);

describe("yaml-language-server's worker starts only where there is YAML", () => {
  const folders: string[] = [];
  const folder = () => {
    const made = mkdtempSync(join(tmpdir(), 'shipshape-lazy-worker-'));
    folders.push(made);
    return made;
  };
  after(() => {
    for (const made of folders) rmSync(made, { recursive: true, force: true });
  });

  it('not in a window without YAML (a Dockerfile open), then once the first YAML file is open; completion works at once', async () => {
    const { client, logs } = await serverOn(folder());
    try {
      await client.open('file:///ws/Dockerfile', 'dockerfile', DOCKERFILE);
      // Longer than the server's pause before it starts a wanted worker (a second: server.ts).
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      assert.deepEqual(workerStarts(logs), [], 'no worker before a YAML document opens');
      const uri = 'file:///ws/web.yaml';
      await client.open(uri, 'yaml', DEPLOYMENT);
      // Right after the first diagnostics, before or while the worker loads: the completion waits for it.
      const completion = await client.connection.sendRequest(CompletionRequest.type, {
        textDocument: { uri },
        position: { line: 16, character: 10 },
      });
      const items = Array.isArray(completion) ? completion : (completion?.items ?? []);
      assert.ok(
        items.some((item) => item.label === 'imagePullPolicy'),
        `completion from the schemas: ${JSON.stringify(items.map((item) => item.label))}`,
      );
      const starts = workerStarts(logs);
      assert.equal(starts.length, 1, `one worker: ${JSON.stringify(starts)}`);
      assert.match(starts[0], /YAML document was opened|completion/);
    } finally {
      assert.equal(await client.stop(), 0);
    }
  });

  it('at start-up when the workspace scan found manifests, with no document open', async () => {
    const withManifests = folder();
    writeFileSync(join(withManifests, 'web.yaml'), DEPLOYMENT);
    const { client, logs } = await serverOn(withManifests);
    try {
      // The worker starts a second after the scan (server.ts): its log line, within a deadline.
      const deadline = Date.now() + 10_000;
      while (workerStarts(logs).length === 0 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
      assert.deepEqual(workerStarts(logs), ['the workspace has manifests']);
    } finally {
      assert.equal(await client.stop(), 0);
    }
  });
});
