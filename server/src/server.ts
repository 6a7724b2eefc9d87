import {
  CodeActionKind,
  createConnection,
  LSPErrorCodes,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type ConnectionStrategy,
  type InitializeResult,
  type MessageReader,
  type RequestMessage,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath } from 'node:url';
import {
  APPLY_SNIPPET_FIX_COMMAND,
  CHECK_FILE_REQUEST,
  IMAGE_BUILDS_NOTIFICATION,
  imageBuildRecords,
  resolveSettings,
  SETTINGS_SECTION,
  type CheckFileParams,
  type ImageBuildsParams,
  type InitializationOptions,
  type ShipshapeSettings,
} from '../../common/src/contract';
import { createLanguageService, SEMANTIC_TOKEN_LEGEND } from './service';
import { HelmRenderer } from './handlers/helmRender';
import { KustomizeBuilder } from './handlers/kustomizeBuild';
import { ShellcheckRunner } from './handlers/shellcheckRunner';
import { ValidationScheduler } from './handlers/validation';
import { WATCHED_FILES, WorkspaceIndexer } from './handlers/workspaceIndexer';
import { CachedDiskFileSystem } from './diskFileSystem';
import { kubernetesEngine } from './service/engines';
import { BackgroundAnalysis } from './handlers/backgroundAnalysis';
import { CheckFileHandler } from './handlers/checkFile';
import { SchemaLanguageWorker } from './handlers/schemaLanguageWorker';
import { HandlerGuard } from './handlers/guard';
import { assistOff, featuresOff } from './handlers/limits';
import { codeActionsFor } from './handlers/codeActions';
import { consoleToClient, streamTransport } from './handlers/transport';
import {
  clampCompletion,
  clampEdits,
  clampFoldingRanges,
  clampHover,
  clampSemanticTokens,
  clampSymbols,
} from './handlers/ranges';
import { LINE_SAFE_DOCUMENTS, listenToDocuments } from './handlers/documentSync';
import {
  documentUri,
  requireCodeActionContext,
  requireFormattingOptions,
  requirePosition,
  requireRange,
} from './handlers/params';

// Started by serverStart.ts (server/out/server.js), which loads this bundle (server/out/serverMain.js) and the analysis
// engines with V8's code cache.
// The transport (--stdio, --node-ipc, --pipe, --socket) comes from the command line, as vscode-languageclient sets
// it; the stream transports get a writer that reuses the JSON of unchanged diagnostics (handlers/messageEncoding.ts).
// A request still queued when its $/cancelRequest arrives is answered as cancelled without running.
const connectionOptions: ConnectionStrategy = {
  cancelUndispatched: (message) => {
    const request = message as RequestMessage;
    return {
      jsonrpc: '2.0',
      id: request.id,
      error: { code: LSPErrorCodes.RequestCancelled, message: `${request.method} was cancelled` },
    };
  },
};
const transport = streamTransport();
const connection = transport
  ? // A stream as input (stdio) is typed as a reader: vscode-languageserver takes either for each end.
    createConnection(ProposedFeatures.all, transport.input as MessageReader, transport.output, connectionOptions)
  : createConnection(ProposedFeatures.all, connectionOptions);
