import { ErrorCodes, LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';

/**
 * The server's last line of defence: a handler that throws (a rule, a library, a malformed message) answers its
 * request with an error response, or drops its notification, and the server keeps serving. Each distinct failure
 * is logged once (a fuzzer or a stuck editor would otherwise fill the log with the same stack).
 */
export class HandlerGuard {
  private readonly logged = new Set<string>();
  private static readonly MAX_LOGGED = 200;

  constructor(private readonly log: (message: string) => void) {}

  /** Logs a failure, once per place and message. */
  report(where: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    const key = `${where}\u0000${message}`;
    if (this.logged.has(key) || this.logged.size >= HandlerGuard.MAX_LOGGED) return;
    this.logged.add(key);
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    try {
      this.log(`${where} failed (logged once): ${detail}`);
    } catch {
      // The connection itself is gone: nothing left to tell.
    }
  }

  /**
   * Wraps a request handler: a ResponseError it throws (InvalidParams from `params.ts`) is the answer as it is;
   * anything else is logged and answered as InternalError. A request cancelled before or while it ran is answered
   * as cancelled, as `$/cancelRequest` asks. With a `fallback` (completion: no items, hover: none), a failure inside
   * the service or a library it calls (yaml-language-server) is answered with the fallback instead: the user sees
   * nothing rather than an error popup, the log has one line.
   */
  request<P, R>(
    method: string,
    handler: (params: P, token: CancellationToken) => R | Promise<R>,
    fallback?: { value: R },
  ) {
    return async (params: P, token: CancellationToken): Promise<R | ResponseError<void>> => {
      if (token?.isCancellationRequested) return cancelled(method);
      try {
        const result = await handler(params, token);
        return token?.isCancellationRequested ? cancelled(method) : result;
      } catch (error) {
        if (error instanceof ResponseError) return error;
        this.report(method, error);
        if (fallback) return fallback.value;
        return new ResponseError(
          ErrorCodes.InternalError,
          `${method} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    };
  }

  /** Wraps a notification handler (or any callback the server does not await): a throw or rejection is logged, never fatal. */
  notification<P>(method: string, handler: (params: P) => unknown) {
    return (params: P): void => {
      try {
        const result = handler(params);
        if (result instanceof Promise) result.catch((error: unknown) => this.report(method, error));
      } catch (error) {
        this.report(method, error);
      }
    };
  }
}

function cancelled(method: string): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, `${method} was cancelled`);
}
