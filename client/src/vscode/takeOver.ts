import * as vscode from 'vscode';

/**
 * Beside Container Tools, the Dockerfile findings both linters make are shown once, as Container Tools' (see
 * otherExtensions.ts). Shipshape's copies come with its quick fixes and its rule ids (for .hadolint.yaml and inline
 * ignores), so it offers ONCE to report them itself, by setting Container Tools' own documented settings
 * (`docker.languageserver.diagnostics.*`, which its dockerfile-language-server reads) to "ignore". Only with the
 * user's yes; the previous values are kept, and "Shipshape: Restore Container Tools' Dockerfile Checks" puts them back.
 */
const SECTION = 'docker.languageserver.diagnostics';
/** The checks Container Tools lets users turn off (its package.json) that Shipshape also makes. */
export const CONTAINER_TOOLS_CHECKS = [
  'deprecatedMaintainer',
  'emptyContinuationLine',
  'instructionCasing',
  'instructionCmdMultiple',
  'instructionEntrypointMultiple',
  'instructionHealthcheckMultiple',
  'instructionJSONInSingleQuotes',
  'instructionWorkdirRelative',
] as const;

const CONTAINER_TOOLS = ['ms-azuretools.vscode-containers', 'ms-azuretools.vscode-docker'];
const ASKED = 'shipshape.containerTools.takeOverAsked';
const PREVIOUS = 'shipshape.containerTools.previousSettings';
const TOOK_OVER = 'shipshape.tookOverContainerToolsChecks';
export const TAKE_OVER_COMMAND = 'shipshape.takeOverContainerToolsChecks';
export const RESTORE_COMMAND = 'shipshape.restoreContainerToolsChecks';

export class ContainerToolsTakeOver {
  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly output: vscode.LogOutputChannel,
  ) {
    context.subscriptions.push(
      // From the Command Palette it asks first; the offer's button has had the answer already.
      vscode.commands.registerCommand(TAKE_OVER_COMMAND, async (options?: { consented?: boolean }) => {
        if (options?.consented !== true && !(await this.ask(true))) return;
        await this.takeOver();
      }),
      vscode.commands.registerCommand(RESTORE_COMMAND, () => this.restore()),
    );
    void vscode.commands.executeCommand('setContext', TOOK_OVER, this.context.globalState.get(PREVIOUS) !== undefined);
    const installed = (): void =>
      void vscode.commands.executeCommand(
        'setContext',
        'shipshape.containerToolsInstalled',
        CONTAINER_TOOLS.some((id) => vscode.extensions.getExtension(id) !== undefined),
      );
    installed();
    context.subscriptions.push(vscode.extensions.onDidChange(installed));
  }

  /** Called when duplicates of Container Tools' findings were hidden: asks once, ever. */
  offerOnce(hidden: number, file: string): void {
    if (this.context.globalState.get(ASKED) === true) return;
    void this.context.globalState.update(ASKED, true);
    void this.ask(false, hidden, file).then((yes) => (yes ? this.takeOver() : undefined));
  }

  private async ask(modal: boolean, hidden?: number, file?: string): Promise<boolean> {
    const found =
      hidden !== undefined && file !== undefined
        ? `Container Tools' Dockerfile linter also reports ${hidden} of Shipshape's findings in ${file}: each is shown once, as Container Tools'. `
        : '';
    const message =
      `${found}Shipshape can report them instead, with its quick fixes and rule ids, by setting Container Tools' ` +
      `${SECTION}.* settings to "ignore" in your user settings. "Shipshape: Restore Container Tools' Dockerfile Checks" undoes it.`;
    const yes = 'Let Shipshape Report Them';
    const answer = await vscode.window.showInformationMessage(message, { modal }, yes, 'Keep As It Is');
    return answer === yes;
  }

  private async takeOver(): Promise<void> {
    const configuration = vscode.workspace.getConfiguration(SECTION);
    const previous: Record<string, unknown> = this.context.globalState.get(PREVIOUS) ?? {};
    for (const check of CONTAINER_TOOLS_CHECKS)
      if (!(check in previous)) previous[check] = configuration.inspect(check)?.globalValue ?? null;
    await this.context.globalState.update(PREVIOUS, previous);
    for (const check of CONTAINER_TOOLS_CHECKS)
      await configuration.update(check, 'ignore', vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('setContext', TOOK_OVER, true);
    this.output.info(
      `Set ${SECTION}.{${CONTAINER_TOOLS_CHECKS.join(',')}} to "ignore" (asked; undo: Restore Container Tools' Dockerfile Checks).`,
    );
  }

  private async restore(): Promise<void> {
    const previous = this.context.globalState.get<Record<string, unknown>>(PREVIOUS);
    if (!previous) {
      void vscode.window.showInformationMessage("Shipshape has not changed Container Tools' settings.");
      return;
    }
    const configuration = vscode.workspace.getConfiguration(SECTION);
    for (const check of CONTAINER_TOOLS_CHECKS)
      await configuration.update(check, previous[check] ?? undefined, vscode.ConfigurationTarget.Global);
    await this.context.globalState.update(PREVIOUS, undefined);
    await vscode.commands.executeCommand('setContext', TOOK_OVER, false);
    this.output.info(`Restored ${SECTION}.* to what they were before Shipshape set them.`);
  }
}
