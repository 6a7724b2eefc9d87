// Bundles the extension (client/out/shipshape.js, loaded by client/out/extension.js with a code cache), the language
// server (server/out/server.js, which starts serverMain.js, and the worker thread it validates large documents on:
// server/out/analysisWorker.js), the CLI (server/out/cli.js, which starts cliMain.js) and the analysis engines both load on first use
// (server/out/kubernetesEngine.js, dockerfileEngine.js). Type checking is `tsc -b`'s job; a failed bundle exits non-zero.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

const production = process.argv.includes('--production');
const version = JSON.parse(readFileSync('package.json', 'utf8')).version;
const DEFINITIONS_FILE = 'kubernetesDefinitions.json';

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
    {
      // dockerfile-language-service requires `https` when it loads (its Docker Hub client, for image tag completion):
      // Node then loads https, tls, net, crypto and streams, ~10 ms of a `shipshape check` of a Dockerfile (issue 16
      // item 2) that never asks Docker Hub. vscode-jsonrpc requires `crypto` when it loads, for the random name of a
      // pipe transport, which neither the server (IPC or stdio) nor the extension uses: 6-8 ms of CPU before the
      // server can answer `initialize`. Each gets its module loaded on its first use instead.
      name: 'lazy-builtins',
      setup(build) {
        const lazy = [
          { module: 'https', importer: /[\\/]dockerfile-language-service[\\/]/ },
          { module: 'crypto', importer: /[\\/]vscode-jsonrpc[\\/]lib[\\/]node[\\/]/ },
        ];
        build.onResolve({ filter: /^(https|crypto)$/ }, (args) =>
          lazy.some(({ module, importer }) => module === args.path && importer.test(args.importer))
            ? { path: args.path, namespace: 'lazy-builtins' }
            : undefined,
        );
        build.onLoad({ filter: /.*/, namespace: 'lazy-builtins' }, (args) => ({
          contents:
            `let loaded; const load = () => (loaded ??= require('node:${args.path}'));\n` +
            'module.exports = new Proxy({}, {\n' +
            '  get: (_, key) => load()[key],\n' +
            '  has: (_, key) => key in load(),\n' +
            '  ownKeys: () => Reflect.ownKeys(load()),\n' +
            '  getOwnPropertyDescriptor: (_, key) => {\n' +
            '    const descriptor = Reflect.getOwnPropertyDescriptor(load(), key);\n' +
            '    return descriptor && { ...descriptor, configurable: true };\n' +
            '  },\n' +
            '});\n',
          loader: 'js',
        }));
      },
    },
    {
      // yaml-language-server compiles, as it loads, the validators of four JSON Schema meta-schemas (drafts 04, 07,
      // 2019-09, 2020-12) with Ajv: ~110 ms of its worker thread's ~275 ms of CPU at start (bench/vscode.mjs, on two
      // cores beside VS Code's first editor). It uses one only to check a schema that names that draft (ours: 07,
      // when the first completion reads them). Each is compiled on its first use instead. Should the source change,
      // the build says so and bundles it as it is.
      name: 'yaml-language-server-lazy-meta-schemas',
      setup(build) {
        build.onLoad({ filter: /[\\/]yaml-language-server[\\/].*[\\/]yamlSchemaService\.js$/ }, (args) => {
          const source = readFileSync(args.path, 'utf8');
          const drafts = ['04', '07', '2019', '2020'];
          const eager = (draft) =>
            new RegExp(`const schema${draft}Validator = (getDefaultMetaSchemaValidator\\(\\w+\\));`);
          const used = (draft) => new RegExp(`return schema${draft}Validator;`);
          if (!drafts.every((draft) => eager(draft).test(source) && used(draft).test(source)))
            return {
              contents: source,
              loader: 'js',
              warnings: [{ text: 'yaml-language-server-lazy-meta-schemas: the source changed, not patched' }],
            };
          let patched = source;
          for (const draft of drafts)
            patched = patched
              .replace(
                eager(draft),
                `let schema${draft}Validator; const schema${draft}ValidatorOf = () => (schema${draft}Validator ??= $1);`,
              )
              .replace(used(draft), `return schema${draft}ValidatorOf();`);
          return { contents: patched, loader: 'js' };
        });
      },
    },
    {
      // The `yaml` library's ES module build (the one it offers browsers; the same code) instead of its CommonJS
      // one: esbuild then hoists its modules into the bundle's scope, where every module that imports `yaml` from
      // the CommonJS build got a namespace object of its own, ~60 properties copied, at start-up (~50 of them in the
      // Kubernetes engine: milliseconds of each `shipshape check`, issue 16 item 2).
      name: 'yaml-esm',
      setup(build) {
        build.onResolve({ filter: /^yaml$/ }, async (args) => {
          if (args.pluginData?.yamlEsm) return undefined;
          const commonJs = await build.resolve(args.path, {
            kind: args.kind,
            resolveDir: args.resolveDir,
            importer: args.importer,
            pluginData: { yamlEsm: true },
          });
          const esm = commonJs.path.replace(/([\\/])dist[\\/]index\.js$/, '$1browser$1index.js');
          return commonJs.errors.length === 0 && esm !== commonJs.path && existsSync(esm) ? { path: esm } : undefined;
        });
      },
    },
    {
      // Every Kubernetes kind's schema definitions (service/kubernetes/schemas.ts `require`s them on first use): a
      // JSON file beside the bundles, server/out/kubernetesDefinitions.json (copied below), which Node reads with one
      // JSON.parse; as a bundled object literal they were the largest part of the engine's code cache.
      name: 'kubernetes-definitions',
      setup(build) {
        build.onResolve({ filter: /\/schemas\/definitions\.json$/ }, (args) =>
          args.kind === 'require-call' ? { path: `./${DEFINITIONS_FILE}`, external: true } : undefined,
        );
      },
    },
  ],
};

