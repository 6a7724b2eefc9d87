import { strict as assert } from 'node:assert';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { helmSkipReason, realHelm } from '../helpers/helm';
import { LspTestClient } from '../helpers/lspClient';

const CHART = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'helm', 'webapp');

function copyChart(): string {
  const folder = join(mkdtempSync(join(tmpdir(), 'shipshape-lsp-chart-')), 'webapp');
  cpSync(CHART, folder, { recursive: true });
  // A mistake only the rendering shows: the value comes from values.yaml.
  writeFileSync(
    join(folder, 'values.yaml'),
    readFileSync(join(folder, 'values.yaml'), 'utf8').replace('pullPolicy: IfNotPresent', 'pullPolicy: Sometimes'),
  );
  return folder;
}

const rendered = (params: PublishDiagnosticsParams) =>
  params.diagnostics.filter((diagnostic) => /rendered by helm/.test(diagnostic.message));
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((line) => line.includes(needle));

describe('background helm render over real LSP', { skip: helmSkipReason() }, () => {
  let chart: string;
  let client: LspTestClient;
  const logs: string[] = [];
  let uri: string;
  let text: string;

  before(async () => {
    chart = copyChart();
    uri = pathToFileURL(join(chart, 'templates', 'deployment.yaml')).href;
    text = readFileSync(join(chart, 'templates', 'deployment.yaml'), 'utf8');
    client = await LspTestClient.start({ helm: { path: realHelm() } }, {}, [], undefined, { workspaceTrusted: true });
    client.connection.onNotification('window/logMessage', (params: { message: string }) => logs.push(params.message));
  });
  after(async () => {
    await client.stop();
    rmSync(join(chart, '..'), { recursive: true, force: true });
  });

  it('a value from values.yaml that the API server rejects: on the template line that prints it', async () => {
    const published = client.nextDiagnostics(uri, (params) => rendered(params).length > 0);
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'yaml', version: 1, text },
    });
    const found = rendered(await published);
    assert.deepEqual(
      found.map((diagnostic) => `${diagnostic.code}@${diagnostic.range.start.line}`),
      [`k8s/schema-enum@${lineOf(text, 'imagePullPolicy')}`],
    );
  });

  it('a burst of edits: one render after the pause, on the latest text (unsaved), placed on its lines', async () => {
    const before = logs.filter((line) => line.startsWith('helm template')).length;
    let edited = text;
    for (let version = 2; version <= 11; version++) {
      edited = edited.replace('kind: Deployment\n', `kind: Deployment\n# edit ${version}\n`);
      await client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ text: edited }],
      });
    }
    const published = await client.nextDiagnostics(
      uri,
      (params) =>
        params.version === 11 &&
        rendered(params).some((diagnostic) => diagnostic.range.start.line === lineOf(edited, 'imagePullPolicy')),
    );
    assert.equal(rendered(published).length, 1, JSON.stringify(rendered(published)));
    assert.equal(logs.filter((line) => line.startsWith('helm template')).length - before, 1, logs.join('\n'));
  });

  it("a template helm cannot render: one diagnostic with helm's message, on the line it names; fixed, it goes", async () => {
    const broken = text.replace('{{ .Values.image.pullPolicy }}', '{{ .Values.image.pullPolicy | nosuchfunction }}');
    const failed = client.nextDiagnostics(uri, (params) =>
      params.diagnostics.some((diagnostic) => diagnostic.code === 'helm/render-failed'),
    );
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 12 },
      contentChanges: [{ text: broken }],
    });
    const published = await failed;
    const failures = published.diagnostics.filter((diagnostic) => diagnostic.code === 'helm/render-failed');
    assert.equal(failures.length, 1);
    assert.equal(failures[0].range.start.line, lineOf(broken, 'nosuchfunction'));
    assert.match(failures[0].message, /function "nosuchfunction" not defined/);
    const healed = client.nextDiagnostics(
      uri,
      (params) =>
        params.version === 13 &&
        rendered(params).length === 1 &&
        !params.diagnostics.some((diagnostic) => diagnostic.code === 'helm/render-failed'),
    );
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 13 },
      contentChanges: [{ text }],
    });
    await healed;
    assert.ok(client.alive);
  });
});

