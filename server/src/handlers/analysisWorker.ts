// The worker thread of handlers/backgroundAnalysis.ts (its own bundle: server/out/analysisWorker.js). It runs the
// language service's background work (service/backgroundWork.ts) off the server's main thread, one job at a time.
import { parentPort } from 'node:worker_threads';
import { createLanguageService, runBackgroundWork, type BackgroundWork } from '../service';
import { diskFileSystem } from '../diskFileSystem';

// Config and ignore files beside a Dockerfile are read here synchronously (regular files up to 1 MB, never a FIFO):
// this thread waits on them, the server's main thread does not.
const service = createLanguageService({ fileSystem: diskFileSystem });

/**
 * A YAML file's documents are analysed and sent back in batches of about this many characters: the main thread then
 * takes each batch (structured-clone deserialization costs about as much as the analysis) between two requests,
 * instead of one pause of seconds for a 7 MB file.
 */
const BATCH_CHARS = 256 * 1024;

parentPort?.on('message', (message: { id: number; work: BackgroundWork }) => {
  try {
    const { work } = message;
    if (work.kind === 'yaml') {
      for (let from = 0; from < work.texts.length;) {
        let to = from;
        for (let size = 0; to < work.texts.length && (to === from || size < BATCH_CHARS); to++)
          size += work.texts[to].length;
        const batch = runBackgroundWork(
          { ...work, texts: work.texts.slice(from, to), lines: work.lines.slice(from, to) },
          () => [],
        );
        parentPort?.postMessage({ id: message.id, partial: { from, result: batch } });
        from = to;
      }
      parentPort?.postMessage({ id: message.id, result: { kind: 'yaml', analyses: [] }, batched: true });
      return;
    }
    const result = runBackgroundWork(work, (document, settings, shellcheck) => {
      service.configure(settings);
      service.shellcheckResults.restore(document.uri, shellcheck);
      try {
        return service.validate(document);
      } finally {
        service.forget(document.uri);
      }
    });
    parentPort?.postMessage({ id: message.id, result });
  } catch (error) {
    parentPort?.postMessage({
      id: message.id,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
});