/**
 * The analysis engines, each a bundle of its own that the bundles below `require` on first use (issue 16 item 4): a
 * server answers `initialize` before Node has compiled them, and `shipshape check` of a YAML file never compiles the
 * Dockerfile one. `service/languageService.ts` (and the catalogue, and the few helpers that need an analyser) load them
 * with a `require` in the function that needs them: this plugin makes that require point at the engine's bundle beside
 * the requiring bundle, instead of bundling the engine in again. Whatever else an engine uses and its requirer also
 * imports is in both bundles (service/types, common/ranges, yaml/chunks, helm/mask, the `yaml` library...): such a
 * module must hold no state that both sides read (a cache one side fills and the other reads, a class checked with
 * instanceof). Only plain data (texts, findings) crosses from a requirer into an engine and back.
 */
const ENGINES = {
  [path.resolve('server/src/service/kubernetesEngine.ts')]: './kubernetesEngine.js',
  [path.resolve('server/src/service/dockerfileEngine.ts')]: './dockerfileEngine.js',
};

/** @param {string} [self] the engine this bundle is (its own imports of itself stay inside) */
function lazyEngines(self) {
  return {
    name: 'lazy-engines',
    setup(build) {
      build.onResolve({ filter: /(^|\/)(kubernetes|dockerfile)Engine$/ }, (args) => {
        const target = path.resolve(args.resolveDir, args.path) + '.ts';
        const bundle = ENGINES[target];
        return bundle && target !== self ? { path: bundle, external: true } : undefined;
      });
    },
  };
}

/**
 * Our sources take only a few enums from vscode-languageserver-types (DiagnosticSeverity, ...), but its module builds
 * all ~60 of its namespaces when it loads: 42 KB of the CLI's 140 KB bundle, and all of it compiled at every start,
 * so in the code cache `shipshape check` reads (issue 16 item 2). In the CLI and the engines, our own imports of it get
 * these enums' values, taken from the very module at build time. A value import of anything else fails the build
 * (esbuild: "No matching export"): add it to LSP_ENUMS if it is a plain enum, else leave that bundle out of this.
 * (The libraries that import the module, vscode-languageserver and dockerfile-language-service, still get the real one.)
 */
const LSP_ENUMS = [
  'CodeActionKind',
  'CompletionItemKind',
  'DiagnosticSeverity',
  'InsertTextFormat',
  'MarkupKind',
  'SymbolKind',
];
const lspEnums = {
  name: 'lsp-enums',
  setup(build) {
    build.onResolve({ filter: /^vscode-languageserver-types$/ }, (args) =>
      /[\\/]node_modules[\\/]/.test(args.importer) ? undefined : { path: args.path, namespace: 'lsp-enums' },
    );
    build.onLoad({ filter: /.*/, namespace: 'lsp-enums' }, () => {
      const types = createRequire(import.meta.url)('vscode-languageserver-types');
      const enums = LSP_ENUMS.map((name) => {
        const values = Object.fromEntries(
          Object.entries(types[name]).filter(([, value]) => typeof value !== 'function'),
        );
        return `export const ${name} = ${JSON.stringify(values)};\n`;
      });
      return { contents: enums.join(''), loader: 'js' };
    });
  },
};

/**
 * The extension's own modules each `import * as vscode from 'vscode'`: esbuild gives each of them a copy of the API
 * object (`__toESM`: a getter for each of its ~700 names), ~1 ms of the extension host's CPU apiece as the extension
 * activates (bench/vscode.mjs --profile: 10 ms). They get one shared namespace instead, made once.
 */
const vscodeOnce = {
  name: 'vscode-once',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) =>
      /[\\/]node_modules[\\/]/.test(args.importer) || args.namespace === 'vscode-once'
        ? { path: 'vscode', external: true }
        : { path: 'vscode', namespace: 'vscode-once' },
    );
    build.onLoad({ filter: /.*/, namespace: 'vscode-once' }, () => ({
      contents: "export * from 'vscode';",
      loader: 'js',
    }));
  },
};

/**
 * The bundles that load the engines on first use.
 * @param {import('esbuild').BuildOptions & { outfile: string, extraPlugins?: import('esbuild').Plugin[] }} options
 * @param {string} [self]
 */
const withLazyEngines = ({ extraPlugins = [], ...options }, self) => ({
  ...options,
  plugins: [...common.plugins, ...extraPlugins, lazyEngines(self)],
});