if (transport?.stdio) consoleToClient(connection.console);
const guard = new HandlerGuard((message) => connection.console.error(message));
// Whatever slips past the handlers' guards (a timer, a stray promise) is logged: the server never exits on it.
process.on('uncaughtException', (error) => guard.report('uncaught exception', error));
process.on('unhandledRejection', (error) => guard.report('unhandled rejection', error));
const documents = new TextDocuments(LINE_SAFE_DOCUMENTS);
// Files beside Dockerfiles (.hadolint.yaml, .dockerignore) are read asynchronously into a cache, never on the main path.
const nearbyFiles = new CachedDiskFileSystem(() => validation.requestAll());
// yaml-language-server (completion and hover from the schemas) behind the service's port, on a worker thread that
// loads it while the main thread answers `initialize` and validates the first documents; on the main thread only if
// the worker cannot run (its own bundle then: esbuild.mjs).
const schemaLanguage = new SchemaLanguageWorker(
  (schemas) => (require('./yamlLanguageServer') as typeof import('./yamlLanguageServer')).yamlLanguageServer(schemas),
  (message) => connection.console.error(message),
);
const service = createLanguageService({ fileSystem: nearbyFiles, schemaLanguage: schemaLanguage.factory });
// A large document's validation runs its heavy part on a worker thread: the main thread keeps answering.
const background = new BackgroundAnalysis((message) => connection.console.error(message));
const validation = new ValidationScheduler(connection, documents, service, nearbyFiles, background);
const indexer = new WorkspaceIndexer(connection, documents, service, validation, nearbyFiles);
let maxFileBytes = 10 * 1_048_576;
let settings: ShipshapeSettings = resolveSettings({});
/** Only a client that says the workspace is trusted gets external tools run for it (VS Code: workspace trust). */
let workspaceTrusted = false;
const helm = new HelmRenderer(connection, documents, service, validation, {
  helmPath: () => settings.helm.path,
  valueFiles: () => settings.helm.valueFiles,
  trusted: () => workspaceTrusted,
  // Rendered objects are checked against the version the templates are (shipshape.kubernetes.version).
  kubernetesVersion: () => settings.kubernetes.version,
});
const kustomize = new KustomizeBuilder(connection, documents, service, validation, {
  kubectlPath: () => settings.kubectl.path,
  trusted: () => workspaceTrusted,
  kubernetesVersion: () => settings.kubernetes.version,
  workspaceFolders: () => workspaceFolders.filter((uri) => uri.startsWith('file:')).map((uri) => fileURLToPath(uri)),
});
const shellcheck = new ShellcheckRunner(connection, documents, service, validation, {
  shellcheckPath: () => settings.shellcheck.path,
  trusted: () => workspaceTrusted,
});
let canPullConfiguration = false;
let canWatchFiles = false;
let workspaceFolders: string[] = [];
let canFollowFolders = false;

connection.onInitialize((params): InitializeResult => {
  canPullConfiguration = params.capabilities.workspace?.configuration === true;
  canWatchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  workspaceFolders = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
  canFollowFolders = params.capabilities.workspace?.workspaceFolders === true;
  const options = params.initializationOptions as InitializationOptions | undefined;
  workspaceTrusted = options?.workspaceTrusted === true;
  applySettings(resolveSettings(options?.settings));
  if (options?.snippetFixes === true) service.useSnippetFixes(APPLY_SNIPPET_FIX_COMMAND);
  service.setBuiltImages(imageBuildRecords(options?.imageBuilds));
  // The Kubernetes analysis loads while the client reads this answer and opens its editors (a timer runs after the
  // answer is written), so that the first document's validation does not wait for it: ~20-30 ms of CPU that a
  // Dockerfile-only workspace spends for nothing, and every other one saves on its first diagnostics.
  setTimeout(() => {
    try {
      kubernetesEngine();
    } catch (error) {
      guard.report('loading the Kubernetes analysis', error);
    }
  }, 0);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: [':', ' ', '-', '='], resolveProvider: false },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll] },
      documentSymbolProvider: true,
      foldingRangeProvider: true,
      documentFormattingProvider: true,
      semanticTokensProvider: { legend: SEMANTIC_TOKEN_LEGEND, full: true },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'shipshape' },
  };
});

const WARM_UP_DOCUMENT = TextDocument.create(
  'shipshape://warm-up/deployment.yaml',
  'yaml',
  0,
  'apiVersion: apps/v1\nkind: Deployment\nspec:\n  \n',
);

/**
 * What the server prepares in the background once it runs: the workspace index, then yaml-language-server's worker
 * thread (one completion nobody sees, so that it also reads the schemas and compiles its paths before the first
 * completion the user asks for). Started once the documents the editor opens at start have their diagnostics (or after
 * BACKGROUND_START_LATEST_MS), not at `initialized`: on a busy machine they competed with the first validation for the
 * CPU (bench/vscode.mjs). The editor sends its open documents right after `initialized`: a short pause lets them in.
 */
