// The process the extension starts as its language server (extension.ts): it runs server/out/server.js compiled with
// V8's code cache kept in the extension's global storage (codeCache.ts), which spares each start after the
// first the parsing and compiling of the server's bundle and of what its first validations run (README, Performance:
// about 40 ms less CPU to `initialize`, first diagnostics of a small file twice as soon). The transport arguments the
// language client adds (--node-ipc) are the server's.
import Module from 'node:module';
import { loadWithCodeCache } from './codeCache';

/** Long enough for the first validations to have compiled what they use, so that the cache holds it too. */
const SAVE_AFTER_MS = 5_000;

const serverModule = process.env.SHIPSHAPE_SERVER_MODULE;
const cacheDir = process.env.SHIPSHAPE_CODE_CACHE_DIR;
// Not passed on to what the server runs (helm, kubectl, shellcheck, its worker threads).
delete process.env.SHIPSHAPE_SERVER_MODULE;
delete process.env.SHIPSHAPE_CODE_CACHE_DIR;
if (!serverModule) throw new Error('SHIPSHAPE_SERVER_MODULE names no server module');
if (!cacheDir) {
  Module.createRequire(__filename)(serverModule);
} else {
  const load = loadWithCodeCache(serverModule, cacheDir);
  if (load.state !== 'used') {
    // Once, after the first work, or at exit if the server stops sooner (the client stops it when the window closes).
    setTimeout(() => load.save(), SAVE_AFTER_MS).unref();
    process.once('exit', () => load.save());
  }
}
