import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import {
  CodeActionRequest,
  CompletionRequest,
  HoverRequest,
  SemanticTokensRequest,
  type CodeAction,
  type Diagnostic,
} from 'vscode-languageserver-protocol';
import { LspTestClient } from '../helpers/lspClient';
import { ADVISORY_OFF } from '../helpers/service';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHECK_FILE_REQUEST } from '../../common/src/contract';
import { applyEdits } from '../../server/src/service/common/applyEdits';

const BROKEN = `# storefront
apiVersion: extensions/v1beta1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.25
`;

describe('the bundled server over real LSP (stdio)', () => {
  let client: LspTestClient;
  before(async () => {
    // Settings arrive as the extension sends them (initializationOptions): the advisory rules are off here.
    client = await LspTestClient.start(ADVISORY_OFF);
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
  });

  it('publishes diagnostics on didOpen with code, source and exact range', async () => {
    const published = await client.open('file:///ws/broken.yaml', 'yaml', BROKEN);
    assert.deepEqual(
      published.diagnostics.map((diagnostic: Diagnostic) => [diagnostic.code, diagnostic.source, diagnostic.range]),
      [['k8s/api-version', 'shipshape', { start: { line: 1, character: 12 }, end: { line: 1, character: 30 } }]],
    );
  });

  it('serves the quick fix as a code action whose edit makes the file clean', async () => {
    const uri = 'file:///ws/fixme.yaml';
    const published = await client.open(uri, 'yaml', BROKEN);
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: published.diagnostics[0].range,
      context: { diagnostics: published.diagnostics },
    })) as CodeAction[];
    assert.deepEqual(
      actions.map((action) => action.title),
      ['Change apiVersion to apps/v1', 'Ignore k8s/api-version here'],
    );
    assert.equal(actions[0].isPreferred, true);
    assert.equal(actions[0].kind, 'quickfix');
    const fixed = applyEdits(BROKEN, actions[0].edit!.changes![uri]);
    assert.match(fixed, /^# storefront\napiVersion: apps\/v1\n/);

    const clean = client.nextDiagnostics(uri, (params) => params.version === 2);
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: fixed }],
    });
    assert.deepEqual((await clean).diagnostics, []);
  });

  it('serves "fix all" (source.fixAll) with every preferred fix in one edit', async () => {
    const uri = 'file:///ws/fixall.yaml';
    // Its own names: the other tests' open documents are in this server's workspace index too.
    const deployment = BROKEN.replace(
      '      containers:\n        - name: web\n          image: nginx:1.25\n',
      '      image: nginx:1.25\n',
    ).replace('  name: web\n', '  name: fixall\n');
    const text =
      deployment +
      '---\napiVersion: autoscaling/v2beta2\nkind: HorizontalPodAutoscaler\nmetadata: {name: fixall}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: fixall}\n  minReplicas: 5\n  maxReplicas: 2\n';
    const published = await client.open(uri, 'yaml', text);
    // "missing containers" folds into the misplaced field whose fix makes the container: one root cause, one finding.
    assert.deepEqual(
      published.diagnostics.map((diagnostic: Diagnostic) => diagnostic.code),
      ['k8s/api-version', 'k8s/pod-field-misplaced', 'k8s/api-version', 'k8s/hpa-replicas'],
    );
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    })) as CodeAction[];
    assert.deepEqual(
      actions.map((action) => [action.title, action.kind]),
      [['Fix all Shipshape problems', 'source.fixAll']],
    );
    const fixed = applyEdits(text, actions[0].edit!.changes![uri]);
    const next = client.nextDiagnostics(uri, (params) => params.version === 2);
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: fixed }],
    });
    // The container the fix made has no cpu request, which the HPA needs (reported on the container and on the HPA).
    // Its fix writes a placeholder value: a suggestion, so a second fix-all has nothing left to apply.
    assert.deepEqual(
      (await next).diagnostics.map((diagnostic: Diagnostic) => diagnostic.code),
      ['k8s/hpa-target-no-requests', 'k8s/hpa-target-no-requests'],
    );
    const again = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    })) as CodeAction[];
    const final = again.length === 0 ? fixed : applyEdits(fixed, again[0].edit?.changes?.[uri] ?? []);
    assert.equal(final, fixed);
    assert.match(final, /^# storefront\napiVersion: apps\/v1\n/);
  });

  it('offers "Fix all Shipshape problems" in the quick-fix menu too when the file has more than one safe fix', async () => {
    const uri = 'file:///ws/fixall-menu.yaml';
    const text = BROKEN.replace('  name: web\n', '  name: menu\n').replace(
      '          image: nginx:1.25\n',
      '          image: nginx:1.25\n          imagePullPolicy: always\n',
    );
    const published = await client.open(uri, 'yaml', text);
    assert.deepEqual(
      published.diagnostics.map((diagnostic: Diagnostic) => diagnostic.code),
      ['k8s/api-version', 'k8s/schema-enum'],
    );
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: published.diagnostics[1].range,
      context: { diagnostics: [published.diagnostics[1]] },
    })) as CodeAction[];
    const all = actions.find((action) => action.title === 'Fix all Shipshape problems');
    assert.equal(all?.kind, 'quickfix');
    const fixed = applyEdits(text, all!.edit!.changes![uri]);
    assert.match(fixed, /apiVersion: apps\/v1\n[\s\S]*imagePullPolicy: Always\n/);
    const single = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: 'file:///ws/fixme.yaml' },
      range: { start: { line: 1, character: 12 }, end: { line: 1, character: 30 } },
      context: { diagnostics: [] },
    })) as CodeAction[];
    assert.ok(
      !single.some((action) => action.title === 'Fix all Shipshape problems'),
      'one safe fix: no fix-all entry',
    );
  });

  it('re-validates on an incremental didChange', async () => {
    const uri = 'file:///ws/incremental.yaml';
    await client.open(uri, 'yaml', BROKEN.replace('extensions/v1beta1', 'apps/v1'));
    const next = client.nextDiagnostics(uri, (params) => params.version === 2);
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [
        { range: { start: { line: 14, character: 10 }, end: { line: 14, character: 15 } }, text: 'imagee' },
      ],
    });
    assert.deepEqual(
      (await next).diagnostics.map((diagnostic: Diagnostic) => diagnostic.code),
      ['k8s/schema-unknown-field'],
    );
  });

  it('serves semantic tokens: the removed apiVersion is marked deprecated', async () => {
    const uri = 'file:///ws/tokens.yaml';
    await client.open(uri, 'yaml', BROKEN);
    const tokens = await client.connection.sendRequest(SemanticTokensRequest.type, { textDocument: { uri } });
    // [deltaLine, deltaStart, length, type, modifiers]: line 1 col 12 `extensions/v1beta1` (namespace, deprecated), line 2 col 6 `Deployment` (type).
    assert.deepEqual(tokens?.data, [1, 12, 18, 1, 1, 1, 6, 10, 0, 0]);
  });

  it('answers completion and hover', async () => {
    const uri = 'file:///ws/complete.yaml';
    const text = BROKEN.replace('extensions/v1beta1', 'apps/v1') + '          \n';
    await client.open(uri, 'yaml', text);
    const completion = await client.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri },
      position: { line: 15, character: 10 },
    });
    const items = Array.isArray(completion) ? completion : (completion?.items ?? []);
    assert.ok(items.some((item) => item.label === 'imagePullPolicy'));
    const hover = await client.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri },
      position: { line: 14, character: 12 },
    });
    assert.match(JSON.stringify(hover?.contents), /Container image name/);
  });

  it(
    'answers completion and hover below a blank first line (regression: the document search looped for ever)',
    { timeout: 10_000 },
    async () => {
      const uri = 'file:///ws/blank-first-line.yaml';
      const text =
        '\n' + BROKEN.replace('# storefront\n', '').replace('extensions/v1beta1', 'apps/v1') + '          \n';
      await client.open(uri, 'yaml', text);
      const completion = await client.connection.sendRequest(CompletionRequest.type, {
        textDocument: { uri },
        position: { line: 15, character: 10 },
      });
      const items = Array.isArray(completion) ? completion : (completion?.items ?? []);
      assert.ok(items.some((item) => item.label === 'imagePullPolicy'));
      const hover = await client.connection.sendRequest(HoverRequest.type, {
        textDocument: { uri },
        position: { line: 14, character: 12 },
      });
      assert.match(JSON.stringify(hover?.contents), /Container image name/);
    },
  );

  it('leaves non-Kubernetes YAML alone and clears diagnostics on close', async () => {
    const compose = await client.open('file:///ws/docker-compose.yml', 'yaml', 'services:\n  web:\n    image: nginx\n');
    assert.deepEqual(compose.diagnostics, []);
    const uri = 'file:///ws/closing.yaml';
    await client.open(uri, 'yaml', BROKEN);
    const cleared = client.nextDiagnostics(uri, (params) => params.diagnostics.length === 0);
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await cleared;
  });

  it('checks a file that is not open (shipshape/checkFile, which Build Image asks before building)', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'shipshape-check-'));
    writeFileSync(join(folder, 'Dockerfile'), 'FROM debian:12\nCOPY a.\nUSER 1000\nCMD ["true"]\n');
    const result = await client.connection.sendRequest(CHECK_FILE_REQUEST, {
      uri: pathToFileURL(join(folder, 'Dockerfile')).href,
    });
    assert.deepEqual(result, { errors: 1, warnings: 0 });
    writeFileSync(join(folder, 'Dockerfile'), 'FROM debian:12\nCOPY a /app/\nUSER 1000\nCMD ["true"]\n');
    assert.deepEqual(
      await client.connection.sendRequest(CHECK_FILE_REQUEST, { uri: pathToFileURL(join(folder, 'Dockerfile')).href }),
      { errors: 0, warnings: 0 },
    );
    rmSync(folder, { recursive: true, force: true });
  });

  it('survives bad input: binary junk and an alias bomb, and keeps answering', async () => {
    const junk = Buffer.from(Array.from({ length: 2048 }, (_, index) => (index * 31) % 256)).toString('latin1');
    await client.open('file:///ws/junk.yaml', 'yaml', 'kind: Deployment\n' + junk);
    const bomb =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: b\n  annotations:\n    a: &a [x,x,x,x,x,x,x,x,x,x]\n    b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n    c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n    d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n';
    const published = await client.open('file:///ws/bomb.yaml', 'yaml', bomb);
    assert.deepEqual(
      published.diagnostics.map((diagnostic: Diagnostic) => diagnostic.code),
      ['yaml/alias-limit'],
    );
    assert.ok(client.alive);
  });
});
