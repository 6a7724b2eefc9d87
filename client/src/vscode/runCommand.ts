import * as vscode from 'vscode';
import { imageName } from '../build/imageRef';
import { runImageFlow, type RunUi } from '../run/flow';
import { clientSettings, errorWithOutput, requireTrust, targetUri } from './ui';

/** The workspaceState key of the tag Build Image last used for a Dockerfile (written by buildCommand.ts). */
export const lastTagKey = (dockerfile: string): string => `shipshape.build.lastTag:${dockerfile}`;
/** The workspaceState key of the last tag built successfully, from any Dockerfile. */
export const LAST_BUILT_KEY = 'shipshape.build.lastBuilt';
const portsKey = (image: string): string => `shipshape.run.ports:${imageName(image)}`;

/** What the Run Image command takes besides a file: the image just built (from Build Image's "Run Image"). */
export interface RunImageArgument {
  image: string;
  dockerfile?: string;
}

/** Registers "Shipshape: Run Image" and "Shipshape: Stop Running Image". */
export function registerRunImage(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): void {
  /** The containers this window started and has not seen exit, by name. */
  const running = new Map<string, { image: string; stop: () => Promise<void> }>();

  context.subscriptions.push(
    vscode.commands.registerCommand('shipshape.runImage', async (argument?: unknown) => {
      if (!requireTrust()) return;
      const given = isRunImageArgument(argument) ? argument : undefined;
      const dockerfile = given?.dockerfile ?? targetUri(argument, 'dockerfile')?.fsPath;
      const settings = clientSettings();
      const outcome = await runImageFlow({
        settings: { containerCli: settings.containerCli, extraArgs: settings.runExtraArgs },
        image: given?.image,
        dockerfile,
        lastBuiltTag: (file) =>
          (file ? context.workspaceState.get<string>(lastTagKey(file)) : undefined) ??
          context.workspaceState.get<string>(LAST_BUILT_KEY),
        ports: {
          get: (image) => context.workspaceState.get<string[]>(portsKey(image)),
          set: (image, mappings) => context.workspaceState.update(portsKey(image), [...mappings]),
        },
        log: output,
        env: process.env,
        ui: vscodeRunUi(output),
      });
      if (outcome.status !== 'running') return;
      running.set(outcome.name, { image: outcome.image, stop: outcome.stop });
      void outcome.exited.then(() => running.delete(outcome.name));
    }),
    vscode.commands.registerCommand('shipshape.stopRunningImage', async () => {
      const items = [...running.entries()].map(([name, run]) => ({ label: run.image, description: name, name }));
      if (items.length === 0) {
        void vscode.window.showInformationMessage('No image started with Shipshape: Run Image is running.');
        return;
      }
      const picked =
        items.length === 1
          ? items[0]
          : await vscode.window.showQuickPick(items, { placeHolder: 'Stop which container?' });
      if (picked) await running.get(picked.name)?.stop();
    }),
    // Containers die with the window: nothing keeps running unseen after it closes.
    { dispose: () => void Promise.all([...running.values()].map((run) => run.stop())) },
  );
}

function isRunImageArgument(value: unknown): value is RunImageArgument {
  return typeof value === 'object' && value !== null && typeof (value as RunImageArgument).image === 'string';
}

function vscodeRunUi(output: vscode.LogOutputChannel): RunUi {
  return {
    inputImage: ({ value, validate }) =>
      Promise.resolve(
        vscode.window.showInputBox({
          title: 'Run Image',
          value,
          prompt: 'The image to run (the last one built is proposed).',
          placeHolder: 'myapp:dev',
          validateInput: validate,
          ignoreFocusOut: true,
        }),
      ),
    inputPorts: ({ value, prompt, validate }) =>
      Promise.resolve(
        vscode.window.showInputBox({
          title: 'Run Image: ports',
          value,
          prompt,
          validateInput: validate,
          ignoreFocusOut: true,
        }),
      ),
    openLogs(title, onClosed) {
      // A terminal of our own (no shell in it): the container's output, and closing it stops the container.
      const write = new vscode.EventEmitter<string>();
      let ended = false;
      // VS Code drops what a pseudoterminal writes before it opens (the panel may not be showing yet): keep it until then.
      let pending: string[] | undefined = [];
      const emit = (text: string) => {
        const converted = text.replace(/\r?\n/g, '\r\n');
        if (pending) pending.push(converted);
        else write.fire(converted);
      };
      const terminal = vscode.window.createTerminal({
        name: `Run: ${title}`,
        iconPath: new vscode.ThemeIcon('play'),
        pty: {
          onDidWrite: write.event,
          open: () => {
            const buffered = pending ?? [];
            pending = undefined;
            for (const text of buffered) write.fire(text);
          },
          close: () => {
            if (!ended) onClosed();
          },
        },
      });
      terminal.show(true);
      return {
        write: emit,
        end: (message) => {
          ended = true;
          emit(`\n[${message}]\n`);
        },
      };
    },
    showRunning(message, urls, stop) {
      const actions = urls.length > 0 ? ['Open in Browser', 'Stop'] : ['Stop'];
      void vscode.window.showInformationMessage(message, ...actions).then(async (action) => {
        if (action === 'Stop') await stop();
        else if (action === 'Open in Browser') await vscode.env.openExternal(vscode.Uri.parse(urls[0]));
      });
    },
    showError: errorWithOutput(output),
  };
}
