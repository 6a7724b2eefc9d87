// STAND-IN for Red Hat's YAML extension client (redhat.vscode-yaml), for the e2e `others` run only. The extension
// itself is published on the Marketplace and Open VSX only (not on npm), and this project can reach nothing but the
// npm registry, so the tests cannot install it. What runs here is the REAL yaml-language-server (npm, the version in
// the root package.json), started as the real client's src/extension.ts starts it: the same notifications after start
// (json/schemaAssociations, yaml/registerCustomSchemaRequest, yaml/registerContentRequest), the same custom schema
// requests answered from the contributors registered through the same `registerContributor` API (which the
// Kubernetes extension calls), and settings pulled by the server with workspace/configuration.
// One difference, offline: `vscode/content` (the real client downloads http(s) schemas) is answered from disk for
// the `kubernetes` keyword's schema URL; any other URL fails as it would offline.
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

const KUBERNETES_SCHEMA_URL =
  /^https:\/\/raw\.githubusercontent\.com\/yannh\/kubernetes-json-schema\/master\/v[\d.]+-standalone-strict\/all\.json$/;
const SCHEMAS = path.resolve(__dirname, '..', '..', '..', '..', 'server', 'schemas');

let client;
const contributors = new Map();

/** The strict "all kinds" schema that the `kubernetes` keyword names, offline: Shipshape's own generated ones. */
function kubernetesStrictSchema() {
  const ref = (file) => ({ $ref: vscode.Uri.file(path.join(SCHEMAS, file)).toString() });
  const when = (apiVersion, kind, file) => ({
    if: { properties: { apiVersion: { const: apiVersion }, kind: { const: kind } }, required: ['apiVersion', 'kind'] },
    then: ref(file),
  });
  return JSON.stringify({
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'kubernetes (stand-in of yannh/kubernetes-json-schema all.json)',
    allOf: [
      when('apps/v1', 'Deployment', 'deployment-apps-v1.json'),
      when('autoscaling/v2', 'HorizontalPodAutoscaler', 'hpa-autoscaling-v2.json'),
      when('autoscaling/v1', 'HorizontalPodAutoscaler', 'hpa-autoscaling-v1.json'),
    ],
  });
}

function activate(context) {
  const serverModule = require.resolve('yaml-language-server/out/server/src/server.js');
  client = new LanguageClient(
    'yaml',
    'YAML Support (stand-in)',
    {
      run: { module: serverModule, transport: TransportKind.ipc },
      debug: { module: serverModule, transport: TransportKind.ipc },
    },
    {
      documentSelector: [{ language: 'yaml' }, { pattern: '*.y(a)ml' }],
      synchronize: { fileEvents: [vscode.workspace.createFileSystemWatcher('**/*.?(e)y?(a)ml')] },
    },
  );
  const started = client.start().then(() => {
    client.sendNotification('json/schemaAssociations', []);
    client.sendNotification('yaml/registerCustomSchemaRequest');
    client.sendNotification('yaml/registerContentRequest');
    client.onRequest('custom/schema/request', (resource) => {
      for (const contributor of contributors.values()) {
        const uri = contributor.requestSchema(resource);
        if (uri) return uri;
      }
      return [];
    });
    client.onRequest('custom/schema/content', (uri) => {
      const scheme = uri.split(':')[0];
      const contributor = contributors.get(scheme);
      return contributor ? contributor.requestSchemaContent(uri) : undefined;
    });
    client.onRequest('vscode/content', (uri) => {
      if (KUBERNETES_SCHEMA_URL.test(uri)) return kubernetesStrictSchema();
      throw new Error(`offline: ${uri}`);
    });
    client.onRequest('fs/readFile', (fsPath) => fs.readFileSync(fsPath, 'utf8'));
  });
  context.subscriptions.push({ dispose: () => client && client.stop() });
  // The API the Kubernetes extension uses (vscode-yaml's src/schema-extension-api.ts).
  return {
    registerContributor(schema, requestSchema, requestSchemaContent) {
      contributors.set(schema, { requestSchema, requestSchemaContent });
      return true;
    },
    started,
  };
}

module.exports = { activate, deactivate: () => client && client.stop() };
