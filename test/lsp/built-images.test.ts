import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { IMAGE_BUILDS_NOTIFICATION, type ImageBuildsParams } from '../../common/src/contract';
import { LspTestClient } from '../helpers/lspClient';
import { scratchDir } from '../helpers/scratch';

/**
 * The client's record of the images Build Image built (initializationOptions.imageBuilds at start, then
 * shipshape/imageBuilds after each build) links a manifest to a Dockerfile no folder name would link it to.
 */
describe('built images: the editor says which Dockerfile built an image', () => {
  const root = scratchDir('shipshape-built-images-');
  mkdirSync(join(root, 'deploy'));
  mkdirSync(join(root, 'images'));
  const dockerfile = join(root, 'images', 'prod.Dockerfile');
  writeFileSync(dockerfile, 'FROM nginx:1.27\nEXPOSE 8080\nUSER root\n');
  const manifestUri = pathToFileURL(join(root, 'deploy', 'web.yaml')).toString();
  const manifest =
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: registry.example.com/acme/web:1.4\n      ports:\n        - containerPort: 8080\n      securityContext:\n        runAsNonRoot: true\n';
  const record = { dockerfile: pathToFileURL(dockerfile).toString(), image: 'registry.example.com/acme/web:dev' };
  const clients: LspTestClient[] = [];
  after(async () => {
    for (const client of clients) if (client.alive) await client.stop();
  });
  const userRoot = (params: { diagnostics: Array<{ code?: unknown }> }) =>
    params.diagnostics.filter((diagnostic) => diagnostic.code === 'k8s/image-user-root');

  it('links through the records sent in initialize', async () => {
    const client = await LspTestClient.start({}, {}, [pathToFileURL(root).toString()], undefined, {
      imageBuilds: [record, { dockerfile: 42, image: null }],
    });
    clients.push(client);
    const opened = await client.open(manifestUri, 'yaml', manifest);
    // The Dockerfile is read from disk in the background: the diagnostics wait for it, or come again once it is read.
    const linked =
      userRoot(opened).length > 0
        ? opened
        : await client.nextDiagnostics(manifestUri, (params) => userRoot(params).length > 0);
    const [finding] = userRoot(linked) as Array<{ message: string; range: unknown }>;
    assert.match(finding.message, /images\/prod\.Dockerfile\) ends with USER root/);
    assert.deepEqual(finding.range, { start: { line: 11, character: 22 }, end: { line: 11, character: 26 } });
  });

  it('links once a build is reported, and stays quiet before', async () => {
    const client = await LspTestClient.start({}, {}, [pathToFileURL(root).toString()]);
    clients.push(client);
    const opened = await client.open(manifestUri, 'yaml', manifest);
    assert.deepEqual(userRoot(opened), []);
    const linked = client.nextDiagnostics(manifestUri, (params) => userRoot(params).length > 0);
    await client.connection.sendNotification(IMAGE_BUILDS_NOTIFICATION, {
      builds: [record],
    } satisfies ImageBuildsParams);
    assert.equal(userRoot(await linked).length, 1);
  });
});
