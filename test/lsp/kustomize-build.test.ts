import { strict as assert } from 'node:assert';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { helmKubectlDir } from '../helpers/helm';
import { LspTestClient } from '../helpers/lspClient';

const KUBECTL = join(helmKubectlDir(), 'kubectl');
const skip = existsSync(KUBECTL)
  ? false
  : 'the real kubectl is not installed: run bash test/realparts/install-helm-kubectl.sh (npm run test:setup)';
const MISTAKES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'k8s', 'kustomize-mistakes');

/**
 * A copy of the fixture tree, and a kubectl that is the real one behind a wrapper that counts its runs (one line per
 * run in `runs`): how the tests see how many builds ran, and that none ran at all.
 */
function workspace(): { folder: string; kubectl: string; runs: () => number } {
  const folder = mkdtempSync(join(tmpdir(), 'shipshape-ks-lsp-'));
  cpSync(MISTAKES, join(folder, 'tree'), { recursive: true });
  const log = join(folder, 'runs.log');
  const kubectl = join(folder, 'kubectl');
  writeFileSync(kubectl, `#!/bin/sh\necho "$@" >> '${log}'\nexec '${KUBECTL}' "$@"\n`);
  chmodSync(kubectl, 0o755);
  return {
    folder,
    kubectl,
    runs: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).length : 0),
  };
}

const built = (params: PublishDiagnosticsParams) =>
  params.diagnostics.filter((diagnostic) => /built by kubectl kustomize/.test(diagnostic.message));
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((line) => line.includes(needle));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('background kubectl kustomize over real LSP', { skip }, () => {
  let space: ReturnType<typeof workspace>;
  let client: LspTestClient;
  let uri: string;
  let text: string;

  before(async () => {
    space = workspace();
    const patch = join(space.folder, 'tree', 'overlays', 'port-twice', 'metrics-port.yaml');
    uri = pathToFileURL(patch).href;
    text = readFileSync(patch, 'utf8');
    client = await LspTestClient.start(
      { kubectl: { path: space.kubectl } },
      {},
      [pathToFileURL(join(space.folder, 'tree')).href],
      undefined,
      { workspaceTrusted: true },
    );
  });
  after(async () => {
    await client.stop();
    rmSync(space.folder, { recursive: true, force: true });
  });

  it("a patch that names a second port http: the built object's error on the patch line, the patch itself clean", async () => {
    const published = client.nextDiagnostics(uri, (params) => built(params).length > 0);
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'yaml', version: 1, text },
    });
    const diagnostics = (await published).diagnostics;
    assert.deepEqual(
      diagnostics.map((diagnostic) => `${diagnostic.code}@${diagnostic.range.start.line}`),
      [`k8s/container-port@${lineOf(text, 'name: http')}`],
    );
    assert.match(
      diagnostics[0].message,
      /port name "http" is used twice in this container.*\(in the overlay built by kubectl kustomize\)$/,
    );
    assert.equal(space.runs(), 1);
  });

  it("a burst of edits: one build after the pause, on the editor's unsaved text", async () => {
    const before = space.runs();
    let edited = text;
    for (let version = 2; version <= 11; version++) {
      edited = edited.replace('kind: Deployment\n', `kind: Deployment\n# edit ${version}\n`);
      await client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ text: edited }],
      });
    }
    const published = await client.nextDiagnostics(
      uri,
      (params) =>
        params.version === 11 &&
        built(params).some((diagnostic) => diagnostic.range.start.line === lineOf(edited, 'name: http')),
    );
    assert.equal(built(published).length, 1);
    await sleep(900);
    assert.equal(space.runs() - before, 1);
    // Renamed in the editor (not saved): the build sees the editor's text, and the finding goes.
    const renamed = edited.replace('name: http', 'name: metrics');
    const healed = client.nextDiagnostics(
      uri,
      (params) => params.version === 12 && params.diagnostics.length === 0 && space.runs() - before === 2,
    );
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 12 },
      contentChanges: [{ text: renamed }],
    });
    await healed;
  });

  it('a mistake the per-file check and the build both see: one diagnostic on its line', async () => {
    const file = join(space.folder, 'tree', 'base', 'deployment.yaml');
    const base = readFileSync(file, 'utf8').replace(
      'shop:1.4.2\n',
      'shop:1.4.2\n          imagePullPolicy: Sometimes\n',
    );
    const baseUri = pathToFileURL(file).href;
    // The base is built as part of the three overlays that include it (not on its own); each build logs before it
    // hands its findings over, and the publish after the last has them all merged with the per-file check's.
    const overlays = ['json-replicas', 'port-twice', 'relabel'].map((name) =>
      join(space.folder, 'tree', 'overlays', name),
    );
    const builtOverlays = new Set<string>();
    client.connection.onNotification('window/logMessage', (params: { message: string }) => {
      for (const overlay of overlays)
        if (params.message.startsWith(`kubectl kustomize ${overlay}: built`)) builtOverlays.add(overlay);
    });
    const published = client.nextDiagnostics(baseUri, () => builtOverlays.size === overlays.length);
    await client.open(baseUri, 'yaml', base);
    assert.deepEqual(
      (await published).diagnostics.map((diagnostic) => `${diagnostic.code}@${diagnostic.range.start.line}`),
      [`k8s/schema-enum@${lineOf(base, 'Sometimes')}`],
    );
  });

  it("a kustomization kubectl cannot build: one diagnostic with kubectl's message on the line it names; no temporary paths", async () => {
    const file = join(space.folder, 'tree', 'broken-missing', 'kustomization.yaml');
    const kustomization = readFileSync(file, 'utf8');
    const failedUri = pathToFileURL(file).href;
    const published = client.nextDiagnostics(failedUri, (params) => params.diagnostics.length > 0);
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: failedUri, languageId: 'yaml', version: 1, text: kustomization },
    });
    const diagnostics = (await published).diagnostics;
    assert.deepEqual(
      diagnostics.map((diagnostic) => `${diagnostic.code}@${diagnostic.range.start.line}`),
      [`kustomize/build-failed@${lineOf(kustomization, 'service.yaml')}`],
    );
    assert.match(diagnostics[0].message, /^kubectl kustomize failed: .*service\.yaml.*no such file or directory/);
    assert.ok(!diagnostics[0].message.includes('shipshape-kustomize-'), diagnostics[0].message);
    assert.ok(diagnostics[0].message.includes(join(space.folder, 'tree', 'broken-missing')), diagnostics[0].message);
    assert.ok(client.alive);
  });
});

