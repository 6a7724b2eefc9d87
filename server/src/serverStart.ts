// The language server's entry (server/out/server.js, what editors run: `node server.js --stdio`): a few lines that
// let V8 compile the server itself (server/out/serverMain.js, from server.ts) and the analysis engines from its code
// cache of the last run (codeCache.ts), then start it. Compiling the server's bundle was most of what Node did before
// it could answer `initialize` (issue 16 item 4).
import { join } from 'node:path';
import { useCodeCache } from '../../common/src/codeCache';

declare const SHIPSHAPE_VERSION: string | undefined;

// The extension starts this process without the user's NODE_EXTRA_CA_CERTS (Node parses that file as it starts, and the
// server opens no TLS connection: client/src/serverEnvironment.ts): it goes back into the environment, for the tools
// the server runs.
const savedExtraCaCerts = process.env.SHIPSHAPE_NODE_EXTRA_CA_CERTS;
if (savedExtraCaCerts !== undefined) {
  process.env.NODE_EXTRA_CA_CERTS = savedExtraCaCerts;
  delete process.env.SHIPSHAPE_NODE_EXTRA_CA_CERTS;
}

const codeCache = useCodeCache(
  ['serverMain.js', 'kubernetesEngine.js', 'dockerfileEngine.js'].map((name) => join(__dirname, name)),
  typeof SHIPSHAPE_VERSION === 'string' ? SHIPSHAPE_VERSION : 'dev',
  // Saved a while after a bundle is compiled afresh, once the first validations have compiled what they use, and
  // when the server exits.
  { saveAfterMs: 10_000 },
);
process.once('exit', () => codeCache.save());

require('./server');
