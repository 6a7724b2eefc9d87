import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { resolveSettings } from '../../common/src/contract';
import { applyEdits, createLanguageService, type Finding } from '../../server/src/service';
import { codesAndRanges, HARDENED_DEPLOYMENT, HPA_FOR_WEB, spanOf, spanOfValue } from '../helpers/service';

const D = HARDENED_DEPLOYMENT;
const H = HPA_FOR_WEB;

function edit(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), `fixture has no ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

/** A workspace of files: some open (validated), the rest only indexed, as the server does with files on disk. */
function workspace(files: Record<string, string>, settings: unknown = {}) {
  const service = createLanguageService();
  service.configure(resolveSettings(settings));
  for (const [name, text] of Object.entries(files)) service.indexFile(`file:///ws/${name}`, text);
  const versions = new Map<string, number>();
  return {
    service,
    validate(name: string, text = files[name]): Finding[] {
      const version = (versions.get(name) ?? 0) + 1;
      versions.set(name, version);
      return service.validate(TextDocument.create(`file:///ws/${name}`, 'yaml', version, text));
    },
  };
}

describe('k8s/hpa-target-no-requests (across files)', () => {
  const noCpu = edit(D, '              cpu: 100m\n', '');
  it("fires on the HPA's metric and on the Deployment's container, with links to the other end", () => {
    const ws = workspace({ 'deploy.yaml': noCpu, 'hpa.yaml': H });
    const onHpa = ws.validate('hpa.yaml');
    assert.deepEqual(codesAndRanges(onHpa), [`k8s/hpa-target-no-requests@${spanOfValue(H, '        name')}`]);
    assert.match(onHpa[0].message, /container "web" of Deployment "web" \(deploy\.yaml:4\) has no cpu request/);
    assert.equal(onHpa[0].relatedInformation?.[0].location.uri, 'file:///ws/deploy.yaml');
    const onDeployment = ws.validate('deploy.yaml');
    assert.deepEqual(codesAndRanges(onDeployment), [
      `k8s/resources-requests@${spanOf(noCpu, 'web', 4)}`,
      `k8s/hpa-target-no-requests@${spanOf(noCpu, 'web', 4)}`,
    ]);
  });

  it('the fix on the Deployment adds the request, and both ends go quiet', () => {
    const ws = workspace({ 'deploy.yaml': noCpu, 'hpa.yaml': H });
    const found = ws.validate('deploy.yaml').find((candidate) => candidate.code === 'k8s/hpa-target-no-requests')!;
    assert.equal(
      found.fixes.some((candidate) => candidate.isPreferred),
      false,
      'a placeholder request: a suggestion, never applied by fix-all',
    );
    const fix = found.fixes.find((candidate) => candidate.title === 'Add a cpu request (100m)')!;
    const fixed = applyEdits(noCpu, fix.edits);
    assert.deepEqual(ws.validate('deploy.yaml', fixed), []);
    assert.deepEqual(ws.validate('hpa.yaml'), []);
  });

  it('counts the implicit 80% cpu target of an HPA without metrics', () => {
    const bare = H.slice(0, H.indexOf('  metrics:'));
    const ws = workspace({ 'deploy.yaml': noCpu, 'hpa.yaml': bare });
    const findings = ws.validate('hpa.yaml');
    assert.deepEqual(codesAndRanges(findings), [`k8s/hpa-target-no-requests@${spanOf(bare, 'spec')}`]);
    assert.match(findings[0].message, /with no metrics, this HPA scales on 80% average cpu utilisation/);
  });

  it('a ContainerResource metric checks only its own container', () => {
    const sidecar = edit(
      D,
      '      containers:\n',
      '      containers:\n        - name: proxy\n          image: envoy:1.30\n',
    );
    const containerMetric = edit(
      edit(H, 'type: Resource', 'type: ContainerResource'),
      '      resource:\n        name: cpu\n',
      '      containerResource:\n        name: cpu\n        container: web\n',
    );
    const ws = workspace({ 'deploy.yaml': sidecar, 'hpa.yaml': containerMetric });
    assert.deepEqual(ws.validate('hpa.yaml'), []);
  });

  it('stays quiet when every container has the request, and across namespaces', () => {
    assert.deepEqual(workspace({ 'deploy.yaml': D, 'hpa.yaml': H }).validate('hpa.yaml'), []);
    // A Deployment of that name in another namespace is not the target: only the target-missing warning speaks.
    const other = edit(noCpu, '  name: web\n', '  name: web\n  namespace: other\n');
    assert.deepEqual(
      workspace({ 'deploy.yaml': other, 'hpa.yaml': H })
        .validate('hpa.yaml')
        .map((found) => found.code),
      ['k8s/hpa-target-missing'],
    );
  });
});