describe('a chart with a missing dependency over real LSP', { skip: helmSkipReason() }, () => {
  it('information on its Chart.yaml (not open): run helm dependency build; no error', async () => {
    const chart = copyChart();
    writeFileSync(
      join(chart, 'Chart.yaml'),
      readFileSync(join(chart, 'Chart.yaml'), 'utf8') +
        'dependencies:\n  - name: common\n    version: 2.x\n    repository: https://charts.example.com\n',
    );
    const client = await LspTestClient.start({ helm: { path: realHelm() } }, {}, [], undefined, {
      workspaceTrusted: true,
    });
    try {
      const chartUri = pathToFileURL(join(chart, 'Chart.yaml')).href;
      const failed = client.nextDiagnostics(chartUri, (params) => params.diagnostics.length > 0);
      const uri = pathToFileURL(join(chart, 'templates', 'deployment.yaml')).href;
      await client.open(uri, 'yaml', readFileSync(join(chart, 'templates', 'deployment.yaml'), 'utf8'));
      const published = await failed;
      assert.deepEqual(
        published.diagnostics.map((diagnostic) => `${diagnostic.code}@${diagnostic.range.start.line}`),
        ['helm/dependencies-missing@0'],
      );
      assert.equal(published.diagnostics[0].severity, 3);
      assert.match(published.diagnostics[0].message, /its dependency common is not downloaded.*helm dependency build/);
      assert.ok(client.alive);
    } finally {
      await client.stop();
      rmSync(join(chart, '..'), { recursive: true, force: true });
    }
  });
});

describe(
  'a chart that probes .Capabilities.APIVersions for a group/version/Kind, over real LSP',
  {
    skip: helmSkipReason(),
  },
  () => {
    it('is rendered for the target cluster: policy/v1 where it serves it, no removed-apiVersion error', async () => {
      const chart = join(mkdtempSync(join(tmpdir(), 'shipshape-lsp-chart-')), 'pdb');
      mkdirSync(join(chart, 'templates'), { recursive: true });
      writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: pdb\nversion: 0.1.0\n');
      // A budget only the rendering shows is wrong, so that the rendering is seen to have been checked.
      writeFileSync(join(chart, 'values.yaml'), 'maxUnavailable: 1.5\n');
      const text =
        '{{- if .Capabilities.APIVersions.Has "policy/v1/PodDisruptionBudget" }}\napiVersion: policy/v1\n{{- else }}\napiVersion: policy/v1beta1\n{{- end }}\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  maxUnavailable: {{ .Values.maxUnavailable }}\n  selector:\n    matchLabels:\n      app: web\n';
      writeFileSync(join(chart, 'templates', 'pdb.yaml'), text);
      const client = await LspTestClient.start({ helm: { path: realHelm() } }, {}, [], undefined, {
        workspaceTrusted: true,
      });
      try {
        const uri = pathToFileURL(join(chart, 'templates', 'pdb.yaml')).href;
        const withRendering = client.nextDiagnostics(uri, (params) => rendered(params).length > 0, 30_000);
        await client.open(uri, 'yaml', text);
        assert.deepEqual(
          rendered(await withRendering).map((diagnostic) => `${diagnostic.code}@${diagnostic.range.start.line}`),
          [`k8s/pdb-budget@${lineOf(text, 'maxUnavailable')}`],
        );
      } finally {
        await client.stop();
        rmSync(join(chart, '..'), { recursive: true, force: true });
      }
    });
  },
);

