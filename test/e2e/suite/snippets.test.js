// The contributed snippets, inserted the way a user does, leave a file with no findings.
'use strict';
const assert = require('node:assert/strict');
const vscode = require('vscode');
const h = require('./helpers');

async function insertOverBrokenFile(relativePath, broken, expectedCode, insertArgs) {
  const editor = await h.writeAndOpen(relativePath, broken);
  const uri = editor.document.uri;
  // A broken start makes "clean afterwards" mean the server re-checked the snippet, not that it never looked.
  await h.waitForDiagnostics(uri, h.hasCodes(expectedCode), { what: `${expectedCode} on the broken start` });
  const lastLine = editor.document.lineAt(editor.document.lineCount - 1);
  editor.selection = new vscode.Selection(new vscode.Position(0, 0), lastLine.range.end);
  const clean = h.waitForDiagnostics(uri, (list) => list.length === 0, {
    afterEvent: true,
    what: 'no findings after the snippet',
  });
  await vscode.commands.executeCommand('editor.action.insertSnippet', insertArgs);
  await clean;
  await vscode.commands.executeCommand('leaveSnippet');
  return editor;
}

describe('snippets', () => {
  before(async () => {
    await h.activate();
  });

  it('the Deployment snippet inserts a Deployment with no findings', async () => {
    const editor = await insertOverBrokenFile(
      'k8s/from-snippet.yaml',
      'apiVersion: apps/v1beta1\nkind: Deployment\n',
      'k8s/api-version',
      {
        langId: 'yaml',
        name: 'Kubernetes Deployment',
      },
    );
    const text = editor.document.getText();
    assert.match(text, /^apiVersion: apps\/v1\nkind: Deployment\n/);
    assert.match(text, /image: registry\.example\.com\/my-app:1\.0\.0/);
    assert.ok(await editor.document.save());
  });

  it('the Node.js Dockerfile snippet inserts a Dockerfile with no findings', async () => {
    const editor = await insertOverBrokenFile(
      'docker/Dockerfile.snippet',
      'FROM node\nCMD node server.js\n',
      'DL3025',
      {
        langId: 'dockerfile',
        name: 'Dockerfile Node.js multi-stage',
      },
    );
    assert.match(editor.document.getText(), /^# syntax=docker\/dockerfile:1/);
    assert.ok(await editor.document.save());
  });

  it('an empty YAML file offers the file-template snippets in completion', async () => {
    const editor = await h.writeAndOpen('k8s/empty.yaml', '');
    const list = /** @type {vscode.CompletionList} */ (
      await vscode.commands.executeCommand(
        'vscode.executeCompletionItemProvider',
        editor.document.uri,
        new vscode.Position(0, 0),
      )
    );
    const labels = list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
    assert.ok(labels.includes('k8s-deployment'), `k8s-deployment is offered; got ${labels.join(', ')}`);
  });
});
