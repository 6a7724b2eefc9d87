import type { ContentTypeEncoder, Diagnostic, Message, NotificationMessage } from 'vscode-languageserver/node';

/**
 * The UTF-8 JSON of each diagnostic, made once per diagnostic object. A large file's every publish sends thousands of
 * diagnostics, nearly all of them the very objects of the publish before (service/diagnostics.ts makes one per
 * finding, and the findings of unchanged documents are kept): encoding the whole message again was the largest cost
 * of an edit on an 87k-line file (~9 of ~25 ms of the server's work).
 * Diagnostics are never changed after they are made (a clamped or shifted one is a new object), so the bytes stay
 * true.
 */
const diagnosticBytes = new WeakMap<Diagnostic, Buffer>();

/**
 * A document's last encoded publish: its diagnostics, the message's bytes and where each diagnostic's JSON starts and
 * ends in them. An edit changes the diagnostics of one document of the file, so the next publish shares a prefix
 * and a suffix of the very same objects with this one: each is copied as one slice, not item by item (8,000 copies of
 * ~300 bytes took ~4 ms; two slices, well under 1).
 */
interface EncodedPublish {
  diagnostics: readonly Diagnostic[];
  bytes: Buffer;
  starts: Uint32Array;
  ends: Uint32Array;
  /**
   * With `reuseBuffers`: the memory of the publish before this one, already written, where the next one is encoded.
   * A fresh 2.6 MB buffer cost 8-9 ms per edit of the 87k-line file, nearly all of it the first touch of its pages
   * (the copy itself, under 1 ms); two buffers used in turn are touched once.
   */
  spare?: Buffer;
}
const lastPublish = new Map<string, EncodedPublish>();

/** Below this many diagnostics, a publish is encoded as any message: the caches would not pay for themselves. */
const REUSE_FROM = 64;
const COMMA = 0x2c;

/**
 * The message as UTF-8 JSON, equal to JSON.stringify(message) once parsed, with a publish's diagnostics reused.
 * With `reuseBuffers`, a large publish's bytes are valid only until the next-but-one call for its document, which
 * writes into them: only for a writer that has sent each message before it encodes the next (MESSAGE_ENCODER's).
 */
export function encodeMessage(message: Message, reuseBuffers = false): Buffer {
  const diagnostics = publishedDiagnostics(message);
  const uri = (message as NotificationMessage & { params?: { uri?: unknown } }).params?.uri;
  if (!diagnostics || diagnostics.length < REUSE_FROM || typeof uri !== 'string') {
    // A closed document's publish is empty: its last one's bytes are let go.
    if (typeof uri === 'string') lastPublish.delete(uri);
    return Buffer.from(JSON.stringify(message), 'utf8');
  }
  const { params, ...envelope } = message as NotificationMessage;
  const { diagnostics: _diagnostics, ...rest } = params as { diagnostics: Diagnostic[] };
  // The diagnostics last, in params last: the envelope's JSON ends with their empty array and the two closing braces.
  const shell = JSON.stringify({ ...envelope, params: { ...rest, diagnostics: [] } });
  const head = Buffer.from(shell.slice(0, -3), 'utf8');
  const tail = Buffer.from(shell.slice(-3), 'utf8');
  const encoded = encodePublish(diagnostics, lastPublish.get(uri), head, tail, reuseBuffers);
  lastPublish.set(uri, encoded);
  return encoded.bytes;
}

/**
 * The message: `head`, the comma-separated JSON of the diagnostics (the prefix and suffix they share with the last
 * publish copied whole), `tail`. One buffer, written once: a second 2.6 MB copy brought the garbage collector in.
 */
