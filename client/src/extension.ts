import { serverEnvironment } from './serverEnvironment';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  LogMessageNotification,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import {
  APPLY_SNIPPET_FIX_COMMAND,
  CHECK_FILE_REQUEST,
  IMAGE_BUILDS_NOTIFICATION,
  SETTINGS_SECTION,
  type CheckFileParams,
  type CheckFileResult,
  type ImageBuildsParams,
  type InitializationOptions,
} from '../../common/src/contract';
import { registerApply } from './vscode/applyCommand';
import { registerBuildImage } from './vscode/buildCommand';
import { BuiltImages } from './vscode/builtImages';
import { registerKubeStatus } from './vscode/kubeStatus';
import { KubernetesVersionTarget, withKubernetesVersion } from './vscode/kubeVersion';
import { OtherExtensions } from './vscode/otherExtensions';
import { ContainerToolsTakeOver } from './vscode/takeOver';
import { logServerMessage } from './vscode/serverLog';
import { registerRunImage } from './vscode/runCommand';

let client: LanguageClient | undefined;

/** The longest kubectl waits for the first diagnostics (activated with no file open: none come). */
const KUBECTL_WAIT_MS = 3_000;

/**
 * When the extension host had evaluated this bundle, called activate, began starting the language client and had
 * the server's `initialize` answer (performance.now() of the extension host): bench/vscode.mjs reads them from the
 * extension's exports to split open->first diagnostics into its steps.
 */
export interface StartupTimings {
  loaded: number;
  activated: number;
  clientStarting: number;
  clientReady: number;
}
const startup: StartupTimings = { loaded: performance.now(), activated: 0, clientStarting: 0, clientReady: 0 };

