import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';
import { SETTINGS_SECTION } from '../../../common/src/contract';
import { withoutDuplicates, withoutSharedParagraphs } from '../others/duplicates';

/**
 * Living beside Red Hat YAML (often with the Kubernetes extension, which gives it the Kubernetes schema) and Container
 * Tools (dockerfile-language-server-nodejs): one mistake is reported once, completion lists do not repeat a key, and
 * a hover is not shown twice. Only what the other extension really shows is dropped from Shipshape's side (observed
 * through the VS Code API); nothing in the user's settings is changed. Off with
 * `shipshape.otherExtensions.hideDuplicates: false`.
 */
const SOURCE = 'shipshape';
const YAML_EXTENSION = 'redhat.vscode-yaml';
const DOCKERFILE_EXTENSIONS = ['ms-azuretools.vscode-containers', 'ms-azuretools.vscode-docker'];

/** The other extension that serves this document's language, if one is installed. */
function otherFor(document: vscode.TextDocument): string | undefined {
  if (document.languageId === 'yaml') return vscode.extensions.getExtension(YAML_EXTENSION)?.id;
  if (document.languageId === 'dockerfile')
    return DOCKERFILE_EXTENSIONS.find((id) => vscode.extensions.getExtension(id));
  return undefined;
}

function enabled(): boolean {
  return vscode.workspace.getConfiguration(SETTINGS_SECTION).get<boolean>('otherExtensions.hideDuplicates', true);
}

const key = (diagnostic: vscode.Diagnostic): string =>
  `${diagnostic.range.start.line}:${diagnostic.range.start.character}:${String(diagnostic.code)}:${diagnostic.message}`;

export class OtherExtensions implements vscode.Disposable {
  /** What the server last published per document, before duplicates were dropped. */
  private readonly published = new Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }>();
  /** Requests we are making to the other providers (our own provider answers nothing to those). */
  private readonly asking = new Set<string>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private collection: () => vscode.DiagnosticCollection | undefined = () => undefined;

  /** Called when findings that Container Tools' linter reports too were hidden (how many, in which file). */
  onDockerfileDuplicates?: (hidden: number, file: string) => void;

  constructor(private readonly output: vscode.LogOutputChannel) {
    // Their findings may arrive after ours, or change later: look again whenever another collection changes.
    this.subscriptions.push(
      vscode.languages.onDidChangeDiagnostics((event) => {
        for (const uri of event.uris) this.refresh(uri);
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!event.affectsConfiguration(`${SETTINGS_SECTION}.otherExtensions`)) return;
        for (const { uri } of this.published.values()) this.refresh(uri);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => this.published.delete(document.uri.toString())),
    );
  }

  /** The client's diagnostics collection (a new one after each restart of the client: asked each time). */
  attach(collection: () => vscode.DiagnosticCollection | undefined): void {
    this.collection = collection;
  }

  readonly middleware: Middleware = {
    handleDiagnostics: (uri, diagnostics, next) => {
      this.published.set(uri.toString(), { uri, diagnostics });
      next(uri, this.filtered(uri, diagnostics));
    },
    provideHover: async (document, position, token, next) => {
      if (this.isAsking(document, position)) return undefined;
      const ours = await next(document, position, token);
      if (!ours || !this.active(document)) return ours;
      const theirs = await this.askOthers<vscode.Hover[]>('vscode.executeHoverProvider', document, position);
      const text = (hover: vscode.Hover): string =>
        hover.contents.map((part) => (typeof part === 'string' ? part : part.value)).join('\n');
      // yaml-language-server ends its hover with a "Source: <schema>" line (yaml.hoverSchemaSource): the same hover
      // as ours plus that line is still the same hover.
      const mine = text(ours).trim();
      const others = (theirs ?? []).map((hover) => text(hover).trim());
      if (others.some((other) => other.startsWith(mine))) return undefined;
      // Ours says more (the field's path, type, whether it is required, the version that added it) around the same
      // description: keep only what theirs does not already show, so the description is read once.
      const kept = withoutSharedParagraphs(mine, others);
      if (kept === mine) return ours;
      return kept ? new vscode.Hover(new vscode.MarkdownString(kept), ours.range) : undefined;
    },
  };

  /** Drops our completion items whose label another provider offers at the same place (the merged list repeats it). */
  async completionWithoutDuplicates(
    document: vscode.TextDocument,
    position: vscode.Position,
    items: vscode.CompletionItem[],
  ): Promise<vscode.CompletionItem[]> {
    if (items.length === 0 || !this.active(document)) return items;
    const theirs = await this.askOthers<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      document,
      position,
    );
    if (!theirs) return items;
    const label = (item: vscode.CompletionItem): string =>
      typeof item.label === 'string' ? item.label : item.label.label;
    const offered = new Set(theirs.items.map(label));
    return items.filter((item) => !offered.has(label(item)));
  }

  /** True while we ask the other providers at this place: our own provider then answers nothing. */
  isAsking(document: vscode.TextDocument, position: vscode.Position): boolean {
    return this.asking.has(`${document.uri.toString()}@${position.line}:${position.character}`);
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  private active(document: vscode.TextDocument): boolean {
    return enabled() && otherFor(document) !== undefined;
  }

  /** Runs VS Code's merged provider command; ours answers nothing to it (isAsking), so what comes back is theirs. */
  private async askOthers<T>(
    command: string,
    document: vscode.TextDocument,
    position: vscode.Position,
  ): Promise<T | undefined> {
    const place = `${document.uri.toString()}@${position.line}:${position.character}`;
    if (this.asking.has(place)) return undefined;
    this.asking.add(place);
    try {
      return await vscode.commands.executeCommand<T>(command, document.uri, position);
    } catch (error) {
      this.output.debug(`Asking the other extensions (${command}) failed: ${String(error)}`);
      return undefined;
    } finally {
      this.asking.delete(place);
    }
  }

  private filtered(uri: vscode.Uri, diagnostics: vscode.Diagnostic[]): vscode.Diagnostic[] {
    if (!enabled() || diagnostics.length === 0) return diagnostics;
    const theirs = vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source !== SOURCE);
    const kept = withoutDuplicates(diagnostics, theirs);
    const hidden = diagnostics.length - kept.length;
    if (hidden > 0 && theirs.some((diagnostic) => diagnostic.source === 'dockerfile-utils'))
      this.onDockerfileDuplicates?.(hidden, uri.path.split('/').pop() ?? uri.path);
    return kept;
  }

  /** Re-filters one document's findings when the other extension's changed; sets them only when that changes them. */
  private refresh(uri: vscode.Uri): void {
    const entry = this.published.get(uri.toString());
    const collection = this.collection();
    if (!entry || !collection) return;
    const wanted = this.filtered(entry.uri, entry.diagnostics);
    const current = collection.get(entry.uri) ?? [];
    if (wanted.length === current.length && wanted.map(key).join('\n') === current.map(key).join('\n')) return;
    collection.set(entry.uri, wanted);
  }
}
