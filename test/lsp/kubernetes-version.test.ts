import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { HoverRequest, type Diagnostic } from 'vscode-languageserver-protocol';
import { LspTestClient } from '../helpers/lspClient';
import { ADVISORY_OFF } from '../helpers/service';
import { NEWER_FIELDS } from '../unit/rule-cases/versions';

/**
 * The target version as the extension sends it: the client puts the context's server version (or the setting) in
 * `kubernetes.version`; a new value re-validates the open documents.
 */
describe('the target Kubernetes version over real LSP (stdio)', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start({ ...ADVISORY_OFF, kubernetes: { version: '1.28' } });
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
  });

  const versionErrors = (diagnostics: Diagnostic[]) =>
    diagnostics.filter((diagnostic) => diagnostic.code === 'k8s/schema-field-version').map((d) => d.message);

  it('checks against the version it is sent, and again when it changes', async () => {
    const uri = 'file:///ws/newer.yaml';
    const opened = await client.open(uri, 'yaml', NEWER_FIELDS);
    assert.deepEqual(versionErrors(opened.diagnostics), [
      'spec.template.spec.resources: "resources" was added in Kubernetes 1.32; the target version, 1.28, does not have it',
      'spec.template.spec.containers[0].lifecycle.preStop.sleep: "sleep" was added in Kubernetes 1.29; the target version, 1.28, does not have it',
    ]);
    const hover = (await client.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri },
      position: { line: NEWER_FIELDS.split('\n').findIndex((line) => line.includes('resources:')), character: 8 },
    })) as { contents: { value: string } };
    assert.match(hover.contents.value, /Added in Kubernetes 1\.32 · \*\*not in 1\.28\*\*/);

    const revalidated = client.nextDiagnostics(uri);
    await client.connection.sendNotification('workspace/didChangeConfiguration', {
      settings: { shipshape: { ...ADVISORY_OFF, kubernetes: { version: '1.32' } } },
    });
    // 1.32 has both fields.
    assert.deepEqual(versionErrors((await revalidated).diagnostics), []);
  });
});
