import * as vscode from 'vscode';
import type { CancelSignal } from '../process/run';

/** Settings of Build Image and Apply, read fresh on each run. */
export function clientSettings() {
  const config = vscode.workspace.getConfiguration('shipshape');
  const strings = (key: string, fallback: string[]): string[] => {
    const value = config.get<unknown>(key);
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : fallback;
  };
  return {
    containerCli: config.get<string>('build.containerCli') || 'docker',
    extraArgs: strings('build.extraArgs', []),
    runExtraArgs: strings('run.extraArgs', []),
    platform: config.get<string>('build.platform') ?? '',
    kubectl: config.get<string>('kubectl.path') || 'kubectl',
    protectedContexts: strings('kubernetes.apply.protectedContexts', ['prod', 'production']),
    rolloutTimeout: config.get<string>('kubernetes.apply.rolloutTimeout') || undefined,
  };
}

/** A progress notification whose Cancel button fires the token the task gets. */
export function withProgress<T>(
  title: string,
  task: (token: CancelSignal) => Promise<T>,
  options: { cancellable?: boolean } = {},
): Promise<T> {
  return Promise.resolve(
    vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: options.cancellable ?? true },
      (_progress, token) => task(token),
    ),
  );
}

/** An error notification offering the log, where the command's full output is. */
export function errorWithOutput(output: vscode.LogOutputChannel): (message: string) => void {
  return (message) => {
    void vscode.window.showErrorMessage(message, 'Show Output').then((action) => {
      if (action === 'Show Output') output.show(true);
    });
  };
}

/** The workspace must be trusted: these commands run programs chosen by settings the workspace may set. */
export function requireTrust(): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showErrorMessage(
    'Build Image and Apply to Current Context need a trusted workspace (Manage Workspace Trust).',
  );
  return false;
}

/** The file a command was invoked on: the explorer/editor-title argument, else the active editor's if it fits. */
export function targetUri(argument: unknown, languageId: string): vscode.Uri | undefined {
  if (argument instanceof vscode.Uri && argument.scheme === 'file') return argument;
  const editor = vscode.window.activeTextEditor;
  if (editor && editor.document.uri.scheme === 'file' && editor.document.languageId === languageId)
    return editor.document.uri;
  return undefined;
}

/** Saves the file if it is open with unsaved changes: the CLIs read it from disk. */
export async function saveIfDirty(uri: vscode.Uri): Promise<void> {
  const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === uri.toString());
  if (document?.isDirty && !(await document.save())) throw new Error(`${uri.fsPath} could not be saved`);
}

/** A whole line, for diagnostics on files that may not be open. */
export function lineRange(line: number): vscode.Range {
  return new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER);
}
