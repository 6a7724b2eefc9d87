import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { resolveSettings } from '../../common/src/contract';
import {
  BACKGROUND_MIN_CHARS,
  createLanguageService,
  runBackgroundWork,
  type ShipshapeLanguageService,
} from '../../server/src/service';

function deployments(count: number): string {
  return Array.from(
    { length: count },
    (_, index) => `---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${index}
spec:
  replicas: ${index % 3 === 0 ? '"2"' : 2}
  selector:
    matchLabels:
      app: app-${index}
  template:
    metadata:
      labels:
        app: app-${index}
    spec:
      containers:
        - name: web
          image: nginx:latest
`,
  ).join('');
}

function dockerfile(lines: number): string {
  return (
    'FROM debian\n' +
    Array.from({ length: lines }, (_, index) =>
      index % 20 === 0 ? `RUN apt-get install -y curl${index} && cd /tmp` : `COPY a${index} /b${index}`,
    ).join('\n') +
    '\n'
  );
}

/** Runs a document's background work as the worker thread does (a service of its own), and hands the result back. */
function inTheBackground(service: ShipshapeLanguageService, document: TextDocument): void {
  const work = service.backgroundWork(document);
  assert.ok(work, 'a large document has background work');
  const worker = createLanguageService();
  const result = runBackgroundWork(structuredClone(work), (dockerDocument, workSettings, shellcheck) => {
    worker.configure(workSettings);
    worker.shellcheckResults.restore(dockerDocument.uri, shellcheck);
    return worker.validate(dockerDocument);
  });
  service.completeBackgroundWork(work, structuredClone(result));
}

describe('background work: a large document validated off the main thread gives the same findings', () => {
  const settings = resolveSettings({ rules: { 'k8s/image-tag': 'error', DL3003: 'off' } });

  for (const [language, text] of [
    ['yaml', deployments(1100)],
    ['dockerfile', dockerfile(6000)],
  ] as const) {
    it(`${language}: the findings equal a validation in place, and the next validation needs no background`, () => {
      assert.ok(text.length >= BACKGROUND_MIN_CHARS[language], `${text.length} chars`);
      const uri = language === 'yaml' ? 'file:///ws/big.yaml' : 'file:///ws/Dockerfile';
      const document = TextDocument.create(uri, language, 1, text);
      const direct = createLanguageService();
      direct.configure(settings);
      const expected = direct.validate(document);
      assert.ok(expected.length > 100);

      const service = createLanguageService();
      service.configure(settings);
      inTheBackground(service, document);
      assert.equal(service.backgroundWork(document), undefined);
      assert.deepEqual(service.validate(document), expected);
      // Fix-all is served from those findings.
      assert.deepEqual(service.fixAll(document), direct.fixAll(document));
    });
  }

  it('a small document has none', () => {
    const service = createLanguageService();
    assert.equal(service.backgroundWork(TextDocument.create('file:///s.yaml', 'yaml', 1, deployments(3))), undefined);
    assert.equal(
      service.backgroundWork(TextDocument.create('file:///Dockerfile', 'dockerfile', 1, 'FROM a\n')),
      undefined,
    );
  });

  it('a Dockerfile validated in the background for one version is validated afresh in the next, and under new settings', () => {
    const service = createLanguageService();
    service.configure(settings);
    const first = TextDocument.create('file:///ws/v/Dockerfile', 'dockerfile', 1, dockerfile(6000));
    inTheBackground(service, first);
    const second = TextDocument.create(first.uri, 'dockerfile', 2, 'FROM alpine:3\n' + first.getText());
    assert.ok(service.backgroundWork(second), 'the newer version needs its own');
    const direct = createLanguageService();
    direct.configure(settings);
    assert.deepEqual(service.validate(second), direct.validate(second));
    inTheBackground(service, first);
    service.configure(resolveSettings({}));
    assert.ok(service.backgroundWork(first), 'new settings: validated again');
  });

  it('code actions on a large document not yet validated in this version answer nothing at once', () => {
    const service = createLanguageService();
    const document = TextDocument.create('file:///ws/ca/big.yaml', 'yaml', 1, deployments(1100));
    const started = Date.now();
    assert.deepEqual(service.fixAll(document), []);
    assert.deepEqual(
      service.codeActions(document, { start: { line: 0, character: 0 }, end: { line: 5, character: 0 } }, []),
      [],
    );
    assert.ok(Date.now() - started < 500);
  });
});

describe('the language service does not load an LSP library (issue 11 item 3)', () => {
  it('loading it and validating YAML and a Dockerfile loads neither yaml-language-server nor vscode-languageserver', () => {
    const service = join(__dirname, '..', '..', 'server', 'src', 'service');
    const script = `const { createLanguageService } = require(${JSON.stringify(service)});
      const { TextDocument } = require('vscode-languageserver-textdocument');
      const s = createLanguageService();
      s.validate(TextDocument.create('file:///a.yaml', 'yaml', 1, 'apiVersion: apps/v1\\nkind: Deployment\\n'));
      s.validate(TextDocument.create('file:///Dockerfile', 'dockerfile', 1, 'FROM a\\n'));
      process.stdout.write(JSON.stringify(Object.keys(require.cache).filter((path) => /node_modules[\\\\/](yaml-language-server|vscode-languageserver)[\\\\/]/.test(path))));`;
    assert.deepEqual(JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })), []);
  });

  it('without a schema language, completion still offers kinds and versions, and schema keys need the port', async () => {
    const text = 'apiVersion: apps/v1\nkind: Deployment\nspec:\n  \n';
    const without = await createLanguageService().complete(TextDocument.create('file:///p.yaml', 'yaml', 1, text), {
      line: 3,
      character: 2,
    });
    assert.equal(without.items.length, 0);
    const asked: string[] = [];
    const service = createLanguageService({
      schemaLanguage: () => ({
        complete: async (document) => {
          asked.push(document.getText());
          return { isIncomplete: false, items: [{ label: 'replicas' }] };
        },
        hover: async () => null,
      }),
    });
    const list = await service.complete(TextDocument.create('file:///q.yaml', 'yaml', 1, text), {
      line: 3,
      character: 2,
    });
    assert.deepEqual(
      list.items.map((item) => item.label),
      ['replicas'],
    );
    assert.deepEqual(asked, [text]);
    const kinds = await service.complete(TextDocument.create('file:///r.yaml', 'yaml', 1, 'kind: \n'), {
      line: 0,
      character: 6,
    });
    assert.ok(kinds.items.some((item) => item.label === 'Deployment'));
  });
});
