import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { resolveSettings } from '../../common/src/contract';
import { createLanguageService, type FileSystem, type Finding } from '../../server/src/service';
import { isChartValuesFile } from '../../server/src/service/helm/valuesFiles';
import { HARDENED_DEPLOYMENT, HPA_FOR_WEB } from '../helpers/service';

/**
 * A chart's values files are Helm values: a `kind:` switch with template text for `tpl` in a block scalar is neither a
 * manifest nor a template (public charts' values.yaml gave 1,521 yaml/syntax warnings read as one). The files live in
 * a map that stands for the disk, as in kubernetes-units.test.ts.
 */
const VALUES = `store:
  kind: StatefulSet
  settings:
    retention: 24h
  config: |
    storage:
    {{- toYaml .Values.store.settings | nindent 2 }}
      path: /data
`;
/** A values set that reads as a whole Deployment (some charts take `extraObjects` this way): still values. */
const VALUES_LIKE_A_MANIFEST = HARDENED_DEPLOYMENT.replace('image: nginx:1.25', 'image: nginx');
const CHART = 'apiVersion: v2\nname: store\nversion: 0.1.0\n';

function workspace(files: Record<string, string>, valueFiles: string[] = []) {
  const disk: FileSystem = { readFile: (path) => files[path.replace(/^\/ws\//, '')] };
  const service = createLanguageService({ fileSystem: disk });
  service.configure(resolveSettings({ helm: { valueFiles } }));
  for (const [name, text] of Object.entries(files))
    if (/\.ya?ml$/.test(name)) service.indexFile(`file:///ws/${name}`, text);
  let version = 0;
  return {
    validate(name: string, text = files[name]): Finding[] {
      return service.validate(TextDocument.create(`file:///ws/${name}`, 'yaml', ++version, text));
    },
  };
}

const codes = (findings: readonly Finding[]) => findings.map((found) => found.code);

describe("a chart's values files", () => {
  const charts = new Set(['/w/app/Chart.yaml', '/w/app/charts/db/Chart.yaml']);
  const isFile = (path: string) => charts.has(path);

  it('are values*.yaml beside Chart.yaml, the YAML of its ci/, and what helm.valueFiles names', () => {
    for (const path of [
      '/w/app/values.yaml',
      '/w/app/values-prod.yaml',
      '/w/app/values.dev.yml',
      '/w/app/ci/default-values.yaml',
      '/w/app/charts/db/values.yaml',
    ])
      assert.equal(isChartValuesFile(path, isFile), true, path);
    assert.equal(isChartValuesFile('/w/app/env/prod.yaml', isFile, ['env/prod.yaml']), true);
    assert.equal(isChartValuesFile('/w/app/env/prod.yaml', isFile, ['./env/../env/prod.yaml']), true);
    assert.equal(isChartValuesFile('/w/shared/prod.yaml', isFile, ['/w/shared/prod.yaml']), true);
    assert.equal(isChartValuesFile('/w/env/prod.yaml', isFile, ['../env/prod.yaml']), true);
    assert.equal(isChartValuesFile('/c:/w/prod.yaml', isFile, ['C:\\w\\prod.yaml']), true);
  });

  it('but not templates, other files of the chart, values.yaml without a chart, nor a look-alike name', () => {
    for (const path of [
      '/w/app/templates/values.yaml',
      '/w/app/deploy.yaml',
      '/w/app/Chart.yaml',
      '/w/app/values.json',
      '/w/other/values.yaml',
      '/w/other/ci/default-values.yaml',
      '/w/app/my-values.yaml',
    ])
      assert.equal(isChartValuesFile(path, isFile), false, path);
    assert.equal(isChartValuesFile('/w/other/env/prod.yaml', isFile, ['env/prod.yaml']), false);
    assert.equal(isChartValuesFile('/w/app/env/dev.yaml', isFile, ['env/prod.yaml']), false);
  });
});

describe("a chart's values files are not checked as manifests", () => {
  it('quiet: values.yaml with a kind switch and template text for tpl; a manifest beside it is still checked', () => {
    const ws = workspace({
      'store/Chart.yaml': CHART,
      'store/values.yaml': VALUES,
      'store/extra.yaml': VALUES,
      'store/deploy.yaml': VALUES_LIKE_A_MANIFEST,
    });
    assert.deepEqual(ws.validate('store/values.yaml'), []);
    // The same text under another name is read by its content: broken YAML in what declares a kind.
    assert.ok(codes(ws.validate('store/extra.yaml')).includes('yaml/syntax'));
    assert.ok(codes(ws.validate('store/deploy.yaml')).includes('k8s/image-tag'));
  });

  it('fires without a chart: the same values.yaml in a plain folder is read by its content', () => {
    const ws = workspace({ 'plain/values.yaml': VALUES_LIKE_A_MANIFEST });
    assert.ok(codes(ws.validate('plain/values.yaml')).includes('k8s/image-tag'));
  });

  it('quiet: values-*.yaml, ci/ values and the files helm.valueFiles names, even when they read as a Deployment', () => {
    const ws = workspace(
      {
        'store/Chart.yaml': CHART,
        'store/values-prod.yaml': VALUES_LIKE_A_MANIFEST,
        'store/ci/default-values.yaml': VALUES_LIKE_A_MANIFEST,
        'store/env/staging.yaml': VALUES_LIKE_A_MANIFEST,
        'store/env/other.yaml': VALUES_LIKE_A_MANIFEST,
      },
      ['env/staging.yaml'],
    );
    for (const name of ['store/values-prod.yaml', 'store/ci/default-values.yaml', 'store/env/staging.yaml'])
      assert.deepEqual(ws.validate(name), [], name);
    assert.ok(codes(ws.validate('store/env/other.yaml')).includes('k8s/image-tag'));
  });

  it('a values file is no Deployment for the rules across files: an HPA in the chart does not find one there', () => {
    const hpa = HPA_FOR_WEB;
    const withValues = workspace({
      'store/Chart.yaml': CHART,
      'store/values.yaml': VALUES_LIKE_A_MANIFEST.replace('              cpu: 100m\n', ''),
      'store/hpa.yaml': hpa,
    });
    const asManifest = workspace({
      'store/Chart.yaml': CHART,
      'store/deploy.yaml': VALUES_LIKE_A_MANIFEST.replace('              cpu: 100m\n', ''),
      'store/hpa.yaml': hpa,
    });
    assert.ok(codes(asManifest.validate('store/hpa.yaml')).includes('k8s/hpa-target-no-requests'));
    assert.ok(!codes(withValues.validate('store/hpa.yaml')).includes('k8s/hpa-target-no-requests'));
  });
});

describe("a chart's values files get no manifest assists", () => {
  const files: Record<string, string> = { 'store/Chart.yaml': CHART, 'store/values.yaml': VALUES_LIKE_A_MANIFEST };
  const service = createLanguageService({ fileSystem: { readFile: (path) => files[path.replace(/^\/ws\//, '')] } });
  service.configure(resolveSettings({}));
  const open = (name: string, text: string) => TextDocument.create(`file:///ws/${name}`, 'yaml', 1, text);
  const kindLine = VALUES_LIKE_A_MANIFEST.split('\n').findIndex((line) => line.startsWith('kind:'));
  const imageLine = VALUES_LIKE_A_MANIFEST.split('\n').findIndex((line) => /^\s+image:/.test(line));

  it('none in values.yaml: no Deployment snippet in an empty one, no completion, hover or kind highlighting', async () => {
    assert.deepEqual((await service.complete(open('store/values.yaml', ''), { line: 0, character: 0 })).items, []);
    const values = open('store/values.yaml', VALUES_LIKE_A_MANIFEST);
    assert.deepEqual((await service.complete(values, { line: imageLine + 1, character: 10 })).items, []);
    assert.equal(await service.hover(values, { line: kindLine, character: 1 }), null);
    assert.deepEqual(service.semanticTokens(values), []);
  });

  it('the same text as a template of the chart, or outside a chart, gets them', async () => {
    for (const name of ['store/templates/deployment.yaml', 'elsewhere/values.yaml']) {
      const empty = await service.complete(open(name, ''), { line: 0, character: 0 });
      assert.ok(
        empty.items.some((item) => item.label === 'k8s-deployment'),
        name,
      );
      const manifest = open(name, VALUES_LIKE_A_MANIFEST);
      assert.notEqual(await service.hover(manifest, { line: kindLine, character: 1 }), null, name);
      assert.notDeepEqual(service.semanticTokens(manifest), [], name);
    }
  });
});