/**
 * A bundle that is only a loader (server.js, cli.js: serverStart.ts, cli/start.ts): its `require(request)` of the
 * program itself points at `bundle` beside it, which the loader compiles through the code cache.
 */
function loaderOf(request, bundle) {
  return {
    ...common,
    plugins: [
      ...common.plugins,
      {
        name: 'loaded-bundle',
        setup(build) {
          build.onResolve({ filter: new RegExp(`^${request.replace(/[./]/g, '\\$&')}$`) }, () => ({
            path: bundle,
            external: true,
          }));
        },
      },
    ],
  };
}

/**
 * esbuild escapes non-ASCII characters in strings but leaves them in regular expression literals (the `µs` of a Go
 * duration). One such character makes V8 hold the whole bundle as a two-byte string: Node then decodes the 1.5 MB
 * Kubernetes engine in ~4 ms instead of ~1.5 ms on every `shipshape check` (issue 16 item 2), and the string takes
 * twice the memory. `\uXXXX` means the same character in a string, a template, a regular expression (with or without
 * the `u` flag) and an identifier, and nothing in a comment; the source map's columns shift on that line only.
 */
function asciiOnly(file) {
  const text = readFileSync(file, 'utf8');
  if (!/[\u0080-\uffff]/.test(text)) return;
  writeFileSync(
    file,
    text.replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`),
  );
}

/**
 * Every bundle: built together, then made ASCII-only.
 * @type {Array<import('esbuild').BuildOptions & { outfile: string }>}
 */
const BUILDS = [
  {
    ...common,
    entryPoints: ['client/src/extension.ts'],
    outfile: 'client/out/shipshape.js',
    external: ['vscode'],
    plugins: [...common.plugins, vscodeOnce],
  },
  // The extension's entry point: loads shipshape.js above with V8's code cache (client/src/extensionLoader.ts).
  {
    ...common,
    entryPoints: ['client/src/extensionLoader.ts'],
    outfile: 'client/out/extension.js',
    external: ['vscode'],
  },
  // The server editors start (server.js) is a few lines that load the server itself (serverMain.js) with V8's code
  // cache (server/src/serverStart.ts).
  {
    ...loaderOf('./server', './serverMain.js'),
    entryPoints: ['server/src/serverStart.ts'],
    outfile: 'server/out/server.js',
  },
  // yaml-language-server (completion and hover) runs on a worker thread (yamlLanguageWorker.js, below); the server
  // loads it on its main thread only if the worker cannot run, from a bundle of its own: the server's bundle, which
  // Node compiles before it can answer `initialize`, stays small.
  withLazyEngines({
    ...common,
    entryPoints: ['server/src/server.ts'],
    outfile: 'server/out/serverMain.js',
    external: ['./yamlLanguageServer'],
  }),
  ...Object.entries(ENGINES).map(([entry, bundle]) =>
    withLazyEngines(
      { ...common, entryPoints: [entry], outfile: path.join('server/out', bundle), extraPlugins: [lspEnums] },
      entry,
    ),
  ),
  { ...common, entryPoints: ['server/src/yamlLanguageServer.ts'], outfile: 'server/out/yamlLanguageServer.js' },
  // The worker thread that runs yaml-language-server (handlers/schemaLanguageWorker.ts): yamlLanguageWorker.js is a
  // few lines that load the worker itself (yamlLanguageWorkerMain.js) with V8's code cache
  // (handlers/yamlLanguageWorkerStart.ts).
  {
    ...loaderOf('./yamlLanguageWorker', './yamlLanguageWorkerMain.js'),
    entryPoints: ['server/src/handlers/yamlLanguageWorkerStart.ts'],
    outfile: 'server/out/yamlLanguageWorker.js',
  },
  {
    ...common,
    entryPoints: ['server/src/handlers/yamlLanguageWorker.ts'],
    outfile: 'server/out/yamlLanguageWorkerMain.js',
  },
  // The worker thread that validates large documents off the server's main thread (handlers/backgroundAnalysis.ts).
  withLazyEngines({
    ...common,
    entryPoints: ['server/src/handlers/analysisWorker.ts'],
    outfile: 'server/out/analysisWorker.js',
  }),
  // The CLI (`shipshape`, bin of the npm package): cli.js is a few lines that load the CLI itself (cliMain.js) and
  // the engines with V8's code cache (server/src/cli/start.ts).
  { ...loaderOf('../cli', './cliMain.js'), entryPoints: ['server/src/cli/start.ts'], outfile: 'server/out/cli.js' },
  withLazyEngines({
    ...common,
    entryPoints: ['server/src/cli.ts'],
    outfile: 'server/out/cliMain.js',
    extraPlugins: [lspEnums],
  }),
];

try {
  await Promise.all(BUILDS.map((options) => esbuild.build(options)));
  for (const { outfile } of BUILDS) asciiOnly(outfile);
  mkdirSync('server/out', { recursive: true });
  copyFileSync('server/schemas/definitions.json', path.join('server/out', DEFINITIONS_FILE));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
