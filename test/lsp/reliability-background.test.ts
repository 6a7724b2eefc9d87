import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { resolveSettings } from '../../common/src/contract';
import { createLanguageService, toDiagnostic } from '../../server/src/service';
import { LspTestClient } from '../helpers/lspClient';

/** Every request answered within a second on any input up to maxFileSizeMB (issue 15, item 8). */
const SECOND = 1000;

/** A multi-document YAML file of `count` Deployments, each a little different (no two documents alike). */
function deployments(count: number): string {
  const parts: string[] = [];
  for (let index = 0; index < count; index++) {
    parts.push(`---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${index}
  labels:
    app: app-${index}
spec:
  replicas: ${(index % 5) + 1}
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
          image: registry.example.com/team/app-${index}:latest
          ports:
            - containerPort: ${8000 + (index % 1000)}
          resources:
            limits:
              cpu: 500m
              memory: 256Mi
`);
  }
  return parts.join('');
}

function dockerfile(bytes: number): string {
  const lines = ['FROM debian:bookworm'];
  for (let index = 0, size = 0; size < bytes; index++) {
    const line =
      index % 50 === 0
        ? `RUN apt-get install -y curl${index} && cd /tmp`
        : `COPY src/file-${index}.txt /app/file-${index}.txt`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n') + '\n';
}

/** What the language service itself finds, as the server publishes it (the large-file note aside). */
function expected(uri: string, languageId: string, text: string): unknown[] {
  const service = createLanguageService();
  service.configure(resolveSettings({}));
  return service.validate(TextDocument.create(uri, languageId, 1, text)).map(toDiagnostic);
}

const own = (params: PublishDiagnosticsParams) =>
  params.diagnostics.filter((diagnostic) => diagnostic.code !== 'shipshape/large-file');

describe('reliability: large documents are validated off the main thread (item 8)', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start({});
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
  });

  it(
    'a 7 MB YAML and a 4 MB Dockerfile validating: a small file is validated, completed and hovered within a second, and the large files get their diagnostics',
    { timeout: 300_000 },
    async () => {
      // yaml-language-server's worker loaded first (its load, a quarter of a second of CPU, is the first completion's
      // on a busy machine, whatever else runs): the latencies below are what the large files' validation costs.
      const warm = 'file:///ws/background/warm.yaml';
      await client.open(warm, 'yaml', 'apiVersion: apps/v1\nkind: Deployment\nspec:\n  \n');
      await client.connection.sendRequest('textDocument/completion', {
        textDocument: { uri: warm },
        position: { line: 3, character: 2 },
      });
      const yamlText = deployments(15_000);
      const dockerText = dockerfile(4 * 1_048_576);
      assert.ok(yamlText.length > 7_000_000 && yamlText.length < 10 * 1_048_576, `${yamlText.length} chars`);
      const bigYaml = 'file:///ws/background/all.yaml';
      const bigDocker = 'file:///ws/background/Dockerfile';
      const yamlPublished = client.nextDiagnostics(bigYaml, () => true, 240_000);
      const dockerPublished = client.nextDiagnostics(bigDocker, () => true, 240_000);
      let bigDone = 0;
      void yamlPublished.then(
        () => bigDone++,
        () => undefined,
      );
      void dockerPublished.then(
        () => bigDone++,
        () => undefined,
      );
      await client.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri: bigYaml, languageId: 'yaml', version: 1, text: yamlText },
      });
      await client.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri: bigDocker, languageId: 'dockerfile', version: 1, text: dockerText },
      });

      const small = 'file:///ws/background/small.yaml';
      const smallText = deployments(1).replace('app-0:latest', 'app-0:1.0');
      const started = Date.now();
      const smallPublished = await client.open(small, 'yaml', smallText);
      const smallMs = Date.now() - started;
      assert.ok(smallPublished.diagnostics.length > 0);
      assert.ok(smallMs < SECOND, `the small file's diagnostics took ${smallMs} ms`);
      const line = smallText.split('\n').findIndex((text) => text.includes('image:'));
      const latencies: number[] = [];
      for (let round = 0; round < 5; round++) {
        for (const [method, character] of [
          ['textDocument/completion', 10],
          ['textDocument/hover', 11],
        ] as const) {
          const sent = Date.now();
          const answer = await client.connection.sendRequest(method, {
            textDocument: { uri: small },
            position: { line, character },
          });
          latencies.push(Date.now() - sent);
          assert.ok(answer, `${method} answered`);
        }
      }
      // The requests were answered while the large files were still being validated, each within a second.
      assert.equal(bigDone, 0, 'the large files were still validating');
      assert.ok(Math.max(...latencies) < SECOND, `latencies: ${latencies.join(', ')} ms`);

      const yamlDiagnostics = await yamlPublished;
      const dockerDiagnostics = await dockerPublished;
      // Every Deployment's `:latest` image, and no requests: found in each of the 15,000 documents.
      assert.equal(
        yamlDiagnostics.diagnostics.filter((diagnostic) => diagnostic.code === 'k8s/image-tag').length,
        15_000,
      );
      assert.equal(dockerDiagnostics.diagnostics[0].code, 'shipshape/large-file');
      assert.ok(own(dockerDiagnostics).some((diagnostic) => diagnostic.code === 'DL3015'));

      // An edit to one document of the large YAML: validated again with the other documents' analyses reused.
      const edited = client.nextDiagnostics(bigYaml, (params) => params.version === 2, 60_000);
      const replicasLine = yamlText.split('\n').findIndex((text) => text === '  replicas: 1');
      await client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri: bigYaml, version: 2 },
        contentChanges: [
          {
            range: { start: { line: replicasLine, character: 0 }, end: { line: replicasLine, character: 0 } },
            text: '#',
          },
        ],
      });
      assert.equal((await edited).diagnostics.length, yamlDiagnostics.diagnostics.length);
      const sent = Date.now();
      await client.connection.sendRequest('textDocument/hover', {
        textDocument: { uri: small },
        position: { line, character: 11 },
      });
      assert.ok(Date.now() - sent < SECOND);
    },
  );

  it(
    "the diagnostics made in the background are the language service's own (a 600 KB YAML, a 600 KB Dockerfile)",
    { timeout: 120_000 },
    async () => {
      const yamlText = deployments(1_300).replace('app-7:latest', 'app-7:1.0').replace('replicas: 3', 'replicas: "3"');
      assert.ok(yamlText.length > 600_000);
      const yamlUri = 'file:///ws/background/equal.yaml';
      const yamlPublished = await client.open(yamlUri, 'yaml', yamlText);
      assert.deepEqual(own(yamlPublished), expected(yamlUri, 'yaml', yamlText));
      const dockerText = dockerfile(600_000) + 'FROM alpine\nRUN cd /tmp\nEXPOSE 80000\n';
      const dockerUri = 'file:///ws/background/equal/Dockerfile';
      const dockerPublished = await client.open(dockerUri, 'dockerfile', dockerText);
      assert.deepEqual(own(dockerPublished), expected(dockerUri, 'dockerfile', dockerText));
      // Its fixes are served from the background's findings: fix-all has edits.
      const actions = await client.connection.sendRequest<Array<{ edit?: unknown }>>('textDocument/codeAction', {
        textDocument: { uri: yamlUri },
        range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } },
        context: { diagnostics: [], only: ['source.fixAll'] },
      });
      assert.equal(actions.length, 1);
    },
  );
});
