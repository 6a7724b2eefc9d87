// The language server's entry (server/out/server.js, what editors run: `node server.js --stdio`): a few lines that
// let V8 compile the server itself (server/out/serverMain.js, from server.ts) and the analysis engines from its code
// cache of the last run (codeCache.ts), then start it. Compiling the server's bundle was most of what Node did before
// it could answer `initialize` (issue 16 item 4).
import { join } from 'node:path';
import { useCodeCache } from '../../common/src/codeCache';

declare const SHIPSHAPE_VERSION: string | undefined;

const codeCache = useCodeCache(
  ['serverMain.js', 'kubernetesEngine.js', 'dockerfileEngine.js'].map((name) => join(__dirname, name)),
  typeof SHIPSHAPE_VERSION === 'string' ? SHIPSHAPE_VERSION : 'dev',
  // Saved a while after a bundle is compiled afresh, once the first validations have compiled what they use, and
  // when the server exits.
  { saveAfterMs: 10_000 },
);
process.once('exit', () => codeCache.save());

require('./server');
