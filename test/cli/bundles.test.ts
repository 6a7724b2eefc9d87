import { strict as assert } from 'node:assert';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const OUT = join(__dirname, '..', '..', '..', 'server', 'out');
const read = (name: string) => readFileSync(join(OUT, name), 'utf8');

/** Text that only the code of each analysis has (in the development and the minified build alike). */
const MARKERS = {
  'the YAML parser': 'YAMLParseError',
  "Ajv's schema validators": 'schemaPath',
  'dockerfile-ast': 'DockerfileParser',
};

describe('the bundles a process starts with hold only their wiring: the analyses load on first use (issue 16)', () => {
  it('the engines hold the analyses (so the markers below mean something)', () => {
    const kubernetes = read('kubernetesEngine.js');
    assert.ok(kubernetes.includes(MARKERS['the YAML parser']));
    assert.ok(kubernetes.includes(MARKERS["Ajv's schema validators"]));
    assert.ok(read('dockerfileEngine.js').includes(MARKERS['dockerfile-ast']));
  });

  it('the Kubernetes engine holds no Dockerfile parser: it loads the Dockerfile engine when an image is built here', () => {
    assert.ok(!read('kubernetesEngine.js').includes(MARKERS['dockerfile-ast']));
  });

  for (const bundle of ['serverMain.js', 'cli.js', 'cliMain.js']) {
    it(`${bundle} holds none of them (a static import of an analysis module would bring them back)`, () => {
      const text = read(bundle);
      const found = Object.entries(MARKERS).filter(([, marker]) => text.includes(marker));
      assert.deepEqual(
        found.map(([what]) => what),
        [],
      );
    });
  }

  it("the Kubernetes engine reads the kinds' schema definitions from a JSON file beside it, on first use", () => {
    const definitions = JSON.parse(read('kubernetesDefinitions.json')) as { definitions: Record<string, unknown> };
    assert.ok(definitions.definitions.V1PodSpec);
    const engine = read('kubernetesEngine.js');
    assert.match(engine, /kubernetesDefinitions\.json/);
    // A description only the definitions hold: bundled again, the engine's code cache would carry them once more.
    const description = 'List of containers belonging to the pod. Containers cannot currently be added';
    assert.ok(read('kubernetesDefinitions.json').includes(description));
    assert.ok(!engine.includes(description), 'the engine bundle does not hold the definitions');
  });

  it('server.js, what editors start, is only the loader of serverMain.js', () => {
    assert.ok(statSync(join(OUT, 'server.js')).size < 20_000);
    assert.match(read('server.js'), /serverMain\.js/);
  });

  it('cli.js, the `shipshape` bin, is only the loader of cliMain.js', () => {
    assert.ok(statSync(join(OUT, 'cli.js')).size < 20_000);
    assert.match(read('cli.js'), /cliMain\.js/);
    assert.ok(read('cli.js').startsWith('#!/usr/bin/env node\n'), 'a bin starts with its shebang');
  });
});
