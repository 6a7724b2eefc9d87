// The extension's entry point (package.json "main": client/out/extension.js): it loads the extension's bundle
// (client/out/shipshape.js, from extension.ts) compiled with V8's code cache (common/src/codeCache.ts) kept in the
// extension's global storage, so that activation does not parse and compile its 1.3 MB again in every window: about
// half of its load time (README, Performance). `vscode` resolves inside it as in any module of the extension's folder.
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { requireWithCodeCache } from '../../common/src/codeCache';
import { codeCacheEnvironment } from './codeCacheLocation';

type Extension = typeof import('./extension');

/** Long enough for activation and the first diagnostics to have compiled what they use, so that the cache has it. */
const SAVE_AFTER_MS = 10_000;

let extension: Extension | undefined;

export function activate(context: vscode.ExtensionContext): ReturnType<Extension['activate']> {
  const version = String((context.extension.packageJSON as { version?: unknown }).version ?? 'dev');
  const load = requireWithCodeCache(path.join(__dirname, 'shipshape.js'), version, {
    ...process.env,
    ...codeCacheEnvironment(context),
  });
  extension = load.exports as Extension;
  if (load.outcome === 'compiled' || load.outcome === 'rejected') {
    const timer = setTimeout(() => load.save(), SAVE_AFTER_MS);
    context.subscriptions.push({ dispose: () => (clearTimeout(timer), load.save()) });
  }
  return extension.activate(context);
}

export function deactivate(): Promise<void> | undefined {
  return extension?.deactivate();
}