const OPEN_DOCUMENTS_PAUSE_MS = 20;
const BACKGROUND_START_LATEST_MS = 1000;
let backgroundStarted = false;
function startBackgroundWork(): void {
  if (backgroundStarted) return;
  backgroundStarted = true;
  // The index of the workspace's manifests, for rules across files (an HPA here, its Deployment there), first: the
  // worker's start (a quarter of a second of CPU) would slow it on two cores. A completion asked before then starts
  // the worker itself.
  indexer
    .scan(workspaceFolders)
    .catch((error: unknown) => guard.report('workspace scan', error))
    .finally(() => {
      // The worker only where there is YAML to complete: VS Code starts the server in every window (the extension
      // activates at start-up), and one without manifests should not pay for it (its memory, its tenth of a second
      // of CPU). Else the first YAML document opened starts it, after that document's diagnostics.
      if (service.indexedFileCount > 0) startSchemaLanguage('the workspace has manifests');
      else if (documents.all().some(isYaml)) startSchemaLanguage('a YAML document is open');
      else {
        const opened = documents.onDidOpen(({ document }) => {
          if (!isYaml(document)) return;
          opened.dispose();
          validation.whenIdle(() => startSchemaLanguage('a YAML document was opened'));
        });
      }
    });
}
const isYaml = (document: TextDocument) => service.languageOf(document) === 'yaml';
/**
 * A second after it is wanted: the editor is then still painting the file just opened (the first YAML editor of a
 * window: VS Code's tokenizer, hundreds of ms), and the worker's load took a core from it (bench/vscode.mjs, first
 * file's diagnostics on screen: 471 ms instead of 517 after start-up, 554 instead of 633 cold). A completion or hover
 * asked before then starts it itself.
 */
function startSchemaLanguage(reason: string): void {
  setTimeout(() => {
    schemaLanguage.start(reason);
    service
      .complete(WARM_UP_DOCUMENT, { line: 3, character: 2 })
      .catch((error: unknown) => guard.report('completion warm-up', error));
  }, SCHEMA_LANGUAGE_PAUSE_MS);
}
const SCHEMA_LANGUAGE_PAUSE_MS = 1000;
// Said in the log: whether (and why) a window's server loaded yaml-language-server (test/lsp/lazy-schema-worker.test.ts).
schemaLanguage.onStart = (reason) => connection.console.info(`Loading yaml-language-server on its worker: ${reason}`);

connection.onInitialized(() => {
  setTimeout(() => validation.whenIdle(startBackgroundWork), OPEN_DOCUMENTS_PAUSE_MS);
  setTimeout(startBackgroundWork, BACKGROUND_START_LATEST_MS);
  if (canPullConfiguration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
    void pullSettings();
  }
  if (canWatchFiles) {
    void connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: WATCHED_FILES.map((globPattern) => ({ globPattern })),
    });
  }
  if (canFollowFolders) {
    connection.workspace.onDidChangeWorkspaceFolders(
      guard.notification('workspace/didChangeWorkspaceFolders', async (event) => {
        await indexer.removeFolders(event.removed.map((folder) => folder.uri));
        await indexer.scan(event.added.map((folder) => folder.uri));
      }),
    );
  }
});

connection.onDidChangeWatchedFiles(
  guard.notification('workspace/didChangeWatchedFiles', (params) => {
    // A values file or template changed on disk: the charts with open templates render again.
    for (const change of params.changes) {
      helm.onChanged(change.uri);
      kustomize.onChanged(change.uri);
    }
    return indexer.onWatchedFilesChanged(params.changes);
  }),
);

let appliedSettings = '';

/** Applies settings and re-validates the open documents, unless nothing changed (a re-publish costs the client too). */
function applySettings(next: ShipshapeSettings): void {
  const key = JSON.stringify(next);
  if (key === appliedSettings) return;
  appliedSettings = key;
  maxFileBytes = next.maxFileSizeMB * 1_048_576;
  const shellcheckChanged = settings.shellcheck.path !== next.shellcheck.path;
  settings = next;
  service.configure(next);
  validation.requestAll();
  if (shellcheckChanged) shellcheck.onSettingsChanged();
  else for (const document of documents.all()) shellcheck.onChanged(document.uri);
}

async function pullSettings(): Promise<void> {
  try {
    applySettings(resolveSettings(await connection.workspace.getConfiguration(SETTINGS_SECTION)));
  } catch (error) {
    connection.console.warn(
      `Could not read the ${SETTINGS_SECTION} settings, keeping the current ones: ${String(error)}`,
    );
  }
}

