import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { CodeActionRequest, type CodeAction, type Diagnostic } from 'vscode-languageserver-protocol';
import { LspTestClient } from '../helpers/lspClient';
import { ADVISORY_OFF } from '../helpers/service';
import { applyEdits } from '../../server/src/service/common/applyEdits';

/** The same slip (a container's `ports:` written at pod level) in a Deployment and in the StatefulSet below it. */
const SLIPPED = (kind: 'Deployment' | 'StatefulSet', name: string) => `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: ${name}
spec:
${kind === 'StatefulSet' ? `  serviceName: ${name}\n` : ''}  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      ports:
        - containerPort: 8080
      containers:
        - name: ${name}
          image: nginx:1.25
`;

describe('every workload kind over real LSP (stdio)', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start(ADVISORY_OFF);
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
  });

  it('gives a StatefulSet the misplaced-field finding a Deployment gets, and the same fix', async () => {
    const uri = 'file:///ws-workloads/app.yaml';
    const deployment = SLIPPED('Deployment', 'front');
    const text = deployment + '---\n' + SLIPPED('StatefulSet', 'store');
    const published = await client.open(uri, 'yaml', text);
    const misplaced = published.diagnostics.filter((d: Diagnostic) => d.code === 'k8s/pod-field-misplaced');
    assert.equal(misplaced.length, 2, JSON.stringify(published.diagnostics));
    const [inDeployment, inStatefulSet] = misplaced;
    assert.equal(inStatefulSet.message, inDeployment.message);
    assert.equal(inStatefulSet.range.start.character, inDeployment.range.start.character);
    assert.equal(inStatefulSet.range.start.line, inDeployment.range.start.line + deployment.split('\n').length + 1);

    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: inStatefulSet.range,
      context: { diagnostics: [inStatefulSet] },
    })) as CodeAction[];
    assert.equal(actions[0].title, 'Move "ports" into container "store"');
    const fixed = applyEdits(text, actions[0].edit!.changes![uri]);
    const next = client.nextDiagnostics(uri, (params) => params.version === 2);
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: fixed }],
    });
    // Only the Deployment's slip is left.
    assert.deepEqual(
      (await next).diagnostics.map((d: Diagnostic) => [d.code, d.range.start.line]),
      [['k8s/pod-field-misplaced', inDeployment.range.start.line]],
    );
  });
});
