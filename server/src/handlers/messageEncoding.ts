import type { ContentTypeEncoder, Diagnostic, Message, NotificationMessage } from 'vscode-languageserver/node';

/**
 * The UTF-8 JSON of each diagnostic, made once per diagnostic object. A large file's every publish sends thousands of
 * diagnostics, nearly all of them the very objects of the publish before (service/diagnostics.ts makes one per
 * finding, and the findings of unchanged documents are kept): encoding the whole message again was the largest cost
 * of an edit on an 87k-line file (~9 of ~25 ms of the server's work; copying the cached bytes takes ~1 ms).
 * Diagnostics are never changed after they are made (a clamped or shifted one is a new object), so the bytes stay
 * true.
 */
const diagnosticBytes = new WeakMap<Diagnostic, Buffer>();

/** Below this many diagnostics, a publish is encoded as any message: the cache would not pay for itself. */
const REUSE_FROM = 64;
const COMMA = 0x2c;

/** The message as UTF-8 JSON, equal to JSON.stringify(message) once parsed, with a publish's diagnostics reused. */
export function encodeMessage(message: Message): Buffer {
  const diagnostics = publishedDiagnostics(message);
  if (!diagnostics || diagnostics.length < REUSE_FROM) return Buffer.from(JSON.stringify(message), 'utf8');
  const { params, ...envelope } = message as NotificationMessage;
  const { diagnostics: _diagnostics, ...rest } = params as { diagnostics: Diagnostic[] };
  // The diagnostics last, in params last: the envelope's JSON ends with their empty array and the two closing braces.
  const shell = JSON.stringify({ ...envelope, params: { ...rest, diagnostics: [] } });
  const head = Buffer.from(shell.slice(0, -3), 'utf8');
  const tail = Buffer.from(shell.slice(-3), 'utf8');
  const parts = new Array<Buffer>(diagnostics.length);
  let length = head.length + tail.length + diagnostics.length - 1;
  for (let index = 0; index < diagnostics.length; index++) {
    const diagnostic = diagnostics[index];
    let bytes = diagnosticBytes.get(diagnostic);
    if (bytes === undefined) {
      bytes = Buffer.from(JSON.stringify(diagnostic), 'utf8');
      diagnosticBytes.set(diagnostic, bytes);
    }
    parts[index] = bytes;
    length += bytes.length;
  }
  // One copy into one buffer: joining the strings first, then encoding them, costs four times as much.
  const encoded = Buffer.allocUnsafe(length);
  encoded.set(head, 0);
  let offset = head.length;
  for (let index = 0; index < parts.length; index++) {
    if (index > 0) encoded[offset++] = COMMA;
    encoded.set(parts[index], offset);
    offset += parts[index].length;
  }
  encoded.set(tail, offset);
  return encoded;
}

function publishedDiagnostics(message: Message): Diagnostic[] | undefined {
  const notification = message as NotificationMessage;
  if (notification.method !== 'textDocument/publishDiagnostics') return undefined;
  const diagnostics = (notification.params as { diagnostics?: unknown } | undefined)?.diagnostics;
  return Array.isArray(diagnostics) ? (diagnostics as Diagnostic[]) : undefined;
}

/**
 * vscode-jsonrpc's JSON encoder, with encodeMessage: for the stream transports (stdio, a pipe, a socket), whose writer
 * takes a content encoder. Node's IPC channel (--node-ipc) serializes messages itself and cannot use it.
 */
export const MESSAGE_ENCODER: ContentTypeEncoder = {
  name: 'application/json',
  // The writer is made with charset utf-8 (transport.ts), the LSP's only encoding.
  encode: (message) => {
    try {
      return Promise.resolve(encodeMessage(message));
    } catch (error) {
      return Promise.reject(error);
    }
  },
};