describe('a chart whose defaults leave out a value it requires, over real LSP', { skip: helmSkipReason() }, () => {
  it("is rendered with its own ci/default-values.yaml, and the rendering's findings are placed", async () => {
    const chart = copyChart();
    writeFileSync(
      join(chart, 'templates', 'secret.yaml'),
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: {{ required "dbPassword is required" .Values.dbPassword }}\n',
    );
    mkdirSync(join(chart, 'ci'));
    writeFileSync(join(chart, 'ci', 'default-values.yaml'), 'dbPassword: secret\n');
    const client = await LspTestClient.start({ helm: { path: realHelm() } }, {}, [], undefined, {
      workspaceTrusted: true,
    });
    try {
      const uri = pathToFileURL(join(chart, 'templates', 'deployment.yaml')).href;
      const text = readFileSync(join(chart, 'templates', 'deployment.yaml'), 'utf8');
      const withRendering = client.nextDiagnostics(uri, (params) => rendered(params).length > 0, 30_000);
      await client.open(uri, 'yaml', text);
      const found = rendered(await withRendering);
      assert.deepEqual(
        found.map((diagnostic) => `${diagnostic.code}@${diagnostic.range.start.line}`),
        [`k8s/schema-enum@${lineOf(text, 'imagePullPolicy')}`],
      );
      assert.match(found[0].message, /rendered by helm with ci\/default-values\.yaml/);
    } finally {
      await client.stop();
      rmSync(join(chart, '..'), { recursive: true, force: true });
    }
  });
});

describe(
  'a deprecated chart (helm 4 logs a warning first) that requires a value, over real LSP',
  { skip: helmSkipReason() },
  () => {
    it('is rendered with its ci/ values; its values.yaml, opened, is values: no diagnostics', async () => {
      const chart = join(mkdtempSync(join(tmpdir(), 'shipshape-lsp-chart-')), 'deprecated-web');
      cpSync(join(CHART, '..', 'deprecated-web'), chart, { recursive: true });
      // A kind switch and template text for `tpl` in the values: neither a manifest nor a template.
      const values =
        readFileSync(join(chart, 'values.yaml'), 'utf8') +
        'store:\n  kind: StatefulSet\n  config: |\n    storage:\n    {{- toYaml .Values.resources | nindent 2 }}\n';
      writeFileSync(join(chart, 'values.yaml'), values);
      const client = await LspTestClient.start({ helm: { path: realHelm() } }, {}, [], undefined, {
        workspaceTrusted: true,
      });
      try {
        const uri = pathToFileURL(join(chart, 'templates', 'deployment.yaml')).href;
        const text = readFileSync(join(chart, 'templates', 'deployment.yaml'), 'utf8');
        const withRendering = client.nextDiagnostics(uri, (params) => rendered(params).length > 0, 30_000);
        await client.open(uri, 'yaml', text);
        const published = await withRendering;
        assert.deepEqual(
          rendered(published).map((diagnostic) => `${diagnostic.code}@${diagnostic.range.start.line}`),
          [`k8s/resources-requests@${lineOf(text, '- name: proxy')}`],
        );
        assert.match(rendered(published)[0].message, /rendered by helm with ci\/default-values\.yaml/);
        assert.deepEqual(
          published.diagnostics.filter((diagnostic) => String(diagnostic.code).startsWith('helm/')),
          [],
        );
        const valuesPublished = await client.open(pathToFileURL(join(chart, 'values.yaml')).href, 'yaml', values);
        assert.deepEqual(valuesPublished.diagnostics, []);
      } finally {
        await client.stop();
        rmSync(join(chart, '..'), { recursive: true, force: true });
      }
    });
  },
);

describe('no helm for an untrusted workspace', { skip: helmSkipReason() }, () => {
  it('the template is checked as a template; helm never runs', async () => {
    const chart = copyChart();
    const client = await LspTestClient.start({ helm: { path: realHelm() } });
    const said = new Promise<string>((resolve) =>
      client.connection.onNotification('window/logMessage', (params: { message: string }) => {
        if (/not trusted/.test(params.message)) resolve(params.message);
      }),
    );
    try {
      const uri = pathToFileURL(join(chart, 'templates', 'deployment.yaml')).href;
      const published = await client.open(
        uri,
        'yaml',
        readFileSync(join(chart, 'templates', 'deployment.yaml'), 'utf8'),
      );
      assert.deepEqual(
        published.diagnostics.filter((diagnostic) => diagnostic.severity === 1),
        [],
      );
      assert.match(await said, /not rendered: the workspace is not trusted/);
    } finally {
      await client.stop();
      rmSync(join(chart, '..'), { recursive: true, force: true });
    }
  });
});
