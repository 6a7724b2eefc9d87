import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE, type CheckFileResult } from '../../../common/src/contract';
import { buildImageFlow } from '../build/flow';
import { gitShortSha } from '../build/git';
import { findImageUpdates } from '../kube/images';
import { LAST_BUILT_KEY, lastTagKey, type RunImageArgument } from './runCommand';
import { clientSettings, errorWithOutput, lineRange, requireTrust, saveIfDirty, targetUri, withProgress } from './ui';

const DOCKERFILE_GLOB =
  '**/{Dockerfile,Containerfile,Dockerfile.*,Containerfile.*,*.dockerfile,*.Dockerfile,*.containerfile}';
const EXCLUDE = '**/{node_modules,.git}/**';
const LINTER_SOURCE = DIAGNOSTIC_SOURCE;

/** Registers "Shipshape: Build Image". */
export function registerBuildImage(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
  checkFile: (uri: string) => Promise<CheckFileResult | undefined>,
  /** A build succeeded: the Dockerfile's URI and the tag. */
  onBuilt: (dockerfile: vscode.Uri, tag: string) => void = () => undefined,
): void {
  const diagnostics = vscode.languages.createDiagnosticCollection('shipshape-build');
  context.subscriptions.push(
    diagnostics,
    vscode.commands.registerCommand('shipshape.buildImage', async (argument?: unknown) => {
      if (!requireTrust()) return;
      const uri = targetUri(argument, 'dockerfile');
      if (uri) await saveIfDirty(uri);
      const settings = clientSettings();
      const showError = errorWithOutput(output);
      const result = await buildImageFlow({
        settings,
        dockerfile: uri?.fsPath,
        findDockerfiles: async () =>
          (await vscode.workspace.findFiles(DOCKERFILE_GLOB, EXCLUDE, 500)).map((found) => found.fsPath).sort(),
        workspaceFolderOf: (file) => vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file))?.uri.fsPath,
        readFile: (file) => fs.promises.readFile(file, 'utf8'),
        fileExists: (file) => fs.existsSync(file),
        lintErrorCount: async (file) => {
          const fileUri = vscode.Uri.file(file);
          const open = vscode.workspace.textDocuments.some(
            (document) => document.uri.toString() === fileUri.toString(),
          );
          if (open) {
            return vscode.languages
              .getDiagnostics(fileUri)
              .filter(
                (diagnostic) =>
                  diagnostic.source === LINTER_SOURCE && diagnostic.severity === vscode.DiagnosticSeverity.Error,
              ).length;
          }
          // Not open: VS Code has no diagnostics for it, so the language server checks it from disk.
          return (await checkFile(fileUri.toString()))?.errors ?? 0;
        },
        lastTag: {
          get: (file) => context.workspaceState.get<string>(lastTagKey(file)),
          set: (file, tag) => context.workspaceState.update(lastTagKey(file), tag),
        },
        log: output,
        diagnostics: {
          set: (file, errors) =>
            diagnostics.set(
              vscode.Uri.file(file),
              errors.map((error) => {
                const diagnostic = new vscode.Diagnostic(
                  lineRange(error.line),
                  error.message,
                  vscode.DiagnosticSeverity.Error,
                );
                diagnostic.source = `${settings.containerCli} build`;
                return diagnostic;
              }),
            ),
          clear: (file) => diagnostics.delete(vscode.Uri.file(file)),
        },
        env: process.env,
        gitShortSha: (folder) => gitShortSha(folder),
        afterBuild: async (tag) => {
          await context.workspaceState.update(LAST_BUILT_KEY, tag);
          await offerImageUpdate(tag);
        },
        ui: {
          pickDockerfile: async (files) => {
            const picked = await vscode.window.showQuickPick(
              files.map((file) => ({ label: vscode.workspace.asRelativePath(file), file })),
              { placeHolder: 'Which Dockerfile?' },
            );
            return picked?.file;
          },
          inputTag: ({ value, prompt, validate }) =>
            Promise.resolve(
              vscode.window.showInputBox({
                title: 'Build Image',
                value,
                prompt,
                validateInput: validate,
                ignoreFocusOut: true,
              }),
            ),
          pickStage: async (items, defaultItem) => {
            // The default first, so Enter takes it.
            const ordered = [defaultItem, ...items.filter((item) => item !== defaultItem)];
            return vscode.window.showQuickPick(ordered, {
              title: 'Build Image: target stage',
              placeHolder: `Default: ${defaultItem.label}`,
            });
          },
          inputBuildArg: (name) =>
            Promise.resolve(
              vscode.window.showInputBox({
                title: `Build Image: --build-arg ${name}`,
                prompt: `ARG ${name} has no default in the Dockerfile: give it a value.`,
                ignoreFocusOut: true,
              }),
            ),
          confirmDespiteLintErrors: async (count) =>
            (await vscode.window.showWarningMessage(
              `Shipshape reports ${count} error${count === 1 ? '' : 's'} in this Dockerfile.`,
              { modal: true, detail: 'Fix them first (see the Problems panel), or build anyway.' },
              'Build anyway',
            )) === 'Build anyway',
          withProgress,
          showError,
          showInfo: (message) => void vscode.window.showInformationMessage(message),
        },
      });
      if (result.status === 'built') onBuilt(vscode.Uri.file(result.dockerfile), result.tag);
    }),
  );

  /** Run Image on what was just built. */
  function runBuilt(tag: string): Thenable<unknown> {
    return vscode.commands.executeCommand('shipshape.runImage', { image: tag } satisfies RunImageArgument);
  }

  /** After a build: offer to set the new tag on the Deployments that use that image, or to run it. */
  async function offerImageUpdate(tag: string): Promise<void> {
    const targets: Array<{ uri: vscode.Uri; edits: ReturnType<typeof findImageUpdates> }> = [];
    for (const uri of await vscode.workspace.findFiles('**/*.{yaml,yml}', EXCLUDE, 2000)) {
      let text: string;
      try {
        text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      } catch (error) {
        output.warn(
          `Skipped ${uri.fsPath} when looking for image: fields (${error instanceof Error ? error.message : String(error)}).`,
        );
        continue;
      }
      if (!text.includes('image:')) continue;
      const edits = findImageUpdates(text, tag);
      if (edits.length > 0) targets.push({ uri, edits });
    }
    if (targets.length === 0) {
      void vscode.window
        .showInformationMessage(`Built ${tag}.`, 'Run Image')
        .then((action) => action === 'Run Image' && runBuilt(tag));
      return;
    }
    const names = [...new Set(targets.flatMap((target) => target.edits.map((edit) => edit.deployment)))];
    const action = await vscode.window.showInformationMessage(
      `Built ${tag}. Set it as the image of ${names.length === 1 ? `Deployment ${names[0]}` : `${names.length} Deployments (${names.join(', ')})`}?`,
      'Set Image',
      'Run Image',
    );
    if (action === 'Run Image') await runBuilt(tag);
    if (action !== 'Set Image') return;
    const edit = new vscode.WorkspaceEdit();
    for (const target of targets) {
      const document = await vscode.workspace.openTextDocument(target.uri);
      // The file may have changed since it was read: recompute against what is open now.
      for (const found of findImageUpdates(document.getText(), tag)) {
        edit.replace(
          target.uri,
          new vscode.Range(document.positionAt(found.start), document.positionAt(found.end)),
          tag,
        );
      }
    }
    const files = targets.map((target) => vscode.workspace.asRelativePath(target.uri));
    if (!(await vscode.workspace.applyEdit(edit))) {
      void vscode.window.showErrorMessage(`Could not set ${tag} in ${files.join(', ')}.`);
      return;
    }
    // Never a silent edit in a background tab: open each file changed (unsaved, for review) and say which they are.
    for (const target of targets)
      await vscode.window.showTextDocument(target.uri, {
        preview: false,
        preserveFocus: target !== targets[targets.length - 1],
      });
    void vscode.window.showInformationMessage(`Set ${tag} in ${files.join(', ')} (not saved yet).`);
  }
}
