import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CachedDiskFileSystem } from '../../server/src/diskFileSystem';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the server's cached disk (files beside manifests and Dockerfiles)", () => {
  const folder = mkdtempSync(join(tmpdir(), 'shipshape-cached-disk-'));
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('reads a path never asked before in the background, and answers it from the cache then', async () => {
    const path = join(folder, 'first');
    writeFileSync(path, 'FROM alpine\n');
    const files = new CachedDiskFileSystem();
    assert.equal(files.readFile(path), undefined);
    assert.equal(files.pending, true);
    await files.settled();
    assert.equal(files.pending, false);
    assert.equal(files.readFile(path), 'FROM alpine\n');
    assert.equal(files.readFile(join(folder, 'missing')), undefined);
    await files.settled();
    assert.equal(files.readFile(join(folder, 'missing')), undefined);
  });

  /**
   * A file read into a new cache (stale after `refreshMs`), then changed on disk and left until it is stale: the
   * cache, the path, and how many times the cache has told of a change.
   */
  async function changedOnDisk(name: string, before: string, after: string, timings: [number, number, number]) {
    const path = join(folder, name);
    writeFileSync(path, before);
    const told = { changes: 0 };
    const files = new CachedDiskFileSystem(() => told.changes++, ...timings);
    files.readFile(path);
    await files.settled();
    writeFileSync(path, after);
    await sleep(timings[0] * 2);
    return { files, path, told };
  }

  it('re-reads a stale path once the validations that ask for it pause, not while they go on', async () => {
    // Stale after 20 ms; re-read after 150 ms without a stale path asked for.
    const { files, path, told } = await changedOnDisk(
      'Dockerfile',
      'FROM alpine\n',
      'FROM alpine\nUSER root\n',
      [20, 150, 10_000],
    );
    // A burst of validations (an edit every 30 ms for 0.4 s) each asks for the path: the cached text serves them
    // all, and nothing is read meanwhile.
    for (let edit = 0; edit < 14; edit++) {
      assert.equal(files.readFile(path), 'FROM alpine\n', `edit ${edit}`);
      await sleep(30);
    }
    assert.equal(told.changes, 0);
    // The pause: the path is read again, the change is told, and the next validation sees the new text.
    await sleep(300);
    await files.settled();
    assert.equal(told.changes, 1);
    assert.equal(files.readFile(path), 'FROM alpine\nUSER root\n');
  });

  it('re-reads a stale path during typing that never pauses, once it has waited maxWaitMs', async () => {
    const { files, path, told } = await changedOnDisk(
      'Containerfile',
      'FROM busybox\n',
      'FROM busybox\nEXPOSE 8080\n',
      [10, 200, 250],
    );
    let seen = '';
    for (let edit = 0; edit < 40 && told.changes === 0; edit++) {
      seen = files.readFile(path) ?? '';
      await sleep(25);
    }
    await files.settled();
    assert.equal(told.changes, 1, `never re-read (last seen ${JSON.stringify(seen)})`);
    assert.equal(files.readFile(path), 'FROM busybox\nEXPOSE 8080\n');
  });
});
