import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CompletionRequest, HoverRequest } from 'vscode-languageserver-protocol';
import { LspTestClient, SERVER_BUNDLE } from '../helpers/lspClient';
import { HARDENED_DEPLOYMENT } from '../helpers/service';

const ROOT = join(__dirname, '..', '..', '..');

/**
 * The bundles as the .vsix ships them: copied to a folder with no node_modules anywhere above it, so that a module
 * left out of the bundle fails here (yaml-language-server's prettier did) instead of in a user's VS Code.
 */
describe('the bundles run on their own, without node_modules', () => {
  let folder: string;
  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'shipshape-bundle-'));
    copyFileSync(SERVER_BUNDLE, join(folder, 'server.js'));
    // The server's worker threads, yaml-language-server's own bundle, the analysis engines (and the schema
    // definitions the Kubernetes one reads) and the CLI itself, which they load from beside themselves.
    for (const name of [
      'serverMain.js',
      'analysisWorker.js',
      'yamlLanguageWorker.js',
      'yamlLanguageWorkerMain.js',
      'yamlLanguageServer.js',
      'kubernetesEngine.js',
      'kubernetesDefinitions.json',
      'dockerfileEngine.js',
      'cliMain.js',
    ])
      copyFileSync(join(ROOT, 'server', 'out', name), join(folder, name));
    copyFileSync(join(ROOT, 'server', 'out', 'cli.js'), join(folder, 'cli.js'));
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('the CLI checks files', () => {
    const result = spawnSync(
      process.execPath,
      [join(folder, 'cli.js'), 'check', join(ROOT, 'test', 'fixtures', 'k8s', 'good')],
      { encoding: 'utf8' },
    );
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /No problems in 4 files/);
  });

  it('the server validates, completes and hovers (yaml-language-server included)', async () => {
    const client = await LspTestClient.start({}, {}, [], join(folder, 'server.js'));
    const uri = 'file:///standalone/web.yaml';
    const published = await client.open(uri, 'yaml', HARDENED_DEPLOYMENT.replace('apps/v1', 'v1'));
    assert.deepEqual(
      published.diagnostics.map((diagnostic) => diagnostic.code),
      ['k8s/api-version'],
    );
    const completion = await client.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri },
      position: { line: 15, character: 10 },
    });
    const items = Array.isArray(completion) ? completion : (completion?.items ?? []);
    assert.ok(
      items.some((item) => item.label === 'imagePullPolicy'),
      client.stderr.join(''),
    );
    const hover = await client.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri },
      position: { line: 15, character: 12 },
    });
    assert.match(JSON.stringify(hover?.contents), /Container image name/);
    assert.equal(await client.stop(), 0);
  });
});
