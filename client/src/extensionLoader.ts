// The extension's entry point (package.json "main": client/out/extension.js): it loads the extension's bundle
// (client/out/shipshape.js, from extension.ts) compiled with V8's code cache kept in the extension's global storage
// (codeCache.ts), so that activation does not parse and compile its 1.3 MB again in every window: about half of its
// load time (README, Performance). `vscode` resolves inside it as in any module of the extension's folder.
import Module from 'node:module';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { loadWithCodeCache } from './codeCache';

type Extension = typeof import('./extension');

/** Long enough for activation and the first diagnostics to have compiled what they use, so that the cache has it. */
const SAVE_AFTER_MS = 10_000;

let extension: Extension | undefined;

export function activate(context: vscode.ExtensionContext): ReturnType<Extension['activate']> {
  const bundle = path.join(__dirname, 'shipshape.js');
  if (context.globalStorageUri.scheme !== 'file') {
    extension = Module.createRequire(__filename)(bundle) as Extension;
  } else {
    const load = loadWithCodeCache(bundle, path.join(context.globalStorageUri.fsPath, 'v8'));
    extension = load.exports as Extension;
    if (load.state !== 'used') {
      const timer = setTimeout(() => load.save(), SAVE_AFTER_MS);
      context.subscriptions.push({ dispose: () => (clearTimeout(timer), load.save()) });
    }
  }
  return extension.activate(context);
}

export function deactivate(): Promise<void> | undefined {
  return extension?.deactivate();
}
