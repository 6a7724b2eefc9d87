import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { BackgroundResult, BackgroundWork } from '../service';

/** A worker idle this long is ended: the memory a multi-megabyte analysis took goes back (the next job starts one). */
const IDLE_MS = 30_000;

/** The worker's bundle, beside this one (server/out/ in the bundle, out/server/src/handlers/ under tsc). */
const WORKER_SCRIPT = join(__dirname, 'analysisWorker.js');

/** A part of a job's result, sent ahead (a batch of a YAML file's documents, from `from` on in the work's texts). */
export interface PartialResult {
  from: number;
  result: BackgroundResult;
}

interface Job {
  id: number;
  work: BackgroundWork;
  onPartial?: (partial: PartialResult) => void;
  resolve: (result: BackgroundResult | undefined) => void;
  reject: (error: Error) => void;
}

/**
 * Runs the language service's background work (the part of a validation that grows with a file's size) on one
 * worker thread, so that the main thread keeps answering completion, hover and the other documents while a
 * multi-megabyte file is validated (issue 15 item 8). Jobs run one at a time, in order. The worker starts on the
 * first job and stays; a job cancelled while it runs takes the worker with it (a new one starts for the next job).
 */
export class BackgroundAnalysis {
  private worker: Worker | undefined;
  private running: Job | undefined;
  private readonly queue: Job[] = [];
  private nextId = 0;
  private disposed = false;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly log: (message: string) => void,
    private readonly script = WORKER_SCRIPT,
  ) {}

  /**
   * The work's result; undefined when it was cancelled. Rejects when the worker failed or died on it. A YAML file's
   * analyses come in batches, each given to `onPartial` as it arrives; the final result then holds none.
   */
  run(work: BackgroundWork, onPartial?: (partial: PartialResult) => void): Promise<BackgroundResult | undefined> {
    return new Promise((resolve, reject) => {
      this.queue.push({ id: ++this.nextId, work, onPartial, resolve, reject });
      this.startNext();
    });
  }

  /** Cancels the jobs for a document: a newer version makes them moot. */
  cancel(uri: string): void {
    for (const job of this.queue.filter((queued) => queued.work.uri === uri)) {
      this.queue.splice(this.queue.indexOf(job), 1);
      job.resolve(undefined);
    }
    if (this.running?.work.uri === uri) {
      const job = this.running;
      this.running = undefined;
      void this.worker?.terminate();
      this.worker = undefined;
      job.resolve(undefined);
      this.startNext();
    }
  }

  dispose(): void {
    this.disposed = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    for (const job of this.queue.splice(0)) job.resolve(undefined);
    this.running?.resolve(undefined);
    this.running = undefined;
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private startNext(): void {
    if (this.running || this.disposed) return;
    const job = this.queue.shift();
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    if (!job) {
      if (this.worker) {
        this.idleTimer = setTimeout(() => this.endIdleWorker(), IDLE_MS);
        this.idleTimer.unref();
      }
      return;
    }
    this.running = job;
    this.workerThread().postMessage({ id: job.id, work: job.work });
  }

  private endIdleWorker(): void {
    this.idleTimer = undefined;
    if (this.running || this.queue.length > 0 || !this.worker) return;
    const worker = this.worker;
    this.worker = undefined;
    void worker.terminate();
  }

  private workerThread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script);
    // An idle worker does not keep the process alive: the server exits when the client says so.
    worker.unref();
    worker.on(
      'message',
      (message: { id: number; result?: BackgroundResult; partial?: PartialResult; error?: string }) => {
        const job = this.running;
        if (!job || job.id !== message.id) return;
        if (message.partial) {
          job.onPartial?.(message.partial);
          return;
        }
        this.running = undefined;
        if (message.result) job.resolve(message.result);
        else job.reject(new Error(message.error ?? 'background analysis failed'));
        this.startNext();
      },
    );
    const died = (error: Error) => {
      if (this.worker !== worker) return; // terminated on purpose (cancel, dispose)
      this.worker = undefined;
      this.log(`Background analysis stopped: ${error.message}`);
      const job = this.running;
      this.running = undefined;
      job?.reject(error);
      this.startNext();
    };
    worker.on('error', died);
    worker.on('exit', (code) => died(new Error(`the worker exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }
}