export async function activate(context: vscode.ExtensionContext): Promise<{ startup: StartupTimings }> {
  startup.activated = performance.now();
  // A LogOutputChannel: the user picks its level with "Developer: Set Log Level..." (or the channel's gear).
  const output = vscode.window.createOutputChannel('Shipshape', { log: true });
  context.subscriptions.push(output);

  const serverModule = context.asAbsolutePath(path.join('server', 'out', 'server.js'));
  // The server keeps V8's code cache of its bundles in the extension's storage (common/src/codeCache.ts), and starts
  // without NODE_EXTRA_CA_CERTS (serverEnvironment.ts).
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { env: serverEnvironment(context) } },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', '--inspect=6011'] },
    },
  };
  // `shipshape.kubernetes.version: auto` is answered here (the server runs no kubectl): the server gets the version.
  // kubectl waits until the first diagnostics are out (or a few seconds, when no file is open).
  const versionTarget = new KubernetesVersionTarget(output);
  let firstDiagnostics = (): void => undefined;
  const firstPublished = new Promise<void>((resolve) => (firstDiagnostics = resolve));
  const kubectlWait = setTimeout(firstDiagnostics, KUBECTL_WAIT_MS);
  context.subscriptions.push({ dispose: () => clearTimeout(kubectlWait) });
  versionTarget.askAfter(firstPublished);
  const builtImages = new BuiltImages(context.workspaceState);
  // Red Hat YAML / Container Tools beside us: each finding, completion and hover once.
  const others = new OtherExtensions(output);
  const takeOver = new ContainerToolsTakeOver(context, output);
  others.onDockerfileDuplicates = (hidden, file) => takeOver.offerOnce(hidden, file);
  context.subscriptions.push(others);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
      { scheme: 'file', language: 'dockerfile' },
      { scheme: 'untitled', language: 'dockerfile' },
    ],
    outputChannel: output,
    // Read at every (re)start: the server runs helm for charts only when the workspace is trusted.
    initializationOptions: () =>
      ({
        settings: withKubernetesVersion(
          vscode.workspace.getConfiguration(SETTINGS_SECTION),
          versionTarget.current().version,
        ),
        snippetFixes: true,
        workspaceTrusted: vscode.workspace.isTrusted,
        imageBuilds: builtImages.records(),
      }) satisfies InitializationOptions,
    middleware: {
      ...others.middleware,
      handleDiagnostics: (uri, diagnostics, next) => {
        firstDiagnostics();
        others.middleware.handleDiagnostics?.(uri, diagnostics, next);
      },
      workspace: {
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          if (!Array.isArray(result)) return result;
          return result.map((value, index) =>
            params.items[index]?.section === SETTINGS_SECTION
              ? withKubernetesVersion(value, versionTarget.current().version)
              : value,
          );
        },
      },
      // The server offers our whole-file snippets for editors without snippet files; VS Code already has them from
      // snippets/, so drop the server's copies instead of listing each twice.
      provideCompletionItem: async (document, position, completionContext, token, next) => {
        if (others.isAsking(document, position)) return undefined;
        const result = await next(document, position, completionContext, token);
        const items = Array.isArray(result) ? result : result?.items;
        if (!items) return result;
        const kept = await others.completionWithoutDuplicates(
          document,
          position,
          items.filter((item) => item.kind !== vscode.CompletionItemKind.Snippet),
        );
        return Array.isArray(result) ? kept : new vscode.CompletionList(kept, result?.isIncomplete);
      },
    },
  };
  // Started first: the server process boots while the commands and the status bar are set up.
  client = new LanguageClient('shipshape', 'Shipshape', serverOptions, clientOptions);
  // The server's log messages, at their level in the log channel (serverLog.ts).
  client.onNotification(LogMessageNotification.type, ({ type, message }) => logServerMessage(output, type, message));
  output.info(`Starting the Shipshape language server (${serverModule})`);
  startup.clientStarting = performance.now();
  const started = client.start();
  context.subscriptions.push(vscode.commands.registerCommand(APPLY_SNIPPET_FIX_COMMAND, applySnippetFix));
  // Build Image and Apply run programs: only in a trusted workspace (they check again when invoked).
  const checkFile = async (uri: string): Promise<CheckFileResult | undefined> => {
    try {
      return await client?.sendRequest<CheckFileResult>(CHECK_FILE_REQUEST, { uri } satisfies CheckFileParams);
    } catch (error) {
      output.warn(`Could not check ${uri}: ${String(error)}`);
      return undefined;
    }
  };
  // The images it builds link the manifests that run them to their Dockerfiles, in the server (builtImages.ts).
  registerBuildImage(context, output, checkFile, (dockerfile, tag) => {
    void builtImages.remember(dockerfile.toString(), tag).then((builds) => {
      void client?.sendNotification(IMAGE_BUILDS_NOTIFICATION, { builds } satisfies ImageBuildsParams);
    });
  });
  registerApply(context, output, checkFile);
  registerRunImage(context, output);
  if (vscode.workspace.isTrusted) registerKubeStatus(context, output, versionTarget);
  else {
    versionTarget.refresh(undefined);
    context.subscriptions.push(
      vscode.workspace.onDidGrantWorkspaceTrust(() => registerKubeStatus(context, output, versionTarget)),
    );
  }
  context.subscriptions.push(
    // The server pulls the settings again, and gets the new version through the middleware above.
    versionTarget.onDidChange(
      () => void client?.sendNotification('workspace/didChangeConfiguration', { settings: null }),
    ),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(`${SETTINGS_SECTION}.kubernetes.version`)) versionTarget.refresh();
    }),
  );

  await started;
  startup.clientReady = performance.now();
  output.info(
    `The Shipshape language server is ready (${Math.round(startup.clientReady - startup.clientStarting)} ms)`,
  );
  others.attach(() => client?.diagnostics);
  // Trust granted later: restart the server so that it may render Helm charts (it reads the trust at start).
  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void client?.restart()));
  return { startup };
}

/** Inserts a quick fix written as a snippet: its placeholders become tab stops in the editor. */
async function applySnippetFix(
  uri: string,
  version: number,
  edit: {
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    newText: string;
  },
): Promise<void> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
  if (document.version !== version) {
    void vscode.window.showWarningMessage(
      'Shipshape: the file changed since this fix was offered. Run the quick fix again.',
    );
    return;
  }
  const editor = await vscode.window.showTextDocument(document);
  const range = new vscode.Range(
    edit.range.start.line,
    edit.range.start.character,
    edit.range.end.line,
    edit.range.end.character,
  );
  // The fix's lines are already indented for where they go: insert them as they are.
  await editor.insertSnippet(new vscode.SnippetString(edit.newText), range, {
    undoStopBefore: true,
    undoStopAfter: true,
    keepWhitespace: true,
  });
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
