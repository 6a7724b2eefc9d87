import {
  CodeActionKind,
  createConnection,
  LSPErrorCodes,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeResult,
  type RequestMessage,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  APPLY_SNIPPET_FIX_COMMAND,
  CHECK_FILE_REQUEST,
  resolveSettings,
  SETTINGS_SECTION,
  type CheckFileParams,
  type CheckFileResult,
  type InitializationOptions,
  type ShipshapeSettings,
} from '../../common/src/contract';
import { languageOfPath } from './service/languageOfPath';
import { createLanguageService, SEMANTIC_TOKEN_LEGEND } from './service';
import { HelmRenderer } from './handlers/helmRender';
import { KustomizeBuilder } from './handlers/kustomizeBuild';
import { ShellcheckRunner } from './handlers/shellcheckRunner';
import { ValidationScheduler } from './handlers/validation';
import { WATCHED_FILES, WorkspaceIndexer } from './handlers/workspaceIndexer';
import { CachedDiskFileSystem, readRegularFile } from './diskFileSystem';
import { HandlerGuard } from './handlers/guard';
import { assistOff, featuresOff } from './handlers/limits';
import {
  clampCodeActions,
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
  wellFormedDiagnostics,
} from './handlers/params';

// The transport (--stdio, --node-ipc, --socket) comes from the command line, as vscode-languageclient sets it.
// A request still queued when its $/cancelRequest arrives is answered as cancelled without running.
const connection = createConnection(ProposedFeatures.all, {
  cancelUndispatched: (message) => {
    const request = message as RequestMessage;
    return {
      jsonrpc: '2.0',
      id: request.id,
      error: { code: LSPErrorCodes.RequestCancelled, message: `${request.method} was cancelled` },
    };
  },
});
const guard = new HandlerGuard((message) => connection.console.error(message));
// Whatever slips past the handlers' guards (a timer, a stray promise) is logged: the server never exits on it.
process.on('uncaughtException', (error) => guard.report('uncaught exception', error));
process.on('unhandledRejection', (error) => guard.report('unhandled rejection', error));
const documents = new TextDocuments(LINE_SAFE_DOCUMENTS);
// Files beside Dockerfiles (.hadolint.yaml, .dockerignore) are read asynchronously into a cache, never on the main path.
const nearbyFiles = new CachedDiskFileSystem(() => validation.requestAll());
const service = createLanguageService({ fileSystem: nearbyFiles });
const validation = new ValidationScheduler(connection, documents, service, nearbyFiles);
const indexer = new WorkspaceIndexer(connection, documents, service, validation, nearbyFiles);
let maxFileBytes = 10 * 1_048_576;
let settings: ShipshapeSettings = resolveSettings({});
/** Only a client that says the workspace is trusted gets external tools run for it (VS Code: workspace trust). */
let workspaceTrusted = false;
const helm = new HelmRenderer(connection, documents, service, validation, {
  helmPath: () => settings.helm.path,
  valueFiles: () => settings.helm.valueFiles,
  trusted: () => workspaceTrusted,
});
const kustomize = new KustomizeBuilder(connection, documents, service, validation, {
  kubectlPath: () => settings.kubectl.path,
  trusted: () => workspaceTrusted,
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

connection.onInitialized(() => {
  if (canPullConfiguration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
    void pullSettings();
  }
  if (canWatchFiles) {
    void connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: WATCHED_FILES.map((globPattern) => ({ globPattern })),
    });
  }
  // The index of the workspace's manifests, for rules across files (an HPA here, its Deployment there).
  indexer.scan(workspaceFolders).catch((error: unknown) => guard.report('workspace scan', error));
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
    if (!document) return [];
    if (context.only && context.only.some((kind) => kind.startsWith(CodeActionKind.SourceFixAll))) {
      const action = service.fixAllAction(document);
      return action ? clampCodeActions(document, [action]) : [];
    }
    return clampCodeActions(document, service.codeActions(document, range, wellFormedDiagnostics(context.diagnostics)));
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

connection.onRequest(
  CHECK_FILE_REQUEST,
  guard.request(CHECK_FILE_REQUEST, async (params: CheckFileParams): Promise<CheckFileResult> => {
    const open = documents.get(params.uri);
    let document = open;
    if (!document) {
      const path = fileURLToPath(params.uri);
      const language = languageOfPath(basename(path));
      // Only a regular file within the size limit is read (a FIFO would block, a link to /dev/zero never end).
      const text = language ? await readRegularFile(path, maxFileBytes) : undefined;
      if (!language || text === undefined) return { errors: 0, warnings: 0 };
      document = TextDocument.create(params.uri, language, 0, text);
    }
    let findings = service.validate(document);
    for (let round = 0; nearbyFiles.pending && round < 3; round++) {
      await nearbyFiles.settled();
      findings = service.validate(document);
    }
    if (!open) service.forget(params.uri);
    return {
      errors: findings.filter((found) => found.severity === 1).length,
      warnings: findings.filter((found) => found.severity === 2).length,
    };
  }),
);

connection.onShutdown(() => {
  helm.dispose();
  kustomize.dispose();
  shellcheck.dispose();
});

listenToDocuments(documents, connection, guard);
connection.listen();
