// Lint: typescript-eslint's recommended rules, the two promise rules that need type information, and the import
// boundaries of the architecture (the language service is pure; the client never reaches into the server).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NODE_EFFECTS = [
  'fs',
  'node:fs',
  'fs/promises',
  'node:fs/promises',
  'child_process',
  'node:child_process',
  'worker_threads',
  'node:worker_threads',
  'net',
  'node:net',
  'http',
  'node:http',
  'https',
  'node:https',
];

const NODE_GLOBALS = Object.fromEntries(
  [
    'process',
    'console',
    'Buffer',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'setImmediate',
    'URL',
    'URLSearchParams',
    'performance',
    'fetch',
    'AbortController',
    'AbortSignal',
    '__dirname',
    '__filename',
    'require',
    'module',
    'structuredClone',
    'TextDecoder',
    'TextEncoder',
    'queueMicrotask',
  ].map((name) => [name, 'readonly']),
);

export default tseslint.config(
  {
    ignores: [
      'out/**',
      '**/node_modules/**',
      'server/schemas/**',
      'test/fixtures/**',
      'test/e2e/fixtures/**',
      'packages/*/dist/**',
      'test/e2e/suite/globals.d.ts', // declarations for checkJs only (tsconfig.checkjs.json)
      'client/out/**',
      'server/out/**',
      '*.vsix',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // node:test's describe/it return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            {
              from: 'package',
              package: 'node:test',
              name: ['describe', 'it', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach'],
            },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: NODE_GLOBALS },
  },
  {
    // The real-VS-Code suite is CommonJS run by mocha inside the extension host.
    files: ['test/e2e/suite/**/*.js', 'test/e2e/others/**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        ...NODE_GLOBALS,
        exports: 'writable',
        describe: 'readonly',
        it: 'readonly',
        before: 'readonly',
        after: 'readonly',
        beforeEach: 'readonly',
        afterEach: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Loaded on first use, to keep start-up short (issue 16): the Kubernetes and Dockerfile engines (service/engines.ts),
    // yaml-language-server; the server by its entry (serverStart.ts) and the YAML worker by its own
    // (yamlLanguageWorkerStart.ts), with V8's code cache; node:child_process when a
    // tool first runs (childProcess.ts).
    files: ['server/src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-require-imports': [
        'error',
        {
          allow: [
            '^\\./(kubernetesEngine|dockerfileEngine|yamlLanguageServer|yamlLanguageWorker|server)$',
            '^node:child_process$',
          ],
        },
      ],
    },
  },
  {
    // The language service is pure: no disk, no processes, no editor, no LSP transport (server.ts and handlers/ wire it).
    files: ['server/src/service/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...NODE_EFFECTS,
            'vscode',
            'vscode-languageserver/node',
            'vscode-languageclient',
            'vscode-languageclient/node',
          ].map((name) => ({
            name,
            message: 'The language service is pure: effects live in server/src/handlers or the CLI.',
          })),
        },
      ],
    },
  },
  {
    // The client talks to the server over LSP only: it never imports the server's internals.
    files: ['client/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/server/src/**', '**/server/out/**'],
              message: 'The client reaches the server over LSP only; shared types live in common/.',
            },
          ],
        },
      ],
    },
  },
);