describe('kubectl kustomize is never run for an untrusted workspace', { skip }, () => {
  it('the patch is checked file by file; the log says why; kubectl never starts', async () => {
    const space = workspace();
    const client = await LspTestClient.start({ kubectl: { path: space.kubectl } }, {}, [
      pathToFileURL(join(space.folder, 'tree')).href,
    ]);
    const said = new Promise<string>((resolve) =>
      client.connection.onNotification('window/logMessage', (params: { message: string }) => {
        if (/Kustomize overlays are not built/.test(params.message)) resolve(params.message);
      }),
    );
    try {
      const patch = join(space.folder, 'tree', 'overlays', 'port-twice', 'metrics-port.yaml');
      const published = await client.open(pathToFileURL(patch).href, 'yaml', readFileSync(patch, 'utf8'));
      assert.deepEqual(published.diagnostics, []);
      assert.match(await said, /the workspace is not trusted/);
      await sleep(1_200);
      assert.equal(space.runs(), 0);
    } finally {
      await client.stop();
      rmSync(space.folder, { recursive: true, force: true });
    }
  });
});

/**
 * Opens the relabel overlay's kustomization (written as `edit` makes it) in a trusted workspace rooted at `root` of
 * the copied workspace ('' for its own folder): the overlay is not built, and the kustomization gets one diagnostic,
 * `note` of its text (`code@line/severity`).
 */
async function expectUnbuiltOverlayNote(
  root: string,
  edit: (kustomization: string) => string,
  note: (kustomization: string) => string,
): Promise<void> {
  const space = workspace();
  const overlay = join(space.folder, 'tree', 'overlays', 'relabel');
  const file = join(overlay, 'kustomization.yaml');
  const kustomization = edit(readFileSync(file, 'utf8'));
  writeFileSync(file, kustomization);
  const client = await LspTestClient.start(
    { kubectl: { path: space.kubectl } },
    {},
    [pathToFileURL(root === '' ? space.folder : join(space.folder, root)).href],
    undefined,
    { workspaceTrusted: true },
  );
  try {
    const published = client.nextDiagnostics(pathToFileURL(file).href, (params) => params.diagnostics.length > 0);
    await client.open(pathToFileURL(file).href, 'yaml', kustomization);
    const diagnostics = (await published).diagnostics;
    assert.deepEqual(
      diagnostics.map((diagnostic) => `${diagnostic.code}@${diagnostic.range.start.line}/${diagnostic.severity}`),
      [note(kustomization)],
    );
    assert.equal(space.runs(), 0);
  } finally {
    await client.stop();
    rmSync(space.folder, { recursive: true, force: true });
  }
}

