import * as vscode from 'vscode';
import { SETTINGS_SECTION } from '../../../common/src/contract';
import {
  readServerVersion,
  ServerVersionCache,
  targetFor,
  type KubernetesTarget,
  type ServerVersionAnswer,
} from '../kube/serverVersion';

export { withKubernetesVersion } from '../kube/serverVersion';
import { clientSettings } from './ui';

/**
 * The Kubernetes version the server checks against. For `auto` it asks the current context's server in the
 * background (trusted workspaces only; once per context), and the language client sends the answer to the server in
 * place of `auto` (extension.ts: withKubernetesVersion). Problems are said once per session each.
 */
export class KubernetesVersionTarget {
  private target: KubernetesTarget;
  private context: string | undefined;
  private readonly said = new Set<string>();
  private readonly listeners: Array<(target: KubernetesTarget) => void> = [];
  private readonly cache: ServerVersionCache;
  /** Bumped on every refresh: an answer for a context that is no longer current is dropped. */
  private generation = 0;
  /** kubectl is not run before this settles (askAfter). */
  private gate: Promise<unknown> = Promise.resolve();

  constructor(private readonly output: vscode.LogOutputChannel) {
    this.cache = new ServerVersionCache(async (context) => {
      await this.gate;
      output.info(`Asking the server of context "${context}" for its Kubernetes version (kubectl version)`);
      return readServerVersion(clientSettings().kubectl, context, process.env);
    });
    this.target = targetFor(setting(), undefined, noAnswerReason(undefined));
  }

  /**
   * Runs no kubectl before `gate` settles: kubectl, and the auth plugin a cloud's kubeconfig runs with it, cost CPU
   * that the language server's start and first validation need more (extension.ts: until the first diagnostics).
   */
  askAfter(gate: Promise<unknown>): void {
    this.gate = gate.catch(() => undefined);
  }

  current(): KubernetesTarget {
    return this.target;
  }

  onDidChange(listener: (target: KubernetesTarget) => void): vscode.Disposable {
    this.listeners.push(listener);
    return { dispose: () => this.listeners.splice(this.listeners.indexOf(listener) >>> 0, 1) };
  }

  /** The kubeconfig may have changed (or its context's server been upgraded): ask again. */
  forgetAnswers(): void {
    this.cache.clear();
  }

  /** Recomputes the target for the current context (undefined: none, or not read because the workspace is untrusted). */
  refresh(context: string | undefined = this.context): void {
    this.context = context;
    const generation = ++this.generation;
    const value = setting();
    const mayAsk = value.trim() === 'auto' || value.trim() === '';
    if (!mayAsk || !context || !vscode.workspace.isTrusted) {
      this.set(targetFor(value, undefined, noAnswerReason(context)), false);
      return;
    }
    void this.cache.get(context).then((answer: ServerVersionAnswer) => {
      if (generation === this.generation) this.set(targetFor(value, answer), true);
    });
  }

  private set(target: KubernetesTarget, asked: boolean): void {
    const changed = target.version !== this.target.version || target.label !== this.target.label;
    this.target = target;
    this.output.info(`Kubernetes version checked against: ${target.version}, from ${target.source}`);
    // Nobody asked (no context, untrusted): the status bar says so; a message would only repeat at every start.
    if (target.problem && !this.said.has(target.problem) && (asked || !target.source.startsWith('the newest'))) {
      this.said.add(target.problem);
      void vscode.window.showWarningMessage(target.problem);
    }
    if (changed || asked) for (const listener of [...this.listeners]) listener(target);
  }
}

function setting(): string {
  const value = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<unknown>('kubernetes.version');
  return typeof value === 'string' ? value : 'auto';
}

function noAnswerReason(context: string | undefined): string {
  if (!vscode.workspace.isTrusted) return 'the workspace is not trusted, so kubectl is not run';
  return context ? 'not asked yet' : 'kubectl has no current context';
}
