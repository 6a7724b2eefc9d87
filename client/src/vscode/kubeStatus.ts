import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { kubectlUseContextArgs } from '../kube/args';
import { KUBECONFIG_DOCS } from '../kube/flow';
import { kubeconfigPaths } from '../kube/kubeconfig';
import { classifyKubectlFailure } from '../process/errors';
import { formatCommandLine, runProcess } from '../process/run';
import { currentKubeContext } from './applyCommand';
import type { KubernetesVersionTarget } from './kubeVersion';
import { clientSettings, errorWithOutput, requireTrust } from './ui';

/**
 * The status bar item with the current kube context and namespace. It follows the kubeconfig files kubectl reads
 * (KUBECONFIG or ~/.kube/config) and switches context on click. With a version target, it also shows the Kubernetes
 * version the checks use (`auto`: the context's server's, asked in the background).
 */
export function registerKubeStatus(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
  versionTarget?: KubernetesVersionTarget,
): void {
  const item = vscode.window.createStatusBarItem('shipshape.kubeContext', vscode.StatusBarAlignment.Left, 10);
  item.name = 'Kubernetes Context';
  item.command = 'shipshape.switchKubeContext';
  let pending: NodeJS.Timeout | undefined;

  let kube = currentKubeContext(output);
  const render = (): void => {
    const target = versionTarget?.current();
    const version = target ? ` · ${target.label}` : '';
    item.text = (kube.context ? `$(cloud) ${kube.context}: ${kube.namespace}` : '$(cloud) no kube context') + version;
    item.tooltip =
      (kube.context
        ? `Kubernetes context "${kube.context}", namespace "${kube.namespace}" (from ${kube.files.join(', ')}). Click to switch.`
        : 'kubectl has no current context. Click to pick one.') +
      (target ? `\nChecks target Kubernetes ${target.version}: ${target.source}.` : '');
    item.show();
  };
  const refresh = (): void => {
    kube = currentKubeContext(output);
    versionTarget?.refresh(kube.context);
    render();
  };
  if (versionTarget) context.subscriptions.push(versionTarget.onDidChange(render));
  const scheduleRefresh = (): void => {
    // Editors and kubectl write kubeconfigs in several steps: read once they are done.
    if (pending) clearTimeout(pending);
    pending = setTimeout(refresh, 150);
  };
  // Every file kubectl would read, even those that do not exist yet (kubectl may create them).
  const watchers = kubeconfigPaths(process.env, os.homedir()).map((file) => watchFile(file, scheduleRefresh));

  context.subscriptions.push(
    item,
    { dispose: () => watchers.forEach((watcher) => watcher.dispose()) },
    { dispose: () => pending && clearTimeout(pending) },
    vscode.commands.registerCommand('shipshape.switchKubeContext', async () => {
      if (!requireTrust()) return;
      const kube = currentKubeContext(output);
      if (kube.contexts.length === 0) {
        void vscode.window
          .showErrorMessage(
            "No Kubernetes contexts: kubectl finds no kubeconfig with a context (it reads the files in KUBECONFIG, else ~/.kube/config). Your cluster's tools write one (e.g. `aws eks update-kubeconfig`, `gcloud container clusters get-credentials`, `kind create cluster`).",
            'What is a kubeconfig?',
          )
          .then((action) => {
            if (action) void vscode.env.openExternal(vscode.Uri.parse(KUBECONFIG_DOCS));
          });
        return;
      }
      const picked = await vscode.window.showQuickPick(
        kube.contexts.map((name) => ({ label: name, description: name === kube.context ? 'current' : undefined })),
        {
          title: 'Switch Kubernetes context',
          placeHolder: kube.context ? `Current: ${kube.context}` : 'Pick a context',
        },
      );
      if (!picked || picked.label === kube.context) return;
      const kubectl = clientSettings().kubectl;
      const args = kubectlUseContextArgs(picked.label);
      output.info(formatCommandLine(kubectl, args));
      try {
        const result = await runProcess({
          command: kubectl,
          args,
          env: process.env,
          onOutput: (chunk) => output.append(chunk),
        });
        if (result.code !== 0)
          errorWithOutput(output)(classifyKubectlFailure(kubectl, undefined, result.stderr).message);
      } catch (error) {
        errorWithOutput(output)(classifyKubectlFailure(kubectl, error).message);
      }
      refresh();
    }),
  );
  refresh();
}

function watchFile(file: string, onChange: () => void): vscode.Disposable {
  const watcher = vscode.workspace.createFileSystemWatcher(
    new vscode.RelativePattern(vscode.Uri.file(path.dirname(file)), path.basename(file)),
  );
  watcher.onDidChange(onChange);
  watcher.onDidCreate(onChange);
  watcher.onDidDelete(onChange);
  return watcher;
}
