// STAND-IN for the Dockerfile language client of Microsoft's Container Tools extension (ms-azuretools.vscode-
// containers), for the e2e `others` run only: the extension is not on npm and only npm is reachable here. It starts
// the REAL dockerfile-language-server-nodejs (npm, the version Container Tools 2.5 depends on: 0.15.0) as the
// extension's src/extension.ts does (IPC, `--node-ipc`, settings pulled with workspace/configuration, so the
// docker.languageserver.diagnostics.* settings apply), and contributes its Build Image command to the editor menu.
'use strict';
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const serverModule = require.resolve('dockerfile-language-server-nodejs/lib/server.js');
  client = new LanguageClient(
    'dockerfile-langserver',
    'Dockerfile Language Server (stand-in)',
    {
      run: { module: serverModule, transport: TransportKind.ipc, args: ['--node-ipc'] },
      debug: { module: serverModule, transport: TransportKind.ipc, args: ['--node-ipc'] },
    },
    { documentSelector: [{ scheme: 'file', language: 'dockerfile' }] },
  );
  context.subscriptions.push(
    vscode.commands.registerCommand('vscode-containers.images.build', () =>
      vscode.window.showInformationMessage('Container Tools (stand-in): build is not part of the stand-in'),
    ),
    vscode.workspace.onDidChangeConfiguration(() =>
      client.sendNotification('workspace/didChangeConfiguration', { settings: null }),
    ),
  );
  return client.start();
}

module.exports = { activate, deactivate: () => client && client.stop() };
