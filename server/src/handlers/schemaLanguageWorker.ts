import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position } from 'vscode-languageserver';
import type { InlineSchema, YamlSchemaLanguage, YamlSchemaLanguageFactory } from '../service';
import type { SchemaLanguageMessage } from './yamlLanguageWorker';

/** The worker's bundle, beside this one (server/out/ in the bundle, out/server/src/handlers/ under tsc). */
const WORKER_SCRIPT = join(__dirname, 'yamlLanguageWorker.js');
/** A completion or hover the worker has not answered in this long is answered with nothing, and the worker restarted. */
const ANSWER_TIMEOUT_MS = 5000;

/**
 * The service's YAML schema language (completion and hover from the schemas, yaml-language-server) on a worker
 * thread (issue 16 item 4): the library takes a quarter of a second of CPU to load, which the server's main thread
 * would otherwise spend before answering `initialize` or before its first diagnostics. `start()` loads it in
 * parallel (the server calls it once there is YAML to complete: not in a window without any), and so does the first
 * completion or hover; requests that come before it is loaded wait for it. If the worker cannot run, the library is
 * loaded on the main thread after all (`fallback`).
 */
export class SchemaLanguageWorker {
  private worker: Worker | undefined;
  private schemas: InlineSchema[] | undefined;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; timer: NodeJS.Timeout }>();
  private nextId = 0;
  private failed = false;
  private fallbackLanguage: YamlSchemaLanguage | undefined;
  private disposed = false;
  /** Called as a worker thread starts, with why (the server logs it). */
  onStart: ((reason: string) => void) | undefined;

  constructor(
    private readonly fallback: YamlSchemaLanguageFactory,
    private readonly log: (message: string) => void,
    private readonly script = WORKER_SCRIPT,
  ) {}

  /** Starts the worker (it loads yaml-language-server at once), if it is not running; `reason` goes to `onStart`. */
  start(reason: string): void {
    this.workerThread(reason);
  }

  /** The factory to give the language service. */
  readonly factory: YamlSchemaLanguageFactory = (schemas) => {
    this.schemas = schemas;
    this.workerThread('a completion or hover')?.postMessage({
      type: 'schemas',
      schemas,
    } satisfies SchemaLanguageMessage);
    return {
      complete: (document, position) => this.ask('complete', document, position),
      hover: (document, position) => this.ask('hover', document, position),
    };
  };

  dispose(): void {
    this.disposed = true;
    for (const [id, call] of this.pending) this.answer(id, null, call);
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private async ask<T>(type: 'complete' | 'hover', document: TextDocument, position: Position): Promise<T | undefined> {
    const worker = this.workerThread(`a ${type}`);
    if (!worker) {
      this.fallbackLanguage ??= await this.fallback(this.schemas ?? []);
      return (await this.fallbackLanguage[type](document, position)) as T | undefined;
    }
    const id = ++this.nextId;
    return new Promise<T | undefined>((resolve) => {
      const timer = setTimeout(() => {
        this.log(`yaml-language-server did not answer a ${type} in ${ANSWER_TIMEOUT_MS} ms: restarting it`);
        this.restart();
      }, ANSWER_TIMEOUT_MS);
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, timer });
      const { uri, version } = document;
      worker.postMessage({
        type,
        id,
        uri,
        version,
        text: document.getText(),
        position,
      } satisfies SchemaLanguageMessage);
    });
  }

  private answer(id: number, value: unknown, call = this.pending.get(id)): void {
    if (!call) return;
    this.pending.delete(id);
    clearTimeout(call.timer);
    call.resolve(value ?? undefined);
  }

  /** Answers what is pending with nothing and starts a new worker (with the schemas) for the next request. */
  private restart(): void {
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    for (const [id, call] of this.pending) this.answer(id, null, call);
  }

  private workerThread(reason: string): Worker | undefined {
    if (this.worker || this.failed || this.disposed) return this.worker;
    this.onStart?.(reason);
    let worker: Worker;
    try {
      worker = new Worker(this.script);
    } catch (error) {
      this.failed = true;
      this.log(
        `yaml-language-server runs on the main thread: ${error instanceof Error ? error.message : String(error)}`,
      );
      return undefined;
    }
    worker.unref();
    worker.on('message', (message: { id: number; result?: unknown; error?: string }) => {
      if (message.error) this.log(`yaml-language-server failed: ${message.error}`);
      this.answer(message.id, message.result);
    });
    const died = (error: Error) => {
      if (this.worker !== worker) return; // restarted or disposed on purpose
      this.worker = undefined;
      this.failed = true; // a worker that dies on its own would die again: the main thread takes over
      this.log(`yaml-language-server's worker stopped, it runs on the main thread now: ${error.message}`);
      for (const [id, call] of this.pending) this.answer(id, null, call);
    };
    worker.on('error', died);
    worker.on('exit', (code) => died(new Error(`exit code ${code}`)));
    if (this.schemas) worker.postMessage({ type: 'schemas', schemas: this.schemas } satisfies SchemaLanguageMessage);
    this.worker = worker;
    return worker;
  }
}
