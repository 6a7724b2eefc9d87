import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APPLY_SNIPPET_FIX_COMMAND, CHECK_FILE_REQUEST, resolveSettings, SETTINGS_SECTION, type CheckFileParams, type CheckFileResult, type ShipshapeSettings } from '../../common/src/contract';
import { languageOfPath } from './cli/files';
import { createLanguageService, SEMANTIC_TOKEN_LEGEND } from './service';
import { HelmRenderer } from './handlers/helmRender';
import { ValidationScheduler } from './handlers/validation';
import { WATCHED_FILES, WorkspaceIndexer } from './handlers/workspaceIndexer';
import { diskFileSystem } from './diskFileSystem';

// The transport (--stdio, --node-ipc, --socket) comes from the command line, as vscode-languageclient sets it.
const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const service = createLanguageService({ fileSystem: diskFileSystem });
const validation = new ValidationScheduler(connection, documents, service);
const indexer = new WorkspaceIndexer(connection, documents, service, validation);
let settings: ShipshapeSettings = resolveSettings({});
/** Only a client that says the workspace is trusted gets external tools run for it (VS Code: workspace trust). */
let workspaceTrusted = false;
const helm = new HelmRenderer(connection, documents, service, validation, {
  helmPath: () => settings.helm.path,
  valueFiles: () => settings.helm.valueFiles,
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
  workspaceTrusted = params.initializationOptions?.workspaceTrusted === true;
  applySettings(resolveSettings(params.initializationOptions?.settings));
  if (params.initializationOptions?.snippetFixes === true) service.useSnippetFixes(APPLY_SNIPPET_FIX_COMMAND);
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
    void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_FILES.map((globPattern) => ({ globPattern })) });
  }
  // The index of the workspace's manifests, for rules across files (an HPA here, its Deployment there).
  void indexer.scan(workspaceFolders);
  if (canFollowFolders) {
    connection.workspace.onDidChangeWorkspaceFolders((event) => {
      void indexer.removeFolders(event.removed.map((folder) => folder.uri));
      void indexer.scan(event.added.map((folder) => folder.uri));
    });
  }
});

connection.onDidChangeWatchedFiles((params) => {
  void indexer.onWatchedFilesChanged(params.changes);
  // A values file or template changed on disk: the charts with open templates render again.
  for (const change of params.changes) helm.onChanged(change.uri);
});

let appliedSettings = '';

/** Applies settings and re-validates the open documents, unless nothing changed (a re-publish costs the client too). */
function applySettings(next: ShipshapeSettings): void {
  const key = JSON.stringify(next);
  if (key === appliedSettings) return;
  appliedSettings = key;
  settings = next;
  service.configure(next);
  validation.requestAll();
}

async function pullSettings(): Promise<void> {
  try {
    applySettings(resolveSettings(await connection.workspace.getConfiguration(SETTINGS_SECTION)));
  } catch (error) {
    connection.console.warn(`Could not read the ${SETTINGS_SECTION} settings, keeping the current ones: ${String(error)}`);
  }
}

connection.onDidChangeConfiguration((change) => {
  if (canPullConfiguration) void pullSettings();
  else applySettings(resolveSettings(change.settings?.[SETTINGS_SECTION]));
});

documents.onDidOpen((event) => {
  validation.request(event.document.uri);
  helm.onChanged(event.document.uri);
});
documents.onDidChangeContent((event) => {
  validation.request(event.document.uri);
  helm.onChanged(event.document.uri);
});
documents.onDidClose((event) => {
  service.forget(event.document.uri);
  void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  void indexer.onClosed(event.document.uri);
});

connection.onCompletion((params) => {
  const document = documents.get(params.textDocument.uri);
  return document ? validation.whileAnswering(() => service.complete(document, params.position)) : null;
});

connection.onHover((params) => {
  const document = documents.get(params.textDocument.uri);
  return document ? validation.whileAnswering(() => service.hover(document, params.position)) : null;
});

connection.onCodeAction((params) => {
  const document = documents.get(params.textDocument.uri);
  if (!document) return [];
  const only = params.context.only;
  if (only && only.some((kind) => kind.startsWith(CodeActionKind.SourceFixAll))) {
    const edits = service.fixAll(document);
    return edits.length === 0
      ? []
      : [{ title: 'Fix all Shipshape problems', kind: CodeActionKind.SourceFixAll, edit: { changes: { [document.uri]: edits } } }];
  }
  return service.codeActions(document, params.range, params.context.diagnostics);
});

connection.languages.semanticTokens.on((params) => {
  const document = documents.get(params.textDocument.uri);
  return { data: document ? service.semanticTokens(document) : [] };
});

connection.onDocumentSymbol((params) => {
  const document = documents.get(params.textDocument.uri);
  return document ? service.symbols(document) : [];
});

connection.onFoldingRanges((params) => {
  const document = documents.get(params.textDocument.uri);
  return document ? service.foldingRanges(document) : [];
});

connection.onDocumentFormatting((params) => {
  const document = documents.get(params.textDocument.uri);
  return document ? service.format(document, params.options) : [];
});

connection.onRequest(CHECK_FILE_REQUEST, (params: CheckFileParams): CheckFileResult => {
  const open = documents.get(params.uri);
  let document = open;
  if (!document) {
    const path = fileURLToPath(params.uri);
    const language = languageOfPath(basename(path));
    if (!language) return { errors: 0, warnings: 0 };
    document = TextDocument.create(params.uri, language, 0, readFileSync(path, 'utf8'));
  }
  const findings = service.validate(document);
  if (!open) service.forget(params.uri);
  return {
    errors: findings.filter((found) => found.severity === 1).length,
    warnings: findings.filter((found) => found.severity === 2).length,
  };
});

connection.onShutdown(() => helm.dispose());

documents.listen(connection);
connection.listen();
