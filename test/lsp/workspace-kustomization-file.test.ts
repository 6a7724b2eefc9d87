import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { LspTestClient } from '../helpers/lspClient';

/**
 * The server learns which overlays include a base from its start-up scan of the workspace: an overlay whose
 * kustomization is the extension-less `Kustomization` (a name kustomize reads) counts like `kustomization.yaml`.
 * No kubectl here: what is checked is the per-file check of the base, in the real server over LSP.
 */
describe('the workspace scan reads overlays named Kustomization too', () => {
  it("a base's missing selector, which a sibling overlay's commonLabels supplies: no error", async () => {
    const folder = mkdtempSync(join(tmpdir(), 'shipshape-kustomization-name-'));
    const deployment =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: manager\nspec:\n  template:\n    spec:\n      containers:\n        - name: manager\n          image: example.com/manager:1.0\n';
    const files: Record<string, string> = {
      'tree/manager/kustomization.yaml': 'resources:\n  - manager.yaml\n',
      'tree/manager/manager.yaml': deployment,
      'tree/default/Kustomization': 'commonLabels:\n  app: manager\nresources:\n  - ../manager\n',
    };
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(folder, name)), { recursive: true });
      writeFileSync(join(folder, name), text);
    }
    const client = await LspTestClient.start({}, {}, [pathToFileURL(join(folder, 'tree')).href]);
    try {
      await new Promise<void>((resolve) =>
        client.connection.onNotification('window/logMessage', (params: { message: string }) => {
          if (params.message.startsWith('Indexed ')) resolve();
        }),
      );
      const uri = pathToFileURL(join(folder, 'tree/manager/manager.yaml')).href;
      const published = client.nextDiagnostics(uri);
      await client.open(uri, 'yaml', deployment);
      const codes = (await published).diagnostics.map((diagnostic) => diagnostic.code);
      assert.ok(!codes.includes('k8s/schema-required'), codes.join(', '));
      // Without the overlay, the selector is missing indeed.
      const alone = mkdtempSync(join(tmpdir(), 'shipshape-kustomization-alone-'));
      const other = await LspTestClient.start({}, {}, [pathToFileURL(alone).href]);
      try {
        const aloneUri = pathToFileURL(join(alone, 'manager.yaml')).href;
        const aloneDiagnostics = other.nextDiagnostics(aloneUri);
        await other.open(aloneUri, 'yaml', deployment);
        assert.ok((await aloneDiagnostics).diagnostics.some((diagnostic) => diagnostic.code === 'k8s/schema-required'));
      } finally {
        await other.stop();
        rmSync(alone, { recursive: true, force: true });
      }
    } finally {
      await client.stop();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
