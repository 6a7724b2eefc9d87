import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createProtocolConnection,
  InitializeRequest,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type CodeAction,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type DocumentSymbol,
  type FoldingRange,
  type Hover,
  type ProtocolConnection,
  type Range,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FUZZ_SEEDS, tokensFor } from './tokens';

/**
 * A fuzzer for the bundled language server over real LSP (stdio, the JSON-RPC library VS Code's client uses).
 * Random incremental edits built from YAML and Dockerfile tokens, sent in bursts; requests of every kind at random
 * positions (past the end too); quick fixes applied and the result re-opened; fix-all to a fixed point. It checks
 * what issue 15 asks of the server: no exit, every request answered within 5 s, every range inside the text of
 * the version it is about, every edit applies cleanly, and no steady climb of the server's memory.
 */

export interface FuzzOptions {
  seed: number;
  edits: number;
  /** Progress lines (the CLI prints them; the test keeps quiet). */
  log?: (line: string) => void;
  serverPath?: string;
  /** How long a request may take before it counts as a hang. */
  requestTimeoutMs?: number;
}

export interface FuzzFailure {
  kind: 'crash' | 'hang' | 'bad-range' | 'bad-edit' | 'error-response' | 'fix-all-diverged' | 'memory-climb';
  detail: string;
  /** The document's text when it happened (the minimal input starts from here). */
  text?: string;
  languageId?: string;
}

export interface FuzzReport {
  seed: number;
  edits: number;
  requests: number;
  publishes: number;
  quickFixesApplied: number;
  fixAllRuns: number;
  crashes: number;
  hangs: number;
  badRanges: number;
  badEdits: number;
  errorResponses: number;
  slowestRequestMs: number;
  rssMB: number[];
  failures: FuzzFailure[];
  durationMs: number;
}

const SERVER_BUNDLE = join(__dirname, '..', '..', '..', 'server', 'out', 'server.js');

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function randomGenerator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

interface OpenDocument {
  uri: string;
  languageId: 'yaml' | 'dockerfile';
  document: TextDocument;
  /** Recent versions' texts: diagnostics arrive for a version, maybe after later edits were sent. */
  history: Map<number, TextDocument>;
  diagnostics: Diagnostic[];
}

class Failures {
  readonly list: FuzzFailure[] = [];
  private readonly seen = new Set<string>();
  constructor(private readonly report: FuzzReport) {}

  add(failure: FuzzFailure): void {
    if (failure.kind === 'crash') this.report.crashes++;
    if (failure.kind === 'hang') this.report.hangs++;
    if (failure.kind === 'bad-range') this.report.badRanges++;
    if (failure.kind === 'bad-edit') this.report.badEdits++;
    if (failure.kind === 'error-response') this.report.errorResponses++;
    // Keep a few examples of each distinct failure, not thousands of the same.
    const key = `${failure.kind}:${failure.detail.slice(0, 80)}`;
    if (this.seen.has(key) || this.list.length >= 50) return;
    this.seen.add(key);
    this.list.push(failure);
  }
}

/** Whether a position lies inside the document: a real line, and not past that line's end. */
function positionInside(document: TextDocument, position: { line: number; character: number } | undefined): boolean {
  if (!position || !Number.isInteger(position.line) || !Number.isInteger(position.character)) return false;
  if (position.line < 0 || position.line >= document.lineCount || position.character < 0) return false;
  const back = document.positionAt(document.offsetAt(position));
  return back.line === position.line && back.character === position.character;
}