connection.onDidChangeConfiguration(
  guard.notification('workspace/didChangeConfiguration', (change: { settings?: Record<string, unknown> }) => {
    if (canPullConfiguration) void pullSettings();
    else applySettings(resolveSettings(change?.settings?.[SETTINGS_SECTION]));
  }),
);

/** An open document's text is new: validate it, and let the background tools (helm, kustomize, shellcheck) know. */
function onDocumentText(event: { document: TextDocument }): void {
  validation.request(event.document.uri);
  helm.onChanged(event.document.uri);
  kustomize.onChanged(event.document.uri);
  shellcheck.onChanged(event.document.uri);
}
documents.onDidOpen(guard.notification('didOpen', onDocumentText));
documents.onDidChangeContent(guard.notification('didChange', onDocumentText));
documents.onDidClose(
  guard.notification('didClose', (event) => {
    service.forget(event.document.uri);
    validation.forget(event.document.uri);
    shellcheck.onClosed(event.document.uri);
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
    return indexer.onClosed(event.document.uri);
  }),
);

connection.onCompletion(
  guard.request(
    'textDocument/completion',
    (params) => {
      const document = documents.get(documentUri(params));
      const position = requirePosition(params);
      if (document && assistOff(document, position)) return null;
      return document
        ? validation.whileAnswering(async () => clampCompletion(document, await service.complete(document, position)))
        : null;
    },
    { value: { isIncomplete: false, items: [] } },
  ),
);

connection.onHover(
  guard.request(
    'textDocument/hover',
    (params) => {
      const document = documents.get(documentUri(params));
      const position = requirePosition(params);
      if (document && assistOff(document, position)) return null;
      return document
        ? validation.whileAnswering(async () => clampHover(document, await service.hover(document, position)))
        : null;
    },
    { value: null },
  ),
);

connection.onCodeAction(
  guard.request('textDocument/codeAction', (params) => {
    const document = documents.get(documentUri(params));
    const range = requireRange(params);
    const context = requireCodeActionContext(params);
    return document ? codeActionsFor(service, document, range, context) : [];
  }),
);

connection.languages.semanticTokens.on(
  guard.request('textDocument/semanticTokens/full', (params) => {
    const document = documents.get(documentUri(params));
    return { data: document ? clampSemanticTokens(document, service.semanticTokens(document)) : [] };
  }),
);

connection.onDocumentSymbol(
  guard.request('textDocument/documentSymbol', (params) => {
    const document = documents.get(documentUri(params));
    return document && !featuresOff(document) ? clampSymbols(document, service.symbols(document)) : [];
  }),
);

connection.onFoldingRanges(
  guard.request('textDocument/foldingRange', (params) => {
    const document = documents.get(documentUri(params));
    return document && !featuresOff(document) ? clampFoldingRanges(document, service.foldingRanges(document)) : [];
  }),
);

connection.onDocumentFormatting(
  guard.request('textDocument/formatting', (params) => {
    const document = documents.get(documentUri(params));
    const options = requireFormattingOptions(params);
    return document && !featuresOff(document) ? clampEdits(document, service.format(document, options)) : [];
  }),
);

const checkFile = new CheckFileHandler(
  documents,
  service,
  (document) => validation.findings(document),
  nearbyFiles,
  () => maxFileBytes,
);
connection.onRequest(
  CHECK_FILE_REQUEST,
  guard.request(CHECK_FILE_REQUEST, (params: CheckFileParams) => checkFile.check(params)),
);
// Build Image built another image: the manifests that run it are checked against its Dockerfile.
connection.onNotification(
  IMAGE_BUILDS_NOTIFICATION,
  guard.notification(IMAGE_BUILDS_NOTIFICATION, (params: ImageBuildsParams) => {
    service.setBuiltImages(imageBuildRecords(params?.builds));
    validation.requestAll();
  }),
);

connection.onShutdown(() => {
  background.dispose();
  schemaLanguage.dispose();
  helm.dispose();
  kustomize.dispose();
  shellcheck.dispose();
});

listenToDocuments(documents, connection, guard);
connection.listen();