describe('k8s/replicas-with-hpa', () => {
  const withReplicas = edit(D, 'spec:\n  selector', 'spec:\n  replicas: 3\n  selector');
  it('fires on spec.replicas of a Deployment an HPA manages, and the fix removes it', () => {
    const ws = workspace({ 'all.yaml': withReplicas + '---\n' + H });
    const findings = ws.validate('all.yaml');
    assert.deepEqual(codesAndRanges(findings), [`k8s/replicas-with-hpa@${spanOf(withReplicas, 'replicas')}`]);
    const fixed = applyEdits(withReplicas + '---\n' + H, findings[0].fixes[0].edits);
    assert.equal(fixed, D + '---\n' + H);
    assert.deepEqual(ws.validate('all.yaml', fixed), []);
  });
  it('stays quiet without an HPA', () => {
    assert.deepEqual(workspace({ 'deploy.yaml': withReplicas }).validate('deploy.yaml'), []);
  });
});

describe('k8s/hpa-duplicate-target', () => {
  it('fires on both HPAs that target one Deployment', () => {
    const second = edit(H, 'metadata:\n  name: web', 'metadata:\n  name: web-memory');
    const ws = workspace({ 'deploy.yaml': D, 'a.yaml': H, 'b.yaml': second });
    assert.deepEqual(codesAndRanges(ws.validate('a.yaml')), [`k8s/hpa-duplicate-target@${spanOfValue(H, '    name')}`]);
    assert.match(ws.validate('b.yaml')[0].message, /also scaled by HPA "web" \(a\.yaml:4\)/);
  });
  it('stays quiet with one HPA per Deployment', () => {
    assert.deepEqual(workspace({ 'deploy.yaml': D, 'a.yaml': H }).validate('a.yaml'), []);
  });
  it('stays quiet on one HPA written twice (same name and namespace): versions in two folders, or as templates', () => {
    const v1 =
      'apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 2\n  maxReplicas: 10\n  targetCPUUtilizationPercentage: 70\n';
    const folders = workspace({ 'deploy.yaml': D, 'v1/hpa.yaml': v1, 'v2/hpa.yaml': H });
    assert.deepEqual(folders.validate('v1/hpa.yaml'), []);
    assert.deepEqual(folders.validate('v2/hpa.yaml'), []);
    const templated = edit(H, 'metadata:\n  name: web', 'metadata:\n  name: {{ include "web.fullname" . }}');
    const chart = workspace({ 'deploy.yaml': D, 'hpa-v1.yaml': templated, 'hpa-v2.yaml': templated });
    assert.deepEqual(chart.validate('hpa-v1.yaml'), []);
    // Another name in a namespace that is the same or unknown is another HPA.
    const other = edit(
      H,
      'metadata:\n  name: web',
      'metadata:\n  name: web-memory\n  namespace: {{ .Release.Namespace }}',
    );
    assert.deepEqual(codesAndRanges(workspace({ 'deploy.yaml': D, 'a.yaml': H, 'b.yaml': other }).validate('a.yaml')), [
      `k8s/hpa-duplicate-target@${spanOfValue(H, '    name')}`,
    ]);
  });
});

