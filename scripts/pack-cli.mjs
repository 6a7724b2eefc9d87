#!/usr/bin/env node
// Packs the `shipshape` CLI as an npm package of its own (`npm install -g shipshape`, `npx shipshape check`): the
// metadata in packages/cli/, the repository's LICENSE, and the esbuild bundles server/out/cli.js (bin `shipshape`)
// and server/out/server.js (bin `shipshape-language-server`, for other LSP editors), with the bundles they load from
// beside them, which hold every library they use (the package has no dependencies, so installing it fetches nothing
// else). Staged in out/cli-package/ and packed
// there with `npm pack`; prints the tarball's path.
//
// Usage: node scripts/pack-cli.mjs [--bundle FILE] [--server-bundle FILE] [--out DIR]
//   `npm run pack:cli` builds the minified bundle first; the tests pack whatever `npm run build` made.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/** The bundles of the analysis (esbuild.mjs), which cli.js and server.js `require` from beside themselves. */
const ENGINE_BUNDLES = ['kubernetesEngine.js', 'dockerfileEngine.js'];
/** The data the Kubernetes engine reads from beside itself on first use (service/kubernetes/schemas.ts). */
const ENGINE_DATA = ['kubernetesDefinitions.json'];
/** What cli.js, a few lines, loads from beside itself: the CLI itself (cli/start.ts). */
const CLI_BUNDLES = ['cliMain.js'];
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: options } = parseArgs({
  options: {
    bundle: { type: 'string', default: path.join(root, 'server', 'out', 'cli.js') },
    'server-bundle': { type: 'string', default: path.join(root, 'server', 'out', 'server.js') },
    out: { type: 'string', default: root },
  },
});

function fail(message) {
  console.error(`pack-cli: ${message}`);
  process.exit(1);
}

const rootManifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const cliManifest = JSON.parse(readFileSync(path.join(root, 'packages', 'cli', 'package.json'), 'utf8'));
// One version for the extension and the CLI: the bundle prints the root's (`shipshape --version`).
if (cliManifest.version !== rootManifest.version) {
  fail(
    `packages/cli/package.json has version ${cliManifest.version}, package.json ${rootManifest.version}: make them equal`,
  );
}
for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies', 'bundleDependencies']) {
  if (cliManifest[field] && Object.keys(cliManifest[field]).length > 0)
    fail(`the CLI package must not have ${field}: the bundle holds them`);
}
for (const bundle of [options.bundle, options['server-bundle']]) {
  if (!existsSync(bundle)) fail(`${bundle} is missing: run \`npm run build\` (or build:production) first`);
}

const stage = path.join(root, 'out', 'cli-package');
rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
copyFileSync(path.join(root, 'packages', 'cli', 'package.json'), path.join(stage, 'package.json'));
copyFileSync(path.join(root, 'packages', 'cli', 'README.md'), path.join(stage, 'README.md'));
copyFileSync(path.join(root, 'LICENSE'), path.join(stage, 'LICENSE'));

/** A bundle as a bin: a node shebang first, and without the development build's source-map comment (no .map ships). */
function stageBin(from, name) {
  let text = readFileSync(from, 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
  if (!text.startsWith('#!')) text = `#!/usr/bin/env node\n${text}`;
  writeFileSync(path.join(stage, name), text);
  chmodSync(path.join(stage, name), 0o755);
}
stageBin(options.bundle, 'cli.js');
stageBin(options['server-bundle'], 'server.js');
// The CLI itself (cliMain.js, which cli.js loads), the analysis engines both bins load on first use (they must be there); the server itself (server.js is its entry,
// serverStart.ts), its worker threads (large documents' validation, yaml-language-server) and yaml-language-server
// for its main thread, loaded from beside it.
for (const name of [...CLI_BUNDLES, ...ENGINE_BUNDLES]) {
  const bundle = path.join(path.dirname(options.bundle), name);
  if (!existsSync(bundle)) fail(`${bundle} is missing: run \`npm run build\` (or build:production) first`);
  stageBin(bundle, name);
}
for (const name of ENGINE_DATA) {
  const data = path.join(path.dirname(options.bundle), name);
  if (!existsSync(data)) fail(`${data} is missing: run \`npm run build\` (or build:production) first`);
  copyFileSync(data, path.join(stage, name));
}
for (const name of [
  'serverMain.js',
  'analysisWorker.js',
  'yamlLanguageWorker.js',
  'yamlLanguageWorkerMain.js',
  'yamlLanguageServer.js',
]) {
  const bundle = path.join(path.dirname(options['server-bundle']), name);
  if (existsSync(bundle)) stageBin(bundle, name);
}

mkdirSync(options.out, { recursive: true });
const packed = JSON.parse(
  execFileSync('npm', ['pack', '--json', '--pack-destination', path.resolve(options.out)], {
    cwd: stage,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }),
);
const tarball = path.join(path.resolve(options.out), packed[0].filename);
console.log(tarball);
