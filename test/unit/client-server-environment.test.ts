import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type * as vscode from 'vscode';
import { SAVED_EXTRA_CA_CERTS, serverEnvironment } from '../../client/src/serverEnvironment';

const context = (scheme: string) =>
  ({ globalStorageUri: { scheme, fsPath: '/storage/shipshape' } }) as unknown as vscode.ExtensionContext;

describe("the language server's environment (client/src/serverEnvironment.ts)", () => {
  it('moves NODE_EXTRA_CA_CERTS aside (undefined: left out of the child) and names the code cache folder', () => {
    const env = serverEnvironment(context('file'), { NODE_EXTRA_CA_CERTS: '/etc/company/ca.pem', HOME: '/home/u' });
    assert.deepEqual(env, {
      SHIPSHAPE_CODE_CACHE: '/storage/shipshape/code-cache',
      NODE_EXTRA_CA_CERTS: undefined,
      [SAVED_EXTRA_CA_CERTS]: '/etc/company/ca.pem',
    });
    assert.ok('NODE_EXTRA_CA_CERTS' in env, 'the key is there, so that it overrides the inherited value');
  });

  it('changes nothing else when the user has no NODE_EXTRA_CA_CERTS', () => {
    assert.deepEqual(serverEnvironment(context('file'), { HOME: '/home/u' }), {
      SHIPSHAPE_CODE_CACHE: '/storage/shipshape/code-cache',
    });
    assert.deepEqual(serverEnvironment(context('vscode-remote'), {}), {});
  });
});
