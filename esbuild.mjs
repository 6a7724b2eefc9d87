// Bundles the extension (client/out/extension.js), the language server (server/out/server.js) and the CLI
// (server/out/cli.js). Type checking is `tsc -b`'s job; a failed bundle exits non-zero.
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';

const production = process.argv.includes('--production');
const version = JSON.parse(readFileSync('package.json', 'utf8')).version;

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
      outfile: 'client/out/extension.js',
      external: ['vscode'],
    }),
    esbuild.build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'server/out/server.js' }),
    esbuild.build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'server/out/cli.js' }),
  ]);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
