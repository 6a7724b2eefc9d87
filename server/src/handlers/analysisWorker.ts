// The worker thread of handlers/backgroundAnalysis.ts (its own bundle: server/out/analysisWorker.js). It runs the
// language service's background work (service/backgroundWork.ts) off the server's main thread, one job at a time.
import { parentPort } from 'node:worker_threads';
import { createLanguageService, runBackgroundWork, type BackgroundWork } from '../service';
import { diskFileSystem } from '../diskFileSystem';

// Config and ignore files beside a Dockerfile are read here synchronously (regular files up to 1 MB, never a FIFO):
// this thread waits on them, the server's main thread does not.
const service = createLanguageService({ fileSystem: diskFileSystem });

parentPort?.on('message', (message: { id: number; work: BackgroundWork }) => {
  try {
    const result = runBackgroundWork(message.work, (document, settings, shellcheck) => {
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
