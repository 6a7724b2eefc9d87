// Bundles the extension (client/out/shipshape.js, loaded by client/out/extension.js with a code cache), the language server (server/out/server.js, and the worker thread
// it validates large documents on: server/out/analysisWorker.js) and the CLI (server/out/cli.js). Type checking is `tsc -b`'s job; a failed bundle exits non-zero.
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';

const production = process.argv.includes('--production');
const version = JSON.parse(readFileSync('package.json', 'utf8')).version;

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // Prefer ES module builds: the UMD builds of jsonc-parser and vscode-languageserver-types hide their requires from esbuild.
  mainFields: ['module', 'main'],
  define: { SHIPSHAPE_VERSION: JSON.stringify(version) },
  plugins: [
    {
      // yaml-language-server loads prettier (for YAML formatting, which Shipshape does not offer) when it starts.
      // Bundling it would add megabytes; leaving it external breaks the installed .vsix, which has no node_modules.
      // So it resolves to an empty module.
      name: 'no-prettier',
      setup(build) {
        build.onResolve({ filter: /^prettier(\/|$)/ }, (args) => ({ path: args.path, namespace: 'no-prettier' }));
        build.onLoad({ filter: /.*/, namespace: 'no-prettier' }, () => ({
          contents: 'module.exports = {};',
          loader: 'js',
        }));
      },
    },
  ],
};

try {
  await Promise.all([
    esbuild.build({
      ...common,
      entryPoints: ['client/src/extension.ts'],
      outfile: 'client/out/shipshape.js',
      external: ['vscode'],
    }),
    // The extension's entry point: loads shipshape.js above with V8's code cache (client/src/extensionLoader.ts).
    esbuild.build({
      ...common,
      entryPoints: ['client/src/extensionLoader.ts'],
      outfile: 'client/out/extension.js',
      external: ['vscode'],
    }),
    // The language server's process: runs server/out/server.js with V8's code cache (client/src/serverLauncher.ts).
    esbuild.build({
      ...common,
      entryPoints: ['client/src/serverLauncher.ts'],
      outfile: 'client/out/serverLauncher.js',
    }),
    // yaml-language-server (completion and hover) runs on a worker thread (yamlLanguageWorker.js, below); the server
    // loads it on its main thread only if the worker cannot run, from a bundle of its own: the server's bundle, which
    // Node compiles before it can answer `initialize`, stays small.
    esbuild.build({
      ...common,
      entryPoints: ['server/src/server.ts'],
      outfile: 'server/out/server.js',
      external: ['./yamlLanguageServer'],
    }),
    esbuild.build({
      ...common,
      entryPoints: ['server/src/yamlLanguageServer.ts'],
      outfile: 'server/out/yamlLanguageServer.js',
    }),
    // The worker thread that runs yaml-language-server (handlers/schemaLanguageWorker.ts).
    esbuild.build({
      ...common,
      entryPoints: ['server/src/handlers/yamlLanguageWorker.ts'],
      outfile: 'server/out/yamlLanguageWorker.js',
    }),
    // The worker thread that validates large documents off the server's main thread (handlers/backgroundAnalysis.ts).
    esbuild.build({
      ...common,
      entryPoints: ['server/src/handlers/analysisWorker.ts'],
      outfile: 'server/out/analysisWorker.js',
    }),
    esbuild.build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'server/out/cli.js' }),
  ]);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