function encodePublish(
  diagnostics: readonly Diagnostic[],
  last: EncodedPublish | undefined,
  head: Buffer,
  tail: Buffer,
  reuseBuffers: boolean,
): EncodedPublish {
  const count = diagnostics.length;
  let prefix = 0;
  let suffix = 0;
  if (last) {
    const before = last.diagnostics;
    const most = Math.min(count, before.length);
    while (prefix < most && diagnostics[prefix] === before[prefix]) prefix++;
    while (suffix < most - prefix && diagnostics[count - 1 - suffix] === before[before.length - 1 - suffix]) suffix++;
  }
  const middle = new Array<Buffer>(count - prefix - suffix);
  // The commas between the items, but those inside the copied prefix and suffix (copied with them).
  let length = count - 1 - Math.max(0, prefix - 1) - Math.max(0, suffix - 1);
  for (let index = prefix; index < count - suffix; index++) {
    const diagnostic = diagnostics[index];
    let bytes = diagnosticBytes.get(diagnostic);
    if (bytes === undefined) {
      bytes = Buffer.from(JSON.stringify(diagnostic), 'utf8');
      diagnosticBytes.set(diagnostic, bytes);
    }
    middle[index - prefix] = bytes;
    length += bytes.length;
  }
  // The shared prefix and suffix: their bytes' lengths from the last publish's item offsets.
  const prefixBytes = prefix > 0 ? last!.ends[prefix - 1] - last!.starts[0] : 0;
  const suffixFrom = suffix > 0 ? last!.diagnostics.length - suffix : 0;
  const suffixBytes = suffix > 0 ? last!.ends[last!.diagnostics.length - 1] - last!.starts[suffixFrom] : 0;
  length += prefixBytes + suffixBytes;

  const size = head.length + length + tail.length;
  const spare = reuseBuffers && last?.spare && last.spare.length >= size ? last.spare : undefined;
  // Room to grow: the next publishes of the file are about as large, and then fit in it.
  const bytes = (spare ?? Buffer.allocUnsafeSlow(reuseBuffers ? size + (size >> 3) : size)).subarray(0, size);
  bytes.set(head, 0);
  const starts = new Uint32Array(count);
  const ends = new Uint32Array(count);
  let offset = head.length;
  if (prefix > 0) {
    last!.bytes.copy(bytes, offset, last!.starts[0], last!.ends[prefix - 1]);
    const shift = offset - last!.starts[0];
    for (let index = 0; index < prefix; index++) {
      starts[index] = last!.starts[index] + shift;
      ends[index] = last!.ends[index] + shift;
    }
    offset += prefixBytes;
  }
  for (let index = prefix; index < count - suffix; index++) {
    if (index > 0) bytes[offset++] = COMMA;
    const item = middle[index - prefix];
    starts[index] = offset;
    bytes.set(item, offset);
    offset += item.length;
    ends[index] = offset;
  }
  if (suffix > 0) {
    if (count - suffix > 0) bytes[offset++] = COMMA;
    const from = last!.starts[suffixFrom];
    last!.bytes.copy(bytes, offset, from, last!.ends[last!.diagnostics.length - 1]);
    const shift = offset - from;
    for (let index = 0; index < suffix; index++) {
      starts[count - suffix + index] = last!.starts[suffixFrom + index] + shift;
      ends[count - suffix + index] = last!.ends[suffixFrom + index] + shift;
    }
    offset += suffixBytes;
  }
  bytes.set(tail, offset);
  return {
    diagnostics: [...diagnostics],
    bytes,
    starts,
    ends,
    ...(reuseBuffers && last ? { spare: wholeBuffer(last.bytes) } : {}),
  };
}

/** The whole allocation a buffer is a view of (a publish's bytes are the start of theirs). */
function wholeBuffer(bytes: Buffer): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.buffer.byteLength - bytes.byteOffset);
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
      // vscode-jsonrpc's stream writer encodes a message only once the one before is written (its write lock is
      // held from the encoding to the stream's write callback), so the buffer of the publish before last is free.
      return Promise.resolve(encodeMessage(message, true));
    } catch (error) {
      return Promise.reject(error);
    }
  },
};
