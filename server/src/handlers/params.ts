import { ErrorCodes, ResponseError, type FormattingOptions, type Position, type Range } from 'vscode-languageserver';

/**
 * Checks of request parameters before they reach the language service: a client that sends a null position or no
 * code action context gets InvalidParams (its mistake), not an InternalError (ours), and the service only ever
 * sees well-formed positions.
 */

function invalid(message: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, message);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isIndex(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

export function isPosition(value: unknown): value is Position {
  return isObject(value) && isIndex(value.line) && isIndex(value.character);
}

export function isRange(value: unknown): value is Range {
  return isObject(value) && isPosition(value.start) && isPosition(value.end);
}

/** The document's URI, or InvalidParams. */
export function documentUri(params: unknown): string {
  const textDocument = isObject(params) ? params.textDocument : undefined;
  if (!isObject(textDocument) || typeof textDocument.uri !== 'string')
    throw invalid('textDocument.uri must be a string');
  return textDocument.uri;
}

export function requirePosition(params: unknown): Position {
  const position = isObject(params) ? params.position : undefined;
  if (!isPosition(position)) throw invalid('position must have non-negative integer line and character');
  return position;
}

export function requireRange(params: unknown): Range {
  const range = isObject(params) ? params.range : undefined;
  if (!isRange(range)) throw invalid('range must have a start and an end position');
  return range;
}

/** A code action request's context: its diagnostics must be an array (it may be empty), `only` a list of kinds. */
export function requireCodeActionContext(params: unknown): { diagnostics: unknown[]; only?: string[] } {
  const context = isObject(params) ? params.context : undefined;
  if (!isObject(context) || !Array.isArray(context.diagnostics)) throw invalid('context.diagnostics must be an array');
  if (
    context.only !== undefined &&
    !(Array.isArray(context.only) && context.only.every((kind) => typeof kind === 'string'))
  ) {
    throw invalid('context.only must be an array of code action kinds');
  }
  return { diagnostics: context.diagnostics, only: context.only as string[] | undefined };
}

/** The diagnostics of a code action context that are well formed enough to match findings with (the rest are ignored). */
export function wellFormedDiagnostics<D>(diagnostics: unknown[]): D[] {
  return diagnostics.filter((diagnostic) => isObject(diagnostic) && isRange(diagnostic.range)) as D[];
}

/** Formatting options within sane bounds: a tab size of 1e9 would allocate gigabytes of spaces. */
export const MAX_TAB_SIZE = 16;

export function requireFormattingOptions(params: unknown): FormattingOptions {
  const options = isObject(params) ? params.options : undefined;
  if (!isObject(options)) throw invalid('options must be an object');
  const tabSize =
    typeof options.tabSize === 'number' && Number.isFinite(options.tabSize) ? Math.floor(options.tabSize) : 4;
  return {
    ...options,
    tabSize: Math.min(MAX_TAB_SIZE, Math.max(1, tabSize)),
    insertSpaces: options.insertSpaces !== false,
  } as FormattingOptions;
}
