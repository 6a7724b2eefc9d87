// The `startup` run: a window on an empty folder (no YAML, no Dockerfile). Shipshape activates by itself once the
// window has started (package.json: onStartupFinished), so that the first file the user opens finds its server running.
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const vscode = require('vscode');
const h = require('./helpers');

const EXTENSION_ID = 'shipshape.shipshape';
const ACTIVATION_TIMEOUT_MS = 30_000;

describe('activation at start-up (a window with no YAML)', () => {
  it('Shipshape activates by itself, with its language server ready, while no YAML or Dockerfile is open', async () => {
    assert.deepEqual(fs.readdirSync(h.workspaceRoot().fsPath), [], 'the workspace folder is empty');
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    // Polled, never activated from here: extension.activate() would be the test's own doing.
    const deadline = Date.now() + ACTIVATION_TIMEOUT_MS;
    while (!extension.isActive && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(extension.isActive, `active within ${ACTIVATION_TIMEOUT_MS / 1000} s of the window's start`);
    const ours = vscode.workspace.textDocuments.filter((document) =>
      ['yaml', 'dockerfile'].includes(document.languageId),
    );
    assert.deepEqual(
      ours.map((document) => document.uri.toString()),
      [],
      'no YAML or Dockerfile was opened to activate it',
    );
    const { startup } = extension.exports;
    assert.ok(startup.clientReady > startup.clientStarting, 'the language client is ready');
  });

  it('the first file opened afterwards gets its diagnostics from the running server', async () => {
    const editor = await h.writeAndOpen(
      'web.yaml',
      'apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.25\n',
    );
    const list = await h.waitForDiagnostics(editor.document.uri, h.hasCodes('k8s/api-version'));
    const diagnostic = list.find((d) => h.codeOf(d) === 'k8s/api-version');
    assert.equal(editor.document.getText(diagnostic.range), 'extensions/v1beta1');
  });
});