describe('k8s/hpa-container-missing', () => {
  const containerMetric = (container: string) =>
    edit(
      edit(H, 'type: Resource', 'type: ContainerResource'),
      '      resource:\n        name: cpu\n',
      `      containerResource:\n        name: cpu\n        container: ${container}\n`,
    );
  it('fires on a container the Deployment does not have, and the fix picks the near miss', () => {
    const text = containerMetric('wbe');
    const ws = workspace({ 'deploy.yaml': D, 'hpa.yaml': text });
    const findings = ws.validate('hpa.yaml');
    assert.deepEqual(codesAndRanges(findings), [`k8s/hpa-container-missing@${spanOfValue(text, '        container')}`]);
    assert.deepEqual(ws.validate('hpa.yaml', applyEdits(text, findings[0].fixes[0].edits)), []);
  });
  it('stays quiet on a container it has', () => {
    assert.deepEqual(workspace({ 'deploy.yaml': D, 'hpa.yaml': containerMetric('web') }).validate('hpa.yaml'), []);
  });
});

describe('k8s/hpa-target-missing', () => {
  it('is quiet when no Deployment of that name exists anywhere (it may live elsewhere)', () => {
    assert.deepEqual(workspace({ 'hpa.yaml': H }).validate('hpa.yaml'), []);
  });
  it('warns in strict mode', () => {
    const findings = workspace({ 'hpa.yaml': H }, { kubernetes: { strictTargets: true } }).validate('hpa.yaml');
    assert.deepEqual(codesAndRanges(findings), [`k8s/hpa-target-missing@${spanOfValue(H, '    name')}`]);
  });
  it('warns when the Deployment exists only in another namespace', () => {
    const elsewhere = edit(D, '  name: web\n', '  name: web\n  namespace: shop\n');
    const findings = workspace({ 'deploy.yaml': elsewhere, 'hpa.yaml': H }).validate('hpa.yaml');
    assert.deepEqual(
      findings.map((found) => found.code),
      ['k8s/hpa-target-missing'],
    );
    assert.match(findings[0].message, /no Deployment "web" in namespace "default"; there is one in namespace "shop"/);
  });
  it("treats a document without a namespace as being in its peers' namespace", () => {
    const explicit = edit(H, '  name: web\nspec', '  name: web\n  namespace: default\nspec');
    assert.deepEqual(workspace({ 'deploy.yaml': D, 'hpa.yaml': explicit }).validate('hpa.yaml'), []);
  });
  it('treats a templated namespace as unknown: it may be any, and the HPA finds its target there', () => {
    for (const namespace of ['{{ .Release.Namespace }}', '"{{ .Values.namespace }}"', '${NAMESPACE}']) {
      const deployment = edit(D, '  name: web\n', `  name: web\n  namespace: ${namespace}\n`);
      assert.deepEqual(workspace({ 'deploy.yaml': deployment, 'hpa.yaml': H }).validate('hpa.yaml'), [], namespace);
      const hpa = edit(H, '  name: web\nspec', `  name: web\n  namespace: ${namespace}\nspec`);
      const shop = edit(D, '  name: web\n', '  name: web\n  namespace: shop\n');
      assert.deepEqual(workspace({ 'deploy.yaml': shop, 'hpa.yaml': hpa }).validate('hpa.yaml'), [], namespace);
    }
    // Found, not just unreported: the target's missing cpu request is reported across the templated namespace.
    const noCpu = edit(
      edit(D, '              cpu: 100m\n', ''),
      '  name: web\n',
      '  name: web\n  namespace: {{ .Release.Namespace }}\n',
    );
    assert.deepEqual(
      workspace({ 'deploy.yaml': noCpu, 'hpa.yaml': H })
        .validate('hpa.yaml')
        .map((found) => found.code),
      ['k8s/hpa-target-no-requests'],
    );
  });
});

describe('a templated namespace in the other cross-object rules', () => {
  const templated = edit(D, '  name: web\n', '  name: web\n  namespace: {{ .Release.Namespace }}\n');
  const service =
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n      targetPort: http\n';
  const pdb =
    'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels:\n      app: web\n';
  it('a Service or PDB without a namespace selects the pods of a workload in a templated one', () => {
    const ws = workspace({ 'deploy.yaml': templated, 'service.yaml': service, 'pdb.yaml': pdb });
    assert.deepEqual(ws.validate('service.yaml'), []);
    assert.deepEqual(ws.validate('pdb.yaml'), []);
  });
  it('still warns across two literal namespaces', () => {
    const shop = edit(D, '  name: web\n', '  name: web\n  namespace: shop\n');
    const ws = workspace({ 'deploy.yaml': shop, 'service.yaml': service, 'pdb.yaml': pdb });
    assert.deepEqual(
      ws.validate('service.yaml').map((found) => found.code),
      ['k8s/service-selects-nothing'],
    );
    assert.deepEqual(
      ws.validate('pdb.yaml').map((found) => found.code),
      ['k8s/pdb-selects-nothing'],
    );
  });
});

