import { strict as assert } from 'node:assert';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { LspTestClient } from '../helpers/lspClient';

// The extension starts the server without NODE_EXTRA_CA_CERTS, saved under another name (client/src/serverEnvironment.ts:
// Node would parse the file at start for nothing); the server puts it back for the tools it runs (serverStart.ts).

describe("the server gives the user's NODE_EXTRA_CA_CERTS back to the tools it runs", () => {
  const folder = mkdtempSync(join(tmpdir(), 'shipshape-lsp-environment-'));
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('a shellcheck run by a server started as the extension starts it sees NODE_EXTRA_CA_CERTS, and not the saved name', async () => {
    const mark = join(folder, 'environment');
    const probe = join(folder, 'probe-shellcheck');
    // A stand-in shellcheck that writes down what it was given, then answers "no findings".
    writeFileSync(
      probe,
      `#!/bin/sh\nprintf '%s|%s' "$NODE_EXTRA_CA_CERTS" "\${SHIPSHAPE_NODE_EXTRA_CA_CERTS-unset}" > '${mark}.tmp' && mv '${mark}.tmp' '${mark}'\necho '{"comments":[]}'\n`,
    );
    chmodSync(probe, 0o755);
    const saved = { now: process.env.NODE_EXTRA_CA_CERTS, under: process.env.SHIPSHAPE_NODE_EXTRA_CA_CERTS };
    delete process.env.NODE_EXTRA_CA_CERTS;
    process.env.SHIPSHAPE_NODE_EXTRA_CA_CERTS = '/etc/company/ca.pem';
    let client: LspTestClient;
    try {
      client = await LspTestClient.start({ shellcheck: { path: probe } }, {}, [], undefined, {
        workspaceTrusted: true,
      });
    } finally {
      if (saved.now === undefined) delete process.env.NODE_EXTRA_CA_CERTS;
      else process.env.NODE_EXTRA_CA_CERTS = saved.now;
      if (saved.under === undefined) delete process.env.SHIPSHAPE_NODE_EXTRA_CA_CERTS;
      else process.env.SHIPSHAPE_NODE_EXTRA_CA_CERTS = saved.under;
    }
    try {
      await client.open(
        pathToFileURL(join(folder, 'Dockerfile')).href,
        'dockerfile',
        'FROM debian:12.5\nRUN echo $HOME\n',
      );
      const deadline = Date.now() + 15_000;
      while (!existsSync(mark) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.ok(existsSync(mark), `the probe ran; server stderr: ${client.stderr.join('')}`);
      assert.equal(readFileSync(mark, 'utf8'), '/etc/company/ca.pem|unset');
    } finally {
      await client.stop();
    }
  });
});
