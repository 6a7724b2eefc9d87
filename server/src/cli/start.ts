#!/usr/bin/env node
// `shipshape` (server/out/cli.js, the npm package's bin): a few lines that let V8 compile the CLI itself
// (server/out/cliMain.js, from cli.ts) and the analysis engine a file needs from its code cache of the last run
// (common/src/codeCache.ts), then run it. Compiling the CLI's bundle afresh was a tenth of a one-file check's time
// (issue 16 item 2: one small file in under 100 ms of whole process time).
import { join } from 'node:path';
import { useCodeCache } from '../../../common/src/codeCache';

declare const SHIPSHAPE_VERSION: string | undefined;

const codeCache = useCodeCache(
  ['cliMain.js', 'kubernetesEngine.js', 'dockerfileEngine.js'].map((name) => join(__dirname, name)),
  typeof SHIPSHAPE_VERSION === 'string' ? SHIPSHAPE_VERSION : 'dev',
);
// A require, not an import: esbuild.mjs points it at cliMain.js beside this bundle, loaded through the cache above.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
const { runCommandLine } = require('../cli') as typeof import('../cli');
process.exitCode = runCommandLine(process.argv.slice(2));
codeCache.save();