describe('an overlay whose base is outside the workspace', { skip }, () => {
  it('is not built: one information diagnostic on the entry that leaves the workspace', async () => {
    await expectUnbuiltOverlayNote(
      join('tree', 'overlays', 'relabel'),
      (kustomization) => kustomization,
      (kustomization) => `kustomize/outside-workspace@${lineOf(kustomization, '../../base')}/3`,
    );
  });
});

describe('an overlay with a resource kustomize fetches over the network', { skip }, () => {
  it('is not built: one information diagnostic on the entry that would fetch', async () => {
    const remote = '  - https://github.com/acme/platform//base?ref=v1.2.0\n';
    await expectUnbuiltOverlayNote(
      '',
      (kustomization) => {
        const edited = kustomization.replace(/^resources:\n/m, `resources:\n${remote}`);
        assert.ok(edited.includes(remote));
        return edited;
      },
      (kustomization) => `kustomize/remote-resource@${lineOf(kustomization, 'github.com/acme')}/3`,
    );
  });
});

describe('a base is built as part of the overlays beside it that include it', { skip }, () => {
  it("kubebuilder's manager/ and default/: default's build, not manager's own, checks the base", async () => {
    const folder = mkdtempSync(join(tmpdir(), 'shipshape-ks-base-'));
    const log = join(folder, 'runs.log');
    const kubectl = join(folder, 'kubectl');
    writeFileSync(kubectl, `#!/bin/sh\necho "$@" >> '${log}'\nexec '${KUBECTL}' "$@"\n`);
    chmodSync(kubectl, 0o755);
    const deployment =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: manager\nspec:\n  template:\n    spec:\n      containers:\n        - name: manager\n          image: example.com/manager\n';
    const files: Record<string, string> = {
      'tree/manager/kustomization.yaml': 'resources:\n  - manager.yaml\n',
      'tree/manager/manager.yaml': deployment,
      // Supplies the selector and the tag; bare/ supplies neither, and its build says so on the base.
      'tree/default/kustomization.yaml':
        'commonLabels:\n  app: manager\nresources:\n  - ../manager\nimages:\n  - name: example.com/manager\n    newTag: v1.0.0\n',
      'tree/bare/kustomization.yaml': 'resources:\n  - ../manager\n',
    };
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(folder, name)), { recursive: true });
      writeFileSync(join(folder, name), text);
    }
    const client = await LspTestClient.start(
      { kubectl: { path: kubectl } },
      {},
      [pathToFileURL(join(folder, 'tree')).href],
      undefined,
      { workspaceTrusted: true },
    );
    const runs = () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []);
    try {
      // The start-up scan has read the overlays: which kustomizations include manager/ is known.
      await new Promise<void>((resolve) =>
        client.connection.onNotification('window/logMessage', (params: { message: string }) => {
          if (params.message.startsWith('Indexed ')) resolve();
        }),
      );
      const uri = pathToFileURL(join(folder, 'tree/manager/manager.yaml')).href;
      const published = client.nextDiagnostics(uri, (params) => built(params).length > 0);
      await client.open(uri, 'yaml', deployment);
      assert.deepEqual(
        built(await published).map((diagnostic) => `${diagnostic.code}@${diagnostic.range.start.line}`),
        [`k8s/schema-required@${lineOf(deployment, 'spec:')}`, `k8s/image-tag@${lineOf(deployment, 'image:')}`],
      );
      for (let waited = 0; runs().length < 2 && waited < 10_000; waited += 50) await sleep(50);
      await sleep(500);
      assert.deepEqual(
        runs()
          .map((line) => line.slice(line.lastIndexOf('/') + 1))
          .sort(),
        ['bare', 'default'],
      );
    } finally {
      await client.stop();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
