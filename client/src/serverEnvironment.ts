import type * as vscode from 'vscode';
import { codeCacheEnvironment } from './codeCacheLocation';

/** Where serverStart.ts finds the user's NODE_EXTRA_CA_CERTS, to put it back in the server's environment. */
export const SAVED_EXTRA_CA_CERTS = 'SHIPSHAPE_NODE_EXTRA_CA_CERTS';

/**
 * What the extension changes in the environment the language server inherits from the extension host: where its code
 * cache goes (codeCacheLocation.ts), and no NODE_EXTRA_CA_CERTS at its start. Node reads and parses that file of
 * certificates as it starts, before any code runs (~45 ms of CPU for Debian's 140 certificates, twice that on a busy
 * machine: bench/vscode.mjs), for TLS connections the server never opens; serverStart.ts puts it back in its
 * environment, for the tools it runs. An undefined value leaves a variable out of the child's environment.
 */
export function serverEnvironment(
  context: vscode.ExtensionContext,
  env: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  const extraCaCerts = env.NODE_EXTRA_CA_CERTS;
  return {
    ...codeCacheEnvironment(context),
    ...(extraCaCerts === undefined ? {} : { NODE_EXTRA_CA_CERTS: undefined, [SAVED_EXTRA_CA_CERTS]: extraCaCerts }),
  };
}
