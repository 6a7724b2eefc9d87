import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type * as vscode from 'vscode';
import { BuiltImages } from '../../client/src/vscode/builtImages';

/** VS Code's workspaceState, in memory: a key-value store (what the Memento interface is), not a stand-in for logic. */
function memento(initial: Record<string, unknown> = {}): vscode.Memento {
  const values = new Map(Object.entries(initial));
  return {
    keys: () => [...values.keys()],
    get: (key: string, fallback?: unknown) => (values.has(key) ? values.get(key) : fallback),
    update: async (key: string, value: unknown) => void values.set(key, value),
  } as vscode.Memento;
}

describe('BuiltImages: the images Build Image built, for the server to link manifests to their Dockerfiles', () => {
  it('keeps the latest tag per Dockerfile, in build order', async () => {
    const images = new BuiltImages(memento());
    assert.deepEqual(images.records(), []);
    await images.remember('file:///ws/api/Dockerfile', 'acme/api:dev');
    await images.remember('file:///ws/web/Dockerfile', 'acme/web:1');
    const records = await images.remember('file:///ws/api/Dockerfile', 'acme/api:abc123');
    assert.deepEqual(records, [
      { dockerfile: 'file:///ws/web/Dockerfile', image: 'acme/web:1' },
      { dockerfile: 'file:///ws/api/Dockerfile', image: 'acme/api:abc123' },
    ]);
    assert.deepEqual(images.records(), records);
  });

  it('keeps the 50 latest, and ignores what is not a record', async () => {
    const images = new BuiltImages(
      memento({ 'shipshape.build.images': [{ dockerfile: 1 }, null, { dockerfile: 'file:///a', image: 'a' }] }),
    );
    assert.deepEqual(images.records(), [{ dockerfile: 'file:///a', image: 'a' }]);
    for (let index = 0; index < 60; index++) await images.remember(`file:///ws/${index}/Dockerfile`, `img-${index}`);
    const records = images.records();
    assert.equal(records.length, 50);
    assert.equal(records[0].image, 'img-10');
    assert.equal(records[49].image, 'img-59');
  });
});
