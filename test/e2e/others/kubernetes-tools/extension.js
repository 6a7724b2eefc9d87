// STAND-IN for the YAML schema support of Microsoft's Kubernetes extension (ms-kubernetes-tools.vscode-kubernetes-
// tools), for the e2e `others` run only (the extension is not on npm; only npm is reachable here). It does what its
// src/yaml-support/yaml-schema.ts does: activate redhat.vscode-yaml, registerContributor('kubernetes', ...), answer
// kubernetes://schema/<apiVersion>@<kind> for an open document whose top-level mapping has apiVersion and kind, and
// serve that kind's schema. Its schemas come from the cluster's or a bundled swagger and do not forbid unknown fields:
// the stand-in serves Shipshape's generated schema (same OpenAPI source) with `additionalProperties: false` removed.
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const vscode = require('vscode');

const SCHEMAS = path.resolve(__dirname, '..', '..', '..', '..', 'server', 'schemas');
const FILES = {
  'apps/v1@deployment': 'deployment-apps-v1.json',
  'autoscaling/v2@horizontalpodautoscaler': 'hpa-autoscaling-v2.json',
  'autoscaling/v1@horizontalpodautoscaler': 'hpa-autoscaling-v1.json',
};

function relaxed(value) {
  if (Array.isArray(value)) return value.map(relaxed);
  if (value === null || typeof value !== 'object') return value;
  const copy = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'additionalProperties' && inner === false) continue;
    copy[key] = relaxed(inner);
  }
  return copy;
}

function requestSchema(resource) {
  const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === resource);
  const document = editor ? editor.document : vscode.workspace.textDocuments.find((d) => d.uri.toString() === resource);
  if (!document) return undefined;
  const choices = [];
  for (const text of document.getText().split(/^---[^\n]*$/m)) {
    const apiVersion = /^apiVersion:\s*["']?([^\s"'#]+)/m.exec(text);
    const kind = /^kind:\s*["']?([^\s"'#]+)/m.exec(text);
    if (!apiVersion || !kind) continue;
    const qualified = `${apiVersion[1]}@${kind[1]}`.toLowerCase();
    if (FILES[qualified]) choices.push(qualified);
  }
  if (choices.length === 0) return undefined;
  return `kubernetes://schema/${choices.join('+')}`;
}

function requestSchemaContent(uri) {
  const qualified = decodeURIComponent(uri.replace(/^kubernetes:\/\/schema\//, ''));
  if (qualified.includes('+')) {
    return JSON.stringify({ schemaSequence: qualified.split('+').map((one) => `kubernetes://schema/${one}`) });
  }
  const file = FILES[qualified];
  if (!file) return undefined;
  return JSON.stringify(relaxed(JSON.parse(fs.readFileSync(path.join(SCHEMAS, file), 'utf8'))));
}

async function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand('extension.vsKubernetesApplyFile', () =>
      vscode.window.showInformationMessage('Kubernetes (stand-in): apply is not part of the stand-in'),
    ),
  );
  const yaml = vscode.extensions.getExtension('redhat.vscode-yaml');
  const api = yaml && (await yaml.activate());
  if (api && api.registerContributor) api.registerContributor('kubernetes', requestSchema, requestSchemaContent);
}

module.exports = { activate };
