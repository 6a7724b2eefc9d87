import * as fs from 'node:fs';
import * as os from 'node:os';
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE, type CheckFileResult } from '../../../common/src/contract';
import { applyFlow, type LintError } from '../kube/flow';
import { kubeconfigPaths, readKubeContext } from '../kube/kubeconfig';
import type { ObjectDiff } from '../kube/output';
import { clientSettings, errorWithOutput, lineRange, requireTrust, saveIfDirty, targetUri, withProgress } from './ui';

const DIFF_SCHEME = 'shipshape-kube-diff';

/** Read-only documents holding both sides of each object's diff, addressed by URI. */
class DiffContents implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  private run = 0;

  /** Stores one diff's sides and returns their URIs (a fresh run number, so views never show stale text). */
  add(diff: ObjectDiff): { live: vscode.Uri; merged: vscode.Uri } {
    const run = ++this.run;
    const live = vscode.Uri.from({ scheme: DIFF_SCHEME, path: `/${run}/live/${diff.id}.yaml` });
    const merged = vscode.Uri.from({ scheme: DIFF_SCHEME, path: `/${run}/after-apply/${diff.id}.yaml` });
    this.contents.set(live.toString(), diff.live);
    this.contents.set(merged.toString(), diff.merged);
    return { live, merged };
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }
}

/** The kubeconfig files as kubectl reads them, and what they say is current. */
export function currentKubeContext(output?: vscode.LogOutputChannel) {
  return readKubeContext(
    kubeconfigPaths(process.env, os.homedir()),
    (file) => {
      try {
        return fs.readFileSync(file, 'utf8');
      } catch {
        // kubectl ignores kubeconfig files that do not exist; so do we.
        return undefined;
      }
    },
    (problem) => output?.warn(problem),
  );
}

/** Registers "Shipshape: Apply to Current Context". */
export function registerApply(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
  checkFile: (uri: string) => Promise<CheckFileResult | undefined> = async () => undefined,
): void {
  const diagnostics = vscode.languages.createDiagnosticCollection('shipshape-apply');
  const contents = new DiffContents();
  /** The manifest the diff views belong to: Apply run again from one of them applies it. */
  let lastManifest: vscode.Uri | undefined;
  context.subscriptions.push(
    diagnostics,
    vscode.workspace.registerTextDocumentContentProvider(DIFF_SCHEME, contents),
    // The API server's verdict is about the file as it was applied: it goes when the file is closed.
    vscode.workspace.onDidCloseTextDocument((document) => {
      if (document.uri.scheme === 'file') diagnostics.delete(document.uri);
    }),
    vscode.commands.registerCommand('shipshape.applyToCurrentContext', async (argument?: unknown) => {
      if (!requireTrust()) return;
      // Run from the diff views a first Apply left in front (a multi-diff editor has no text editor of its own).
      const active = vscode.window.activeTextEditor?.document.uri;
      const fromDiff = active === undefined || active.scheme === DIFF_SCHEME ? lastManifest : undefined;
      const uri = targetUri(argument, 'yaml') ?? fromDiff;
      if (!uri) {
        void vscode.window.showErrorMessage('Open a Kubernetes YAML file to apply it.');
        return;
      }
      await saveIfDirty(uri);
      lastManifest = uri;
      const settings = clientSettings();
      await applyFlow({
        file: uri.fsPath,
        text: await fs.promises.readFile(uri.fsPath, 'utf8'),
        kubectl: settings.kubectl,
        kubeContext: () => currentKubeContext(output),
        protectedContexts: settings.protectedContexts,
        rolloutTimeout: settings.rolloutTimeout,
        log: output,
        env: process.env,
        lintErrors: async (file) => {
          const fileUri = vscode.Uri.file(file);
          if (vscode.workspace.textDocuments.some((document) => document.uri.toString() === fileUri.toString())) {
            const listed: LintError[] = vscode.languages
              .getDiagnostics(fileUri)
              .filter(
                (diagnostic) =>
                  diagnostic.source === DIAGNOSTIC_SOURCE && diagnostic.severity === vscode.DiagnosticSeverity.Error,
              )
              .map((diagnostic) => ({
                line: diagnostic.range.start.line,
                message: diagnostic.message,
                code:
                  typeof diagnostic.code === 'object'
                    ? String(diagnostic.code.value)
                    : diagnostic.code === undefined
                      ? undefined
                      : String(diagnostic.code),
              }));
            return { count: listed.length, listed };
          }
          // Not open: VS Code has no diagnostics for it, so the language server checks it from disk.
          return { count: (await checkFile(fileUri.toString()))?.errors ?? 0, listed: [] };
        },
        diagnostics: {
          set: (file, errors) =>
            diagnostics.set(
              vscode.Uri.file(file),
              errors.map((error) => {
                const range = error.range
                  ? new vscode.Range(
                      error.range.start.line,
                      error.range.start.character,
                      error.range.end.line,
                      error.range.end.character,
                    )
                  : lineRange(0);
                const diagnostic = new vscode.Diagnostic(range, error.message, vscode.DiagnosticSeverity.Error);
                diagnostic.source = 'kubectl';
                return diagnostic;
              }),
            ),
          clear: (file) => diagnostics.delete(vscode.Uri.file(file)),
        },
        ui: {
          showDiffs: async (diffs, title) => {
            const pairs = diffs.map((diff) => ({ diff, ...contents.add(diff) }));
            if (pairs.length > 1) {
              try {
                // One multi-diff editor for every object in the file.
                await vscode.commands.executeCommand(
                  'vscode.changes',
                  `${title}: live ↔ after apply`,
                  pairs.map((pair) => [pair.merged, pair.live, pair.merged]),
                );
                return;
              } catch (error) {
                output.warn(
                  `The multi-diff view is not available (${error instanceof Error ? error.message : String(error)}); opening one diff per object.`,
                );
              }
            }
            for (const pair of pairs) {
              const label = `${pair.diff.kind} ${pair.diff.name}: ${pair.diff.created ? 'new' : 'live ↔ after apply'} (${title})`;
              await vscode.commands.executeCommand('vscode.diff', pair.live, pair.merged, label, { preview: false });
            }
          },
          confirmApply: async (message, detail) =>
            (await vscode.window.showWarningMessage(message, { modal: true, detail }, 'Apply')) === 'Apply',
          confirmDespiteLintErrors: async (message, detail) =>
            (await vscode.window.showWarningMessage(message, { modal: true, detail }, 'Apply anyway')) ===
            'Apply anyway',
          showNoContext: (message, docsUrl) =>
            void vscode.window.showErrorMessage(message, 'What is a kubeconfig?').then((action) => {
              if (action) void vscode.env.openExternal(vscode.Uri.parse(docsUrl));
            }),
          inputContextName: (name) =>
            Promise.resolve(
              vscode.window.showInputBox({
                title: 'Apply to a protected context',
                prompt: `"${name}" matches shipshape.kubernetes.apply.protectedContexts. Type its name to apply.`,
                placeHolder: name,
                ignoreFocusOut: true,
                validateInput: (value) =>
                  value === name || value === '' ? undefined : 'Type the context name exactly.',
              }),
            ),
          withProgress,
          offerWatchRollout: async (message) =>
            (await vscode.window.showInformationMessage(message, 'Watch rollout')) === 'Watch rollout',
          showError: errorWithOutput(output),
          showInfo: (message) => void vscode.window.showInformationMessage(message),
        },
      });
    }),
  );
}
