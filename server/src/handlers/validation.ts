import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { toDiagnostic, type BackgroundWork, type Finding, type ShipshapeLanguageService } from '../service';
import type { BackgroundAnalysis, PartialResult } from './backgroundAnalysis';
import { largeFileNote } from './limits';
import { clampDiagnostics } from './ranges';

/**
 * How long validation waits for typing to pause: edits that arrive closer together than this are one burst, and
 * the burst is validated once, on its latest version, never more than MAX_WAIT_MS after the burst began.
 */
const QUIET_MS = 10;
const LARGE_DOCUMENT = 256 * 1024;
/**
 * A large document waits no set time: any wait adds straight onto its edit->diagnostics (npm run bench: 5 ms of the
 * 87k-line file's ~35), and buys nothing against typing (a keystroke every 30 ms or more is validated each time
 * whatever the wait). What it must still do is coalesce the edits that arrive together: it waits for one turn of the
 * event loop in which no edit came (`afterQuietTurn`).
 */
const MAX_WAIT_MS = 400;

/**
 * Publishes diagnostics for open documents. Edits are coalesced: the JSON-RPC connection handles one queued message
 * per turn of the event loop, and every change restarts a short timer, so 50 edits sent together cause one
 * validation, once the last of them is in, not 50. Requests the user waits on (completion, hover) go first: a
 * validation that falls due while one is being answered waits for it; documents are validated one per turn, so a
 * request that arrives meanwhile is answered between two of them.
 */
