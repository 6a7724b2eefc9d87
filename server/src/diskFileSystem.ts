// fs.promises, not node:fs/promises: Node loads the promises API (a millisecond of `shipshape check`'s start-up) only
// when it is first used.
import { closeSync, constants, fstatSync, openSync, promises, readSync } from 'node:fs';
import type { FileSystem } from './service';

/** Config and ignore files beside a Dockerfile are small: anything larger is treated as absent. */
export const MAX_NEARBY_FILE_BYTES = 1_048_576;

/**
 * Opening a FIFO for reading blocks until a writer comes, unless non-blocking: with O_NONBLOCK the open returns at
 * once, and the fstat that follows refuses it. (On Windows the flag does not exist; FIFOs do not either.)
 */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * Reads a file only if it is a regular file of at most `maxBytes`: a FIFO, a socket, a device (a link to
 * /dev/zero), a directory, or a file over the limit comes back undefined, as a missing one does. The type and size
 * are checked on the open descriptor, so a file swapped for a FIFO between a stat and the read cannot block.
 */
export async function readRegularFile(path: string, maxBytes: number): Promise<string | undefined> {
  let handle;
  try {
    handle = await promises.open(path, OPEN_FLAGS);
    const stats = await handle.stat();
    if (!stats.isFile() || stats.size > maxBytes) return undefined;
    const buffer = Buffer.alloc(stats.size);
    let read = 0;
    while (read < stats.size) {
      const { bytesRead } = await handle.read(buffer, read, stats.size - read, read);
      if (bytesRead === 0) break; // truncated meanwhile: what is there is what we check
      read += bytesRead;
    }
    return buffer.toString('utf8', 0, read);
  } catch {
    // Missing or unreadable: the caller treats it as absent, exactly like a file that is not there.
    return undefined;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** The same, synchronously: for the CLI, which reads files one after another and has no editor to keep answering. */
export function readRegularFileSync(path: string, maxBytes: number): string | undefined {
  let descriptor: number | undefined;
  try {
    descriptor = openSync(path, OPEN_FLAGS);
    const stats = fstatSync(descriptor);
    if (!stats.isFile() || stats.size > maxBytes) return undefined;
    const buffer = Buffer.alloc(stats.size);
    let read = 0;
    while (read < stats.size) {
      const bytesRead = readSync(descriptor, buffer, read, stats.size - read, read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    return buffer.toString('utf8', 0, read);
  } catch {
    return undefined;
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}

/** The real disk for the CLI: regular files up to 1 MB. */
export const diskFileSystem: FileSystem = {
  readFile: (path: string) => readRegularFileSync(path, MAX_NEARBY_FILE_BYTES),
};

/**
 * The disk for the server, which never reads on its main path: the language service asks synchronously, and gets
 * what is cached. A path never read before is a miss (answered as absent) and is read asynchronously; the caller
 * (the validation scheduler) sees `pending` and validates again once `settled` resolves, so that no diagnostics are
 * published from a half-read set of files. A cached path older than `refreshMs` is answered from the cache and
 * re-read in the background once the validations that ask for it pause (`quietMs` without one asking a stale path):
 * a large manifest's every validation asks a few hundred paths (the Dockerfiles its images may be built from), and
 * re-reading them all in the middle of typing put hundreds of opens on the edits' path (npm run bench's first edits).
 * If a re-read text changed, `onChange` is told (the open documents are then re-validated).
 */
export class CachedDiskFileSystem implements FileSystem {
  private readonly cache = new Map<string, { text: string | undefined; readAt: number }>();
  private readonly loading = new Map<string, Promise<void>>();
  private cachedBytes = 0;
  private static readonly MAX_CACHED_BYTES = 32 * 1_048_576;
  private static readonly MAX_CACHED_PATHS = 4096;

  /** Stale paths asked for since the last refresh, re-read together once the asking pauses. */
  private readonly stale = new Set<string>();
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  /** When a stale path was last asked for, and when the first of those waiting was. */
  private staleAskedAt = 0;
  private staleSince = 0;

  constructor(
    private readonly onChange: () => void = () => undefined,
    private readonly refreshMs = 2000,
    private readonly quietMs = 400,
    /** Typing that never pauses still gets its files re-read this often. */
    private readonly maxWaitMs = 10_000,
  ) {}

  readFile(path: string): string | undefined {
    const cached = this.cache.get(path);
    if (!cached) {
      this.load(path, false);
      return undefined;
    }
    const now = Date.now();
    if (now - cached.readAt > this.refreshMs) this.refreshLater(path, now);
    return cached.text;
  }

  private refreshLater(path: string, now: number): void {
    if (this.stale.size === 0) this.staleSince = now;
    this.stale.add(path);
    this.staleAskedAt = now;
    if (this.refreshTimer) return;
    const check = () => {
      const at = Date.now();
      const quietFor = at - this.staleAskedAt;
      if (quietFor < this.quietMs && at - this.staleSince < this.maxWaitMs) {
        this.refreshTimer = setTimeout(check, this.quietMs - quietFor);
        this.refreshTimer.unref?.();
        return;
      }
      this.refreshTimer = undefined;
      const paths = [...this.stale];
      this.stale.clear();
      for (const stalePath of paths) this.load(stalePath, true);
    };
    this.refreshTimer = setTimeout(check, this.quietMs);
    this.refreshTimer.unref?.();
  }

  /** Whether a path asked for has not been read yet (a validation that asked for it is incomplete). */
  get pending(): boolean {
    for (const path of this.loading.keys()) if (!this.cache.has(path)) return true;
    return false;
  }

  /** Resolves when every read under way has finished. */
  async settled(): Promise<void> {
    while (this.loading.size > 0) await Promise.all([...this.loading.values()]);
  }

  /** A watched file changed on disk: forget it, so that the next validation reads it again. */
  invalidate(path: string): void {
    const cached = this.cache.get(path);
    if (cached) this.cachedBytes -= cached.text?.length ?? 0;
    this.cache.delete(path);
  }

  private load(path: string, refresh: boolean): void {
    if (this.loading.has(path)) return;
    const done = readRegularFile(path, MAX_NEARBY_FILE_BYTES).then((text) => {
      this.loading.delete(path);
      const before = this.cache.get(path);
      if (
        this.cache.size >= CachedDiskFileSystem.MAX_CACHED_PATHS ||
        this.cachedBytes > CachedDiskFileSystem.MAX_CACHED_BYTES
      ) {
        this.cache.clear();
        this.cachedBytes = 0;
      } else if (before) {
        this.cachedBytes -= before.text?.length ?? 0;
      }
      this.cache.set(path, { text, readAt: Date.now() });
      this.cachedBytes += text?.length ?? 0;
      if (refresh && before && before.text !== text) this.onChange();
    });
    this.loading.set(path, done);
  }
}
