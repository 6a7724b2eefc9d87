// The entry of yaml-language-server's worker thread (server/out/yamlLanguageWorker.js, which schemaLanguageWorker.ts
// starts): a few lines that let V8 compile the worker itself (server/out/yamlLanguageWorkerMain.js, from
// yamlLanguageWorker.ts: 1.7 MB) from its code cache of the last run (common/src/codeCache.ts), as serverStart.ts does
// for the server, then run it. Compiling the bundle was ~30 ms of the worker's start on its thread.
import { join } from 'node:path';
import { useCodeCache } from '../../../common/src/codeCache';

declare const SHIPSHAPE_VERSION: string | undefined;

useCodeCache(
  [join(__dirname, 'yamlLanguageWorkerMain.js')],
  typeof SHIPSHAPE_VERSION === 'string' ? SHIPSHAPE_VERSION : 'dev',
  // Saved soon after a fresh compile: by then the warm-up completion (server.ts) has compiled what completion and
  // hover use, and a worker ends with the server, whose exit does not wait for it.
  { saveAfterMs: 3_000 },
);

require('./yamlLanguageWorker');
