import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { after, describe, it } from 'node:test';
import {
  createClientPipeTransport,
  createClientSocketTransport,
  createProtocolConnection,
  generateRandomPipeName,
  InitializeRequest,
  PublishDiagnosticsNotification,
  type MessageReader,
  type MessageWriter,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { LspTestClient, SERVER_BUNDLE } from '../helpers/lspClient';

/** A Deployment with its HPA, `count` times: eight findings each (hints, notes, a warning across documents). */
function manifests(count: number): string {
  return Array.from(
    { length: count },
    (_, index) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${index}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: app-${index}
  template:
    metadata:
      labels:
        app: app-${index}
    spec:
      containers:
        - name: web
          image: registry.example.com/app-${index}:1.0.0
        - name: proxy
          image: registry.example.com/proxy:2.0
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: app-${index}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: app-${index}
  minReplicas: 2
  maxReplicas: 5
`,
  ).join('---\n');
}

const URI = 'file:///work/transport/app.yaml';

describe('transport: publishes reuse the JSON of unchanged diagnostics, on every stream transport', () => {
  const clients: LspTestClient[] = [];
  after(async () => {
    for (const client of clients) if (client.alive) await client.stop();
  });

  it('after a run of edits, a large file has the diagnostics a fresh server finds in its final text', async () => {
    let text = manifests(30);
    const edited = await LspTestClient.start();
    clients.push(edited);
    const opened = await edited.open(URI, 'yaml', text);
    assert.ok(opened.diagnostics.length >= 64, `only ${opened.diagnostics.length} diagnostics: the cache is not used`);
    // Each edit changes what is reported or where: a value, a line added above later documents (every later
    // diagnostic moves), a finding fixed, a new one, an HPA's target renamed (a finding across documents goes).
    const edits: Array<(before: string) => string> = [
      (before) => before.replace('replicas: 2', 'replicas: 3'),
      (before) => before.replace('  name: app-3\n', '  name: app-3\n  labels:\n    tier: web\n'),
      (before) => before.replace('image: registry.example.com/app-5:1.0.0', 'image: registry.example.com/app-5'),
      (before) => before.replace('    name: app-7\n  minReplicas', '    name: app-77\n  minReplicas'),
      (before) => before.replace('  name: app-3\n  labels:\n    tier: web\n', '  name: app-3\n'),
      (before) => before.replace('        - name: proxy\n', '        - name: sidecar\n'),
    ];
    let version = 1;
    let current: PublishDiagnosticsParams = opened;
    for (const edit of edits) {
      text = edit(text);
      version++;
      const published = edited.nextDiagnostics(URI, (params) => params.version === version);
      await edited.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri: URI, version },
        contentChanges: [{ text }],
      });
      current = await published;
    }
    const fresh = await LspTestClient.start();
    clients.push(fresh);
    const expected = await fresh.open(URI, 'yaml', text, version);
    assert.deepEqual(sorted(current.diagnostics), sorted(expected.diagnostics));
  });

  for (const kind of ['pipe', 'socket'] as const)
    it(`serves an editor over a ${kind} (--${kind}), large publishes included`, async () => {
      let reader: MessageReader;
      let writer: MessageWriter;
      let argument: string;
      let connected: Promise<[MessageReader, MessageWriter]>;
      if (kind === 'pipe') {
        const name = generateRandomPipeName();
        const transport = await createClientPipeTransport(name);
        argument = `--pipe=${name}`;
        connected = transport.onConnected();
      } else {
        const port = 20000 + Math.floor(Math.random() * 20000);
        const transport = await createClientSocketTransport(port);
        argument = `--socket=${port}`;
        connected = transport.onConnected();
      }
      const server = spawn(process.execPath, [SERVER_BUNDLE, argument], { stdio: 'ignore', cwd: tmpdir() });
      const exited = new Promise((resolve) => server.once('exit', resolve));
      try {
        [reader, writer] = await connected;
        const connection = createProtocolConnection(reader, writer);
        const published = new Promise<PublishDiagnosticsParams>((resolve) =>
          connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
            if (params.uri === URI && params.diagnostics.length > 0) resolve(params);
          }),
        );
        connection.listen();
        const answer = await connection.sendRequest(InitializeRequest.type, {
          processId: process.pid,
          rootUri: null,
          capabilities: {},
          workspaceFolders: null,
        });
        assert.ok(answer.capabilities.textDocumentSync, 'no initialize answer');
        await connection.sendNotification('initialized', {});
        await connection.sendNotification('textDocument/didOpen', {
          textDocument: { uri: URI, languageId: 'yaml', version: 1, text: manifests(20) },
        });
        const params = await published;
        assert.ok(params.diagnostics.length >= 64, `${params.diagnostics.length} diagnostics`);
        assert.ok(params.diagnostics.every((diagnostic) => diagnostic.source === 'shipshape' && diagnostic.range));
        await connection.sendRequest('shutdown');
        await connection.sendNotification('exit');
        await exited;
        connection.dispose();
      } finally {
        server.kill();
      }
    });
});

const sorted = (list: readonly unknown[]) => list.map((item) => JSON.stringify(item)).sort();