describe('the workspace index follows files', () => {
  it("a change in one file changes the other file's diagnostics, and removing a file clears them", () => {
    const ws = workspace({ 'deploy.yaml': D, 'hpa.yaml': H });
    assert.deepEqual(ws.validate('hpa.yaml'), []);
    const before = ws.service.indexGeneration;
    ws.service.indexFile('file:///ws/deploy.yaml', edit(D, '              cpu: 100m\n', ''));
    assert.notEqual(ws.service.indexGeneration, before);
    assert.deepEqual(
      ws.validate('hpa.yaml').map((found) => found.code),
      ['k8s/hpa-target-no-requests'],
    );
    ws.service.removeFromIndex('file:///ws/deploy.yaml');
    assert.deepEqual(ws.validate('hpa.yaml'), []);
  });
  it('re-indexing an unchanged file does not bump the generation', () => {
    const ws = workspace({ 'deploy.yaml': D });
    ws.validate('deploy.yaml');
    const generation = ws.service.indexGeneration;
    ws.validate('deploy.yaml');
    assert.equal(ws.service.indexGeneration, generation);
  });
});

describe('suppression', () => {
  const latest = edit(D, 'image: nginx:1.25', 'image: nginx:latest');
  const one = (text: string, settings: unknown = {}) => workspace({ 'x.yaml': text }, settings).validate('x.yaml');

  it('the finding fires without suppression (control)', () => {
    assert.deepEqual(
      one(latest).map((found) => found.code),
      ['k8s/image-tag'],
    );
  });
  it('# shipshape-ignore on the line before', () => {
    assert.deepEqual(
      one(edit(latest, '          image: nginx', '          # shipshape-ignore k8s/image-tag\n          image: nginx')),
      [],
    );
  });
  it('# shipshape-ignore at the end of the line', () => {
    assert.deepEqual(
      one(edit(latest, 'image: nginx:latest', 'image: nginx:latest # shipshape-ignore k8s/image-tag')),
      [],
    );
  });
  it('an ignore comment for another rule does not suppress', () => {
    assert.deepEqual(
      one(
        edit(latest, '          image: nginx', '          # shipshape-ignore k8s/probes\n          image: nginx'),
      ).map((found) => found.code),
      ['k8s/image-tag'],
    );
  });
  it('# shipshape-ignore-file, with and without rule ids', () => {
    assert.deepEqual(one('# shipshape-ignore-file k8s/image-tag\n' + latest), []);
    assert.deepEqual(one('# shipshape-ignore-file\n' + edit(latest, 'apiVersion: apps/v1', 'apiVersion: v1')), []);
  });
  const annotated = (annotations: string) =>
    edit(latest, 'metadata:\n  name: web\n', `metadata:\n  name: web\n  annotations:\n${annotations}`);
  for (const [tool, annotation] of [
    ['kube-linter', '    ignore-check.kube-linter.io/latest-tag: "pinned by CI"\n'],
    ['kube-score', '    kube-score/ignore: pod-probes,container-image-tag\n'],
    ['Polaris', '    polaris.fairwinds.com/tagNotSpecified-exempt: "true"\n'],
    ['Shipshape', '    shipshape.dev/ignore: k8s/image-tag\n'],
  ]) {
    it(`honours ${tool}'s annotation for the same check`, () => {
      assert.deepEqual(one(annotated(annotation)), []);
    });
  }
  it('an annotation for another check does not suppress', () => {
    assert.deepEqual(
      one(annotated('    ignore-check.kube-linter.io/no-read-only-root-fs: "x"\n')).map((found) => found.code),
      ['k8s/image-tag'],
    );
  });
  it('per-rule severity and off from the settings', () => {
    assert.equal(one(latest, { rules: { 'k8s/image-tag': 'error' } })[0].severity, 1);
    assert.deepEqual(one(latest, { rules: { 'k8s/image-tag': 'off' } }), []);
  });
});
