import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FileChangeType, type Connection, type FileEvent, type TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ShipshapeLanguageService } from '../service';
import type { ValidationScheduler } from './validation';
import { readRegularFile } from '../diskFileSystem';

const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.hg', '.svn', 'out', 'dist', '.terraform', 'vendor']);
/** Beyond this many YAML files the scan stops (and says so): a monorepo's fixtures are not worth the memory. */
const MAX_FILES = 20_000;
const MAX_FILE_BYTES = 2 * 1_048_576;
/** Files that change how other files are checked (hadolint's config, the build context's ignore file). */
const CHECK_CONFIG = /\/(\.hadolint\.ya?ml|[^/]*\.dockerignore)$/;
/** What the server asks the editor to watch. */
export const WATCHED_FILES = [
  '**/*.{yaml,yml}',
  '**/Kustomization',
  '**/.hadolint.{yaml,yml}',
  '**/{.dockerignore,*.dockerignore}',
];

/**
 * The files the index reads: YAML, and kustomize's extension-less `Kustomization` (a kustomization file may be named
 * so): the overlays that include a base are learned from the index (UnitReader), whatever their file is called.
 */
function isIndexedFile(pathOrUri: string): boolean {
  return /\.ya?ml$/i.test(pathOrUri) || pathOrUri.endsWith('/Kustomization');
}

/**
 * Keeps the workspace index in step with the disk: a scan of the workspace folders at start, then file-watcher
 * events. Open documents are the editor's business: their text, not the disk's, is what the index holds for them.
 */
export class WorkspaceIndexer {
  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly service: ShipshapeLanguageService,
    private readonly validation: ValidationScheduler,
    /** The cache of files beside Dockerfiles: a watched config or ignore file that changed is read again. */
    private readonly nearbyFiles?: { invalidate(path: string): void },
  ) {}

  async scan(folderUris: readonly string[]): Promise<void> {
    const started = Date.now();
    const files: string[] = [];
    for (const folderUri of folderUris) {
      if (!folderUri.startsWith('file:')) continue;
      await collectYamlFiles(fileURLToPath(folderUri), files);
    }
    let changed = false;
    for (const [index, path] of files.entries()) {
      changed = (await this.indexPath(path)) || changed;
      // Let requests from the editor through while a large workspace is read.
      if (index % 50 === 49) await new Promise((resolve) => setImmediate(resolve));
    }
    this.connection.console.info(
      `Indexed ${files.length} YAML file${files.length === 1 ? '' : 's'} (${this.service.indexedFileCount} with Deployments or HPAs) in ${Date.now() - started} ms` +
        (files.length >= MAX_FILES ? ` (stopped at ${MAX_FILES} files)` : ''),
    );
    if (changed) this.validation.requestAll();
  }

  /** A folder left the workspace: its files' manifests leave the index (open documents stay until closed). */
  async removeFolders(folderUris: readonly string[]): Promise<void> {
    let changed = false;
    for (const uri of this.service.indexedUris()) {
      if (this.documents.get(uri)) continue;
      if (folderUris.some((folder) => uri.startsWith(folder.endsWith('/') ? folder : folder + '/')))
        changed = this.service.removeFromIndex(uri) || changed;
    }
    if (changed) this.validation.requestAll();
  }

  async onWatchedFilesChanged(changes: readonly FileEvent[]): Promise<void> {
    // A changed .hadolint.yaml or .dockerignore changes how the open Dockerfiles are checked.
    let changed = false;
    for (const change of changes) {
      if (typeof change?.uri !== 'string') continue;
      if (CHECK_CONFIG.test(change.uri)) {
        changed = true;
        if (change.uri.startsWith('file:')) this.nearbyFiles?.invalidate(pathOf(change.uri));
      }
    }
    for (const change of changes) {
      if (typeof change?.uri !== 'string') continue;
      if (this.documents.get(change.uri) || !isIndexedFile(change.uri) || !change.uri.startsWith('file:')) continue;
      changed =
        (change.type === FileChangeType.Deleted
          ? this.service.removeFromIndex(change.uri)
          : await this.indexPath(pathOf(change.uri))) || changed;
    }
    if (changed) this.validation.requestAll();
  }

  /** A document was closed: from now on the disk's version is what the index holds. */
  async onClosed(uri: string): Promise<void> {
    if (!uri.startsWith('file:')) {
      if (this.service.removeFromIndex(uri)) this.validation.requestAll();
      return;
    }
    if (await this.indexPath(pathOf(uri))) this.validation.requestAll();
  }

  /**
   * Reads one file into the index, asynchronously and only if it is a regular file within the size limit: a FIFO
   * or a link to /dev/zero named `x.yaml` must not block the server or fill its memory.
   */
  private async indexPath(path: string): Promise<boolean> {
    if (path === '') return false;
    const uri = pathToFileURL(path).href;
    if (this.documents.get(uri)) return false;
    const text = await readRegularFile(path, MAX_FILE_BYTES);
    // Gone, unreadable, not a regular file or too large: it holds no manifests (any more).
    if (text === undefined || this.documents.get(uri))
      return text === undefined ? this.service.removeFromIndex(uri) : false;
    return this.service.indexFile(uri, text);
  }
}

/** A file URI's path; a malformed URI gives one that matches no file. */
function pathOf(uri: string): string {
  try {
    return fileURLToPath(uri);
  } catch {
    return '';
  }
}

async function collectYamlFiles(folder: string, into: string[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch {
    return; // unreadable folder: nothing to index there
  }
  for (const entry of entries) {
    if (into.length >= MAX_FILES) return;
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.'))
        await collectYamlFiles(join(folder, entry.name), into);
    } else if (entry.isFile() && isIndexedFile(`/${entry.name}`)) {
      into.push(join(folder, entry.name));
    }
  }
}
