// Completion and hover from the Kubernetes schema, through VS Code's provider commands.
'use strict';
const assert = require('node:assert/strict');
const vscode = require('vscode');
const h = require('./helpers');

const CONTAINER = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
spec:
  selector:
    matchLabels:
      app: shop
  template:
    metadata:
      labels:
        app: shop
    spec:
      containers:
        - name: shop
          |
`;

function markdownOf(hover) {
  return hover.contents.map((content) => (typeof content === 'string' ? content : content.value)).join('\n');
}

describe('completion and hover', () => {
  before(async () => {
    await h.activate();
  });

  it('completion inside a container spec offers the container schema keys', async () => {
    const { text, offset } = h.cursor(CONTAINER);
    const editor = await h.writeAndOpen('k8s/completion.yaml', text);
    const position = editor.document.positionAt(offset);
    const list = /** @type {vscode.CompletionList} */ (
      await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', editor.document.uri, position)
    );
    const labels = list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
    for (const key of ['image', 'imagePullPolicy', 'ports', 'resources', 'readinessProbe', 'livenessProbe', 'env']) {
      assert.ok(labels.includes(key), `${key} is offered; got ${labels.join(', ')}`);
    }
    // Pod-level keys do not belong here.
    assert.ok(!labels.includes('nodeSelector'), 'nodeSelector (a pod field) is not offered inside a container');
  });

  it('hover on image shows its description from the schema', async () => {
    const editor = await h.openEditor('k8s/worker.yaml');
    const line = editor.document
      .getText()
      .split('\n')
      .findIndex((l) => /^\s+image:/.test(l));
    assert.ok(line >= 0);
    const column = editor.document.lineAt(line).text.indexOf('image') + 2;
    const hovers = /** @type {vscode.Hover[]} */ (
      await vscode.commands.executeCommand(
        'vscode.executeHoverProvider',
        editor.document.uri,
        new vscode.Position(line, column),
      )
    );
    const text = hovers.map(markdownOf).join('\n');
    assert.match(text, /Container image name/);
  });
});
