import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { MarkupContent } from 'vscode-languageserver-types';
import { withCursor } from '../helpers/service';
import { makeDockerfile, serviceFor } from '../helpers/dockerfile';

async function complete(marked: string): Promise<string[]> {
  const { text, position } = withCursor(marked);
  const { document, folder } = makeDockerfile(text);
  const list = await serviceFor(folder).complete(document, position);
  return list.items.map((item) => item.label);
}

async function hover(marked: string): Promise<string | undefined> {
  const { text, position } = withCursor(marked);
  const { document, folder } = makeDockerfile(text);
  const result = await serviceFor(folder).hover(document, position);
  return result ? (result.contents as MarkupContent).value : undefined;
}

describe('Dockerfile completion', () => {
  it('offers every current COPY flag', async () => {
    assert.deepEqual(await complete('FROM debian:12\nCOPY --|'), [
      '--from',
      '--chown',
      '--chmod',
      '--link',
      '--parents',
      '--exclude',
    ]);
  });

  it('offers ADD and RUN flags of current BuildKit', async () => {
    assert.ok((await complete('FROM debian:12\nADD --|')).includes('--keep-git-dir'));
    assert.deepEqual(await complete('FROM debian:12\nRUN --|'), ['--mount', '--network', '--security']);
  });

  it('offers mount types and the options of the chosen type', async () => {
    assert.deepEqual(await complete('FROM debian:12\nRUN --mount=type=|'), ['bind', 'cache', 'tmpfs', 'secret', 'ssh']);
    assert.ok((await complete('FROM debian:12\nRUN --mount=type=cache,|')).includes('sharing'));
    assert.ok(!(await complete('FROM debian:12\nRUN --mount=type=secret,|')).includes('sharing'));
  });

  it('offers earlier stage names after --from= and in FROM', async () => {
    const text = 'FROM debian:12 AS build\nFROM debian:12 AS test\nFROM debian:12\nCOPY --from=|';
    assert.deepEqual(await complete(text), ['build', 'test']);
    assert.deepEqual(await complete('FROM debian:12 AS build\nFROM |'), ['build']);
  });

  it('offers variables in scope after $', async () => {
    const text = 'ARG GLOBAL=1\nFROM debian:12\nARG VERSION=2\nENV HOME_DIR=/srv\nLATER=x\nWORKDIR $|';
    assert.deepEqual(await complete(text), ['VERSION', 'HOME_DIR']);
  });

  it('falls back to dockerfile-language-service for keywords, offline', async () => {
    const labels = await complete('FROM debian:12\nWORK|');
    assert.ok(labels.includes('WORKDIR'));
    assert.deepEqual(await complete('FROM debian:|'), []);
  });
});

describe('Dockerfile hover', () => {
  it('shows a variable value and where it is defined', async () => {
    const value = await hover('FROM debian:12\nARG VERSION=1.2.3\nCOPY app-$VER|SION.tgz /opt/\n');
    assert.match(value ?? '', /\$VERSION/);
    assert.match(value ?? '', /1\.2\.3/);
    assert.match(value ?? '', /line 2/);
  });

  it('explains a flag', async () => {
    assert.match((await hover('FROM debian:12\nCOPY --li|nk a /b/\n')) ?? '', /independent layer/);
  });

  it('falls back to dockerfile-language-service for keywords', async () => {
    assert.match((await hover('FROM debian:12\nWORK|DIR /app\n')) ?? '', /working directory/i);
  });
});

describe('Dockerfile outline, folding, formatting', () => {
  it('nests instructions under their stage', () => {
    const { document, folder } = makeDockerfile(
      'FROM debian:12 AS build\nRUN make \\\n  all\nFROM scratch\nCOPY --from=build /a /a\n',
    );
    const symbols = serviceFor(folder).symbols(document);
    assert.deepEqual(
      symbols.map((symbol) => [symbol.name, symbol.children?.map((child) => child.name)]),
      [
        ['FROM', ['RUN']],
        ['FROM', ['COPY']],
      ],
    );
    assert.deepEqual(symbols[0].range, { start: { line: 0, character: 0 }, end: { line: 2, character: 5 } });
  });

  it('folds and formats through dockerfile-language-service', () => {
    const { document, folder } = makeDockerfile('FROM debian:12\n   RUN make\n');
    const service = serviceFor(folder);
    assert.deepEqual(service.format(document, { tabSize: 4, insertSpaces: true }), [
      { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } }, newText: '' },
    ]);
    assert.ok(Array.isArray(service.foldingRanges(document)));
  });
});