function rangeInside(document: TextDocument, range: Range | undefined): boolean {
  if (!range || !positionInside(document, range.start) || !positionInside(document, range.end)) return false;
  return document.offsetAt(range.start) <= document.offsetAt(range.end);
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const started = Date.now();
  const random = randomGenerator(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const log = options.log ?? (() => undefined);
  const timeoutMs = options.requestTimeoutMs ?? 5000;
  const report: FuzzReport = {
    seed: options.seed,
    edits: 0,
    requests: 0,
    publishes: 0,
    quickFixesApplied: 0,
    fixAllRuns: 0,
    crashes: 0,
    hangs: 0,
    badRanges: 0,
    badEdits: 0,
    errorResponses: 0,
    slowestRequestMs: 0,
    rssMB: [],
    failures: [],
    durationMs: 0,
  };
  const failures = new Failures(report);

  const server: ChildProcess = spawn(process.execPath, [options.serverPath ?? SERVER_BUNDLE, '--stdio'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  server.stderr?.on('data', (chunk: Buffer) => {
    if (stderr.length < 200) stderr.push(chunk.toString());
  });
  let exited = false;
  let stopping = false;
  let current: OpenDocument | undefined;
  server.once('exit', (code, signal) => {
    exited = true;
    if (stopping) return;
    failures.add({
      kind: 'crash',
      detail: `server exited (${code ?? signal}): ${stderr.join('').slice(-2000)}`,
      text: current?.document.getText(),
      languageId: current?.languageId,
    });
  });
  const connection: ProtocolConnection = createProtocolConnection(
    new StreamMessageReader(server.stdout!),
    new StreamMessageWriter(server.stdin!),
  );
  const documents = new Map<string, OpenDocument>();
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    report.publishes++;
    const open = documents.get(params.uri);
    if (!open) return;
    const version = params.version === undefined ? open.document.version : params.version;
    const document = open.history.get(version);
    if (!document) return; // too old to check
    if (version === open.document.version) open.diagnostics = params.diagnostics;
    for (const diagnostic of params.diagnostics) {
      if (!rangeInside(document, diagnostic.range)) {
        failures.add({
          kind: 'bad-range',
          detail: `diagnostic ${diagnostic.code} ${JSON.stringify(diagnostic.range)}`,
          text: document.getText(),
          languageId: open.languageId,
        });
      }
    }
  });
  connection.onRequest('workspace/configuration', () => []);
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();

  /** A request with a deadline: undefined (and a recorded hang) if it is not answered in time. */
  const request = async <R>(method: string, params: unknown, open: OpenDocument): Promise<R | undefined> => {
    if (exited) return undefined;
    report.requests++;
    const sentAt = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'hang'>((resolve) => (timer = setTimeout(() => resolve('hang'), timeoutMs)));
    try {
      const answer = await Promise.race([connection.sendRequest(method, params) as Promise<R>, deadline]);
      const took = Date.now() - sentAt;
      report.slowestRequestMs = Math.max(report.slowestRequestMs, took);
      if (answer === 'hang') {
        failures.add({
          kind: 'hang',
          detail: `${method} not answered within ${timeoutMs} ms (${JSON.stringify(params).slice(0, 200)})`,
          text: open.document.getText(),
          languageId: open.languageId,
        });
        return undefined;
      }
      return answer;
    } catch (error) {
      if (!exited) {
        failures.add({
          kind: 'error-response',
          detail: `${method}: ${(error as Error).message}`,
          text: open.document.getText(),
          languageId: open.languageId,
        });
      }
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  };

  await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    capabilities: {
      textDocument: { completion: { completionItem: { snippetSupport: true, insertReplaceSupport: true } } },
    },
    workspaceFolders: null,
    initializationOptions: { settings: {} },
  });
  await connection.sendNotification('initialized', {});

  let documentCounter = 0;
  const openDocument = async (languageId: 'yaml' | 'dockerfile', text: string): Promise<OpenDocument> => {
    documentCounter++;
    const name = languageId === 'yaml' ? `fuzz-${documentCounter}.yaml` : `Dockerfile.fuzz${documentCounter}`;
    const uri = `file:///fuzz/${documentCounter}/${name}`;
    const document = TextDocument.create(uri, languageId, 1, text);
    const open: OpenDocument = { uri, languageId, document, history: new Map([[1, document]]), diagnostics: [] };
    documents.set(uri, open);
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return open;
  };
  const remember = (open: OpenDocument) => {
    open.history.set(open.document.version, open.document);
    if (open.history.size > 200) open.history.delete(open.history.keys().next().value!);
  };
  /** Replaces a document's text with a full-text change (what applying a workspace edit looks like on the wire). */
  const replaceText = async (open: OpenDocument, text: string) => {
    const version = open.document.version + 1;
    open.document = TextDocument.create(open.uri, open.languageId, version, text);
    remember(open);
    await connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: open.uri, version },
      contentChanges: [{ text }],
    });
  };
  /** Closes a document and opens it again under a new URI with the given text ("the result re-opened"). */
  const reopen = async (open: OpenDocument, text: string): Promise<OpenDocument> => {
    documents.delete(open.uri);
    await connection.sendNotification('textDocument/didClose', { textDocument: { uri: open.uri } });
    const again = await openDocument(open.languageId, text);
    slots[slots.indexOf(open)] = again;
    return again;
  };

  const slots: OpenDocument[] = [];
  for (const seed of FUZZ_SEEDS) slots.push(await openDocument(seed.languageId, seed.text));

  /** Applies edits to a document's text, checking that they are inside it and do not overlap (as an editor would). */
  const applyChecked = (open: OpenDocument, edits: readonly TextEdit[], what: string): string | undefined => {
    for (const edit of edits) {
      if (!rangeInside(open.document, edit.range) || typeof edit.newText !== 'string') {
        failures.add({
          kind: 'bad-range',
          detail: `${what} edit ${JSON.stringify(edit.range)}`,
          text: open.document.getText(),
          languageId: open.languageId,
        });
        return undefined;
      }
    }
    try {
      return TextDocument.applyEdits(open.document, [...edits]);
    } catch (error) {
      failures.add({
        kind: 'bad-edit',
        detail: `${what}: ${(error as Error).message}`,
        text: open.document.getText(),
        languageId: open.languageId,
      });
      return undefined;
    }
  };

  const randomPosition = (document: TextDocument) => {
    const roll = random();
    if (roll < 0.1)
      return { line: document.lineCount + Math.floor(random() * 5), character: Math.floor(random() * 20) }; // past the end
    const line = Math.floor(random() * document.lineCount);
    const lineLength =
      document.offsetAt({ line, character: Number.MAX_SAFE_INTEGER }) - document.offsetAt({ line, character: 0 });
    return {
      line,
      character: roll < 0.2 ? lineLength + 1 + Math.floor(random() * 10) : Math.floor(random() * (lineLength + 1)),
    };
  };

  const edit = async (open: OpenDocument) => {
    const document = open.document;
    const text = document.getText();
    const start = Math.floor(random() * (text.length + 1));
    const roll = random();
    const deleteLength = roll < 0.4 ? 0 : roll < 0.85 ? Math.floor(random() * 8) : Math.floor(random() * 200);
    const end = Math.min(text.length, start + deleteLength);
    let insert = '';
    const parts = roll < 0.15 ? 0 : 1 + Math.floor(random() * 3);
    for (let part = 0; part < parts; part++) insert += pick(tokensFor(open.languageId));
    if (insert === '' && start === end) insert = pick(tokensFor(open.languageId));
    const range = { start: document.positionAt(start), end: document.positionAt(end) };
    const version = document.version + 1;
    // A new document per version (TextDocument.update changes the one it is given: the history needs each version).
    open.document = TextDocument.create(
      open.uri,
      open.languageId,
      version,
      TextDocument.applyEdits(document, [{ range, newText: insert }]),
    );
    remember(open);
    report.edits++;
    current = open;
    await connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: open.uri, version },
      contentChanges: [{ range, text: insert }],
    });
  };

  const checkRanges = (open: OpenDocument, document: TextDocument, what: string, ranges: Array<Range | undefined>) => {
    for (const range of ranges) {
      if (!rangeInside(document, range)) {
        failures.add({
          kind: 'bad-range',
          detail: `${what} ${JSON.stringify(range)}`,
          text: document.getText(),
          languageId: open.languageId,
        });
        return;
      }
    }
  };

  const randomRequest = async (open: OpenDocument) => {
    const document = open.document; // the server has every change sent so far: this is its text
    const textDocument = { uri: open.uri };
    if (random() < 0.03) {
      // Protocol abuse: a malformed request must be answered with InvalidParams, promptly, and change nothing.
      const malformed = pick<[string, unknown]>([
        ['textDocument/completion', { textDocument, position: null }],
        ['textDocument/hover', { textDocument, position: { line: -1, character: 'x' } }],
        ['textDocument/codeAction', { textDocument, range: randomPosition(document) }],
        [
          'textDocument/codeAction',
          { textDocument, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
        ],
        ['textDocument/formatting', { textDocument }],
        ['textDocument/hover', { textDocument: null, position: { line: 0, character: 0 } }],
      ]);
      report.requests++;
      try {
        await Promise.race([
          connection.sendRequest(malformed[0], malformed[1]),
          new Promise((_, reject) => setTimeout(() => reject(new Error('hang')), timeoutMs)),
        ]);
        failures.add({
          kind: 'error-response',
          detail: `${malformed[0]} with malformed parameters was answered as if valid`,
        });
      } catch (error) {
        const code = (error as { code?: number }).code;
        if ((error as Error).message === 'hang')
          failures.add({ kind: 'hang', detail: `${malformed[0]} with malformed parameters not answered` });
        else if (code !== -32602)
          failures.add({
            kind: 'error-response',
            detail: `${malformed[0]} with malformed parameters: ${code} ${(error as Error).message}`,
          });
      }
      return;
    }
    const kind = Math.floor(random() * 9);
    switch (kind) {
      case 0:
      case 1: {
        const list = await request<CompletionList | CompletionItem[] | null>(
          'textDocument/completion',
          { textDocument, position: randomPosition(document) },
          open,
        );
        const items = Array.isArray(list) ? list : (list?.items ?? []);
        for (const item of items) {
          const textEdit = item.textEdit;
          const ranges: Array<Range | undefined> = [];
          if (textEdit && 'range' in textEdit) ranges.push(textEdit.range);
          if (textEdit && 'insert' in textEdit) ranges.push(textEdit.insert, textEdit.replace);
          for (const extra of item.additionalTextEdits ?? []) ranges.push(extra.range);
          checkRanges(open, document, 'completion', ranges);
        }
        return;
      }
      case 2: {
        const hover = await request<Hover | null>(
          'textDocument/hover',
          { textDocument, position: randomPosition(document) },
          open,
        );
        if (hover?.range) checkRanges(open, document, 'hover', [hover.range]);
        return;
      }
      case 3:
      case 4: {
        // Quick fixes for a published diagnostic (or a random range): one with an edit is applied, the result re-opened.
        const diagnostic = open.diagnostics.length > 0 && random() < 0.8 ? pick(open.diagnostics) : undefined;
        const range = diagnostic?.range ?? { start: randomPosition(document), end: randomPosition(document) };
        const actions = await request<CodeAction[] | null>(
          'textDocument/codeAction',
          { textDocument, range, context: { diagnostics: diagnostic ? [diagnostic] : [] } },
          open,
        );
        if (!actions || actions.length === 0 || open.document !== document) return;
        for (const action of actions) {
          checkRanges(
            open,
            document,
            'codeAction diagnostic',
            (action.diagnostics ?? []).map((found) => found.range),
          );
          checkRanges(
            open,
            document,
            `codeAction "${action.title}"`,
            (action.edit?.changes?.[open.uri] ?? []).map((change) => change.range),
          );
        }
        const withEdit = actions.filter((action) => action.edit?.changes?.[open.uri]);
        if (withEdit.length === 0 || random() < 0.3) return;
        const chosen = pick(withEdit);
        const fixed = applyChecked(open, chosen.edit!.changes![open.uri], `quick fix "${chosen.title}"`);
        if (fixed === undefined) return;
        report.quickFixesApplied++;
        if (random() < 0.5) await replaceText(open, fixed);
        else await reopen(open, fixed);
        return;
      }
      case 5: {
        const symbols = await request<DocumentSymbol[] | null>('textDocument/documentSymbol', { textDocument }, open);
        const ranges: Array<Range | undefined> = [];
        const walk = (list: DocumentSymbol[]) => {
          for (const symbol of list) {
            ranges.push(symbol.range, symbol.selectionRange);
            if (symbol.children) walk(symbol.children);
          }
        };
        walk(symbols ?? []);
        checkRanges(open, document, 'documentSymbol', ranges);
        return;
      }
      case 6: {
        const folding = await request<FoldingRange[] | null>('textDocument/foldingRange', { textDocument }, open);
        for (const range of folding ?? []) {
          if (range.startLine < 0 || range.endLine >= document.lineCount || range.endLine < range.startLine) {
            failures.add({
              kind: 'bad-range',
              detail: `foldingRange ${JSON.stringify(range)}`,
              text: document.getText(),
              languageId: open.languageId,
            });
          }
        }
        return;
      }
      case 7: {
        const tokens = await request<{ data: number[] } | null>(
          'textDocument/semanticTokens/full',
          { textDocument },
          open,
        );
        const data = tokens?.data ?? [];
        let line = 0;
        let character = 0;
        for (let index = 0; index + 4 < data.length; index += 5) {
          line += data[index];
          character = data[index] === 0 ? character + data[index + 1] : data[index + 1];
          const range = { start: { line, character }, end: { line, character: character + data[index + 2] } };
          if (!rangeInside(document, range)) {
            failures.add({
              kind: 'bad-range',
              detail: `semantic token ${JSON.stringify(range)}`,
              text: document.getText(),
              languageId: open.languageId,
            });
            break;
          }
        }
        return;
      }
      default: {
        const tabSize = random() < 0.1 ? 1e9 : 1 + Math.floor(random() * 8);
        const edits = await request<TextEdit[] | null>(
          'textDocument/formatting',
          { textDocument, options: { tabSize, insertSpaces: random() < 0.5 } },
          open,
        );
        if (edits && edits.length > 0 && open.document === document) {
          const formatted = applyChecked(open, edits, 'formatting');
          if (formatted !== undefined && random() < 0.3) await replaceText(open, formatted);
        }
      }
    }
  };

  /**
   * Fix-all until nothing is left to fix (a fixed point). Overlapping fixes wait for the next round, so a badly
   * broken file may take many rounds; what must never happen is a cycle (a text seen before) or no end.
   */
  const fixAll = async (open: OpenDocument) => {
    report.fixAllRuns++;
    const start = open.document.getText();
    const seen = new Set<string>([start]);
    for (let round = 0; round < 100; round++) {
      const document = open.document;
      const end = document.positionAt(document.getText().length);
      const actions = await request<CodeAction[] | null>(
        'textDocument/codeAction',
        {
          textDocument: { uri: open.uri },
          range: { start: { line: 0, character: 0 }, end },
          context: { diagnostics: [], only: ['source.fixAll'] },
        },
        open,
      );
      const edits = actions?.[0]?.edit?.changes?.[open.uri];
      if (!edits || edits.length === 0) return;
      const fixed = applyChecked(open, edits, 'fix all');
      if (fixed === undefined || fixed === document.getText()) return;
      if (seen.has(fixed)) {
        failures.add({
          kind: 'fix-all-diverged',
          detail: `fix all went round in a cycle after ${round + 1} rounds`,
          text: document.getText(),
          languageId: open.languageId,
        });
        return;
      }
      seen.add(fixed);
      await replaceText(open, fixed);
    }
    // The text fix-all started from is what reproduces it.
    const detail = `fix all did not reach a fixed point in 100 rounds (${start.length} -> ${open.document.getText().length} characters)`;
    failures.add({ kind: 'fix-all-diverged', detail, text: start, languageId: open.languageId });
  };

  const rss = () => {
    try {
      const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
      const match = /VmRSS:\s+(\d+) kB/.exec(status);
      return match ? Math.round(Number(match[1]) / 1024) : undefined;
    } catch {
      return undefined;
    }
  };

  let sinceSample = 0;
  while (report.edits < options.edits && !exited) {
    // A burst of edits sent together (as fast typing or a paste does), then a few requests.
    const open = pick(slots);
    const burst = random() < 0.1 ? 20 + Math.floor(random() * 40) : 1 + Math.floor(random() * 6);
    for (let count = 0; count < burst && report.edits < options.edits; count++) await edit(open);
    const requests = Math.floor(random() * 3);
    const pendingRequests: Array<Promise<void>> = [];
    for (let count = 0; count < requests; count++) pendingRequests.push(randomRequest(open));
    await Promise.all(pendingRequests);
    if (random() < 0.01) await fixAll(open);
    // A document that grew too large (or got too broken) starts again from a seed, like a new file.
    if (open.document.getText().length > 200_000 || random() < 0.003) {
      const seed = pick(FUZZ_SEEDS.filter((candidate) => candidate.languageId === open.languageId));
      await reopen(open, seed.text);
    }
    sinceSample += burst;
    if (sinceSample >= 500) {
      sinceSample = 0;
      const megabytes = rss();
      if (megabytes !== undefined) report.rssMB.push(megabytes);
      if (report.edits % 10_000 < 500) {
        log(
          `${report.edits} edits, ${report.requests} requests, ${report.crashes} crashes, ${report.hangs} hangs, ${report.badRanges} bad ranges, RSS ${megabytes} MB`,
        );
      }
    }
  }
  // Everything sent has been handled: one last request per document, then the memory's trend.
  for (const open of slots) await request('textDocument/documentSymbol', { textDocument: { uri: open.uri } }, open);
  const climb = steadyClimb(report.rssMB);
  if (climb) failures.add({ kind: 'memory-climb', detail: climb });
  stopping = true;
  if (!exited) {
    try {
      await Promise.race([
        connection.sendRequest('shutdown'),
        new Promise((resolve) => setTimeout(resolve, timeoutMs)),
      ]);
      await connection.sendNotification('exit');
    } catch {
      // already gone
    }
  }
  await new Promise<void>((resolve) => {
    if (exited || server.exitCode !== null) resolve();
    else {
      const timer = setTimeout(() => {
        server.kill();
        resolve();
      }, 3000);
      server.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    }
  });
  connection.dispose();
  report.failures = failures.list;
  report.durationMs = Date.now() - started;
  return report;
}

/**
 * A steady climb: memory that keeps growing to the end, not the plateau of caches warming up. The lowest sample of
 * the last quarter above the highest of the second quarter by more than half, and by more than 100 MB.
 */
export function steadyClimb(samples: readonly number[]): string | undefined {
  if (samples.length < 8) return undefined;
  const quarter = Math.floor(samples.length / 4);
  const early = Math.max(...samples.slice(quarter, 2 * quarter));
  const late = Math.min(...samples.slice(samples.length - quarter));
  return late > early * 1.5 && late - early > 100
    ? `RSS climbed from ${early} MB to ${late} MB and kept climbing`
    : undefined;
}
