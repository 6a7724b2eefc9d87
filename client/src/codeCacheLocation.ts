import * as path from 'node:path';
import type * as vscode from 'vscode';

/**
 * Where V8's code caches of the extension's and the server's bundles go (common/src/codeCache.ts): the extension's
 * global storage, which VS Code owns and removes with the extension; elsewhere (a remote without a file system there)
 * the code cache's own default. Passed as the environment the cache reads, to the extension's loader and the server.
 */
export function codeCacheEnvironment(context: vscode.ExtensionContext): Record<string, string> {
  return context.globalStorageUri.scheme === 'file'
    ? { SHIPSHAPE_CODE_CACHE: path.join(context.globalStorageUri.fsPath, 'code-cache') }
    : {};
}
