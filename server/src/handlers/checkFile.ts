import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CheckFileParams, CheckFileResult } from '../../../common/src/contract';
import { languageOfPath, type Finding, type ShipshapeLanguageService } from '../service';
import { readRegularFile } from '../diskFileSystem';

/**
 * `shipshape/checkFile`: how many errors and warnings a file has, open or not (the client asks before Build Image
 * and Apply). A file that is not open is read from disk, only if it is a regular file within the size limit (a
 * FIFO would block, a link to /dev/zero never end), and forgotten again.
 */
export class CheckFileHandler {
  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly service: ShipshapeLanguageService,
    /** The document's findings, a large one's validated in the background (ValidationScheduler.findings). */
    private readonly findingsOf: (document: TextDocument) => Promise<Finding[]>,
    /** Files beside Dockerfiles, read asynchronously: the count waits until those it asked for are read. */
    private readonly nearbyFiles: { readonly pending: boolean; settled(): Promise<void> },
    private readonly maxFileBytes: () => number,
  ) {}

  async check(params: CheckFileParams): Promise<CheckFileResult> {
    const open = this.documents.get(params.uri);
    let document = open;
    if (!document) {
      const path = fileURLToPath(params.uri);
      const language = languageOfPath(basename(path));
      const text = language ? await readRegularFile(path, this.maxFileBytes()) : undefined;
      if (!language || text === undefined) return { errors: 0, warnings: 0 };
      document = TextDocument.create(params.uri, language, 0, text);
    }
    let findings = await this.findingsOf(document);
    for (let round = 0; this.nearbyFiles.pending && round < 3; round++) {
      await this.nearbyFiles.settled();
      findings = await this.findingsOf(document);
    }
    if (!open) this.service.forget(params.uri);
    return {
      errors: findings.filter((found) => found.severity === 1).length,
      warnings: findings.filter((found) => found.severity === 2).length,
    };
  }
}
