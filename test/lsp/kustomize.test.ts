import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspTestClient } from '../helpers/lspClient';

/**
 * Kustomize over real LSP, with the files on disk: the server reads the kustomization beside a patch in the
 * background (its disk cache), and the patch's first published diagnostics already treat it as a partial object.
 */
const PATCH = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 5\n';

describe('a Kustomize patch opened in the editor', () => {
  let folder: string;
  let client: LspTestClient;
  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'shipshape-kustomize-lsp-'));
    mkdirSync(join(folder, 'overlay'));
    mkdirSync(join(folder, 'plain'));
    writeFileSync(
      join(folder, 'overlay', 'kustomization.yaml'),
      'resources: [../base]\npatches:\n  - path: replicas.yaml\n',
    );
    writeFileSync(join(folder, 'overlay', 'replicas.yaml'), PATCH);
    writeFileSync(join(folder, 'plain', 'replicas.yaml'), PATCH);
    client = await LspTestClient.start({}, {}, [pathToFileURL(folder).href]);
  });
  after(async () => {
    await client.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('is a partial object: no missing-field errors', async () => {
    const published = await client.open(pathToFileURL(join(folder, 'overlay', 'replicas.yaml')).href, 'yaml', PATCH);
    assert.deepEqual(published.diagnostics, []);
  });

  it('the same text outside a kustomization is a whole object and misses its selector and template', async () => {
    const published = await client.open(pathToFileURL(join(folder, 'plain', 'replicas.yaml')).href, 'yaml', PATCH);
    assert.deepEqual(
      published.diagnostics.map((diagnostic: Diagnostic) => diagnostic.code),
      ['k8s/schema-required', 'k8s/schema-required'],
    );
  });

  it('a typo in the patch is still an error', async () => {
    const text = PATCH.replace('replicas: 5', 'replica: 5');
    const published = await client.open(pathToFileURL(join(folder, 'overlay', 'replicas.yaml')).href, 'yaml', text, 2);
    assert.deepEqual(
      published.diagnostics.map((diagnostic: Diagnostic) => diagnostic.code),
      ['k8s/schema-unknown-field'],
    );
  });
});