export class ValidationScheduler {
  private readonly pending = new Set<string>();
  private timer: Pending | undefined;
  /** When the oldest change not yet validated arrived: the timer is not pushed back past MAX_WAIT_MS from it. */
  private burstStarted: number | undefined;
  private running = false;
  /** Requests being answered (completion, hover): validation waits for them, they are what the user waits on. */
  private answering = 0;
  /** Called once nothing is pending or running any more (whenIdle). */
  private idleWaiters: Array<() => void> = [];
  /** Background work under way, by document: what it is for (a Dockerfile's version, or a YAML file's documents). */
  private readonly inBackground = new Map<string, string>();
  /** YAML documents analysed in the background whose diagnostics are not published yet: then warmUp. */
  private readonly inBackgroundBefore = new Set<string>();
  /** Documents (uri@version) whose background work failed: validated here, as before there was a background. */
  private readonly backgroundFailed = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly service: ShipshapeLanguageService,
    /** Files beside Dockerfiles, read asynchronously: a validation that asked for one not read yet is run again once it is. */
    private readonly nearbyFiles?: { readonly pending: boolean; settled(): Promise<void> },
    /** Where the part of a large document's validation that grows with its size runs (a worker thread). */
    private readonly background?: BackgroundAnalysis,
  ) {}

  request(uri: string): void {
    this.pending.add(uri);
    const now = Date.now();
    this.burstStarted ??= now;
    const large = (this.documents.get(uri)?.getText().length ?? 0) > LARGE_DOCUMENT;
    const left = this.burstStarted + MAX_WAIT_MS - now;
    this.timer?.cancel();
    const fire = () => {
      this.timer = undefined;
      this.run();
    };
    this.timer = large && left > 0 ? afterQuietTurn(fire) : after(Math.max(0, Math.min(QUIET_MS, left)), fire);
  }

  /** Runs a request handler; validation that falls due meanwhile waits until it has answered. */
  async whileAnswering<T>(handler: () => Promise<T>): Promise<T> {
    this.answering++;
    try {
      return await handler();
    } finally {
      this.answering--;
      // Two turns later, not one: vscode-jsonrpc writes the answer from a setImmediate queued after this one, and a
      // validation run first (tens of ms on a large file) would hold the answer the user waits on (npm run bench:
      // completion after an edit went from 10 to 60 ms when the answer came back from a worker thread).
      if (this.answering === 0 && this.pending.size > 0 && !this.timer && !this.running)
        setImmediate(() => setImmediate(() => this.run()));
    }
  }

  /**
   * Calls `callback` once no validation is pending or running: at once (next turn) when none is, else after the run
   * that empties the queue. The server starts its background work then, after the first documents' diagnostics.
   */
  whenIdle(callback: () => void): void {
    this.idleWaiters.push(callback);
    this.notifyIfIdle();
  }

  private notifyIfIdle(): void {
    if (this.idleWaiters.length === 0 || this.running || this.timer || this.pending.size > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    setImmediate(() => {
      for (const waiter of waiters) waiter();
    });
  }

  requestAll(): void {
    for (const document of this.documents.all()) this.request(document.uri);
  }

  private run(): void {
    if (this.timer || this.running) return; // a newer change restarted the timer, or a run is under way
    if (this.answering > 0) return; // whileAnswering runs it when the answer is out
    this.burstStarted = undefined;
    const uris = [...this.pending];
    this.pending.clear();
    if (uris.length === 0) return;
    this.running = true;
    const generation = this.service.indexGeneration;
    /** The index generation each document was validated against. */
    const validatedAt = new Map<string, number>();
    const next = (index: number): void => {
      if (index >= uris.length) {
        this.running = false;
        // What these documents hold changed what other documents see (an HPA's Deployment, say): re-check those
        // validated against an older index, this run's included.
        const now = this.service.indexGeneration;
        if (now !== generation) {
          for (const document of this.documents.all())
            if (validatedAt.get(document.uri) !== now) this.request(document.uri);
        }
        if (this.pending.size > 0 && !this.timer) this.run();
        this.notifyIfIdle();
        return;
      }
      const uri = uris[index];
      // Changed again since this run began: its newer version is validated by the run that change scheduled.
      if (!this.pending.has(uri)) {
        this.validateOne(uri);
        validatedAt.set(uri, this.service.indexGeneration);
      }
      setImmediate(() => next(index + 1));
    };
    next(0);
  }

  /**
   * A document's findings for a request (not published): a large document's heavy part runs in the background
   * first, as for publishing, so that the request does not hold the main thread (shipshape/checkFile).
   */
  async findings(document: TextDocument): Promise<Finding[]> {
    for (let round = 0; round < 3; round++) {
      const work = this.backgroundWorkOf(document);
      if (!work || !this.background) break;
      const result = await this.background.run(work, this.seeder(work)).catch(() => undefined);
      if (!result) break;
      if (work.kind !== 'yaml') this.service.completeBackgroundWork(work, result);
    }
    return this.service.validate(document);
  }

  private backgroundWorkOf(document: TextDocument): BackgroundWork | undefined {
    if (!this.background || this.backgroundFailed.has(`${document.uri}@${document.version}`)) return undefined;
    return this.service.backgroundWork(document);
  }

  /**
   * Starts a large document's background work, unless the same is under way; when it is done, the document is
   * validated again (cheaply, from its result). Returns whether the validation has to wait for it.
   */
  private inTheBackground(document: TextDocument): boolean {
    const work = this.backgroundWorkOf(document);
    if (!work || !this.background) return false;
    const { uri, version } = document;
    // YAML documents analysed for an older version still serve (cached by text); a Dockerfile's are for one version.
    const purpose = work.kind === 'dockerfile' ? `dockerfile@${work.version}` : 'yaml';
    const under = this.inBackground.get(uri);
    if (under === purpose) return true;
    if (under !== undefined) this.background.cancel(uri);
    this.inBackground.set(uri, purpose);
    this.background.run(work, this.seeder(work)).then(
      (result) => {
        if (!result) return; // cancelled: a newer version's work replaced it
        this.inBackground.delete(uri);
        if (work.kind === 'yaml') this.inBackgroundBefore.add(uri);
        // A YAML file's analyses came in batches, each taken as it arrived (seeder).
        if (work.kind !== 'yaml') this.service.completeBackgroundWork(work, result);
        if (this.documents.get(uri)) this.request(uri);
      },
      (error: unknown) => {
        this.inBackground.delete(uri);
        this.connection.console.error(
          `Background validation of ${uri} failed, validating it on the main thread: ${error instanceof Error ? error.message : String(error)}`,
        );
        if (this.backgroundFailed.size > 100) this.backgroundFailed.clear();
        this.backgroundFailed.add(`${uri}@${version}`);
        if (this.documents.get(uri)) this.request(uri);
      },
    );
    return true;
  }

  /** Takes a YAML file's analyses batch by batch, as they arrive from the worker. */
  private seeder(work: BackgroundWork): ((partial: PartialResult) => void) | undefined {
    if (work.kind !== 'yaml') return undefined;
    return ({ from, result }) => {
      if (result.kind !== 'yaml') return;
      const to = from + result.analyses.length;
      this.service.completeBackgroundWork(
        { ...work, texts: work.texts.slice(from, to), lines: work.lines.slice(from, to) },
        result,
      );
    };
  }

  /**
   * While idle, runs the analysis on this thread on a few documents of a file that was analysed in the background
   * (one per turn: requests are answered between them), so that its first edits do not run it here cold.
   */
  private warmUp(uri: string): void {
    const step = () => {
      const document = this.documents.get(uri);
      if (!document || this.pending.size > 0 || this.answering > 0 || this.running) return;
      if (this.service.warmUp(document)) setTimeout(step, 1);
    };
    setTimeout(step, 1);
  }

  /** A document was closed: its background work is moot. */
  forget(uri: string): void {
    this.inBackgroundBefore.delete(uri);
    if (this.inBackground.delete(uri)) this.background?.cancel(uri);
  }

  private validateOne(uri: string): void {
    const document = this.documents.get(uri);
    if (!document) return;
    try {
      if (this.inTheBackground(document)) return;
      const diagnostics = clampDiagnostics(document, this.service.validate(document).map(toDiagnostic));
      const note = largeFileNote(document);
      if (note) diagnostics.unshift(note);
      if (this.nearbyFiles?.pending) {
        // Published once the config and ignore files it asked for are read: no flicker of findings they turn off.
        void this.nearbyFiles.settled().then(() => this.request(uri));
        return;
      }
      void this.connection.sendDiagnostics({ uri, version: document.version, diagnostics });
      if (this.background && this.inBackgroundBefore.delete(uri)) this.warmUp(uri);
    } catch (error) {
      // A rule that throws must not take the server down: log it and keep serving the other documents.
      this.connection.console.error(
        `Validation of ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    }
  }
}

/** A validation that falls due later, unless a newer edit cancels it first. */
interface Pending {
  cancel(): void;
}

function after(ms: number, callback: () => void): Pending {
  const timer = setTimeout(callback, ms);
  return { cancel: () => clearTimeout(timer) };
}

/**
 * Calls back once a whole turn of the event loop has passed: vscode-jsonrpc handles one queued message per turn
 * (each from a setImmediate queued after the last one was handled), so an edit queued behind this one is handled
 * before the second immediate runs, and its request() cancels this one. Edits sent together are validated once;
 * the first edit after a pause is validated at once.
 */
function afterQuietTurn(callback: () => void): Pending {
  let cancelled = false;
  setImmediate(() =>
    setImmediate(() => {
      if (!cancelled) callback();
    }),
  );
  return {
    cancel: () => {
      cancelled = true;
    },
  };
}
