import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  KUBERNETES_VERSIONS,
  resolveKubernetesVersion,
  resolveSettings,
  type KubernetesVersion,
} from '../../common/src/contract';
import { createLanguageService } from '../../server/src/service';
import { yamlLanguageServer } from '../../server/src/yamlLanguageServer';
import { ManifestDocument, type KnownManifest } from '../../server/src/service/kubernetes/manifest';
import { apiVersionRule } from '../../server/src/service/kubernetes/rules/apiVersion';
import { ADVISORY_OFF, spanOf, withCursor, yaml } from '../helpers/service';
import { NEWER_FIELDS } from './rule-cases/versions';

const ROOT = join(__dirname, '..', '..', '..');

function serviceAt(version: string) {
  // Completion and hover go through yaml-language-server, which the server injects (service/yaml/schemaLanguage.ts).
  const service = createLanguageService({ schemaLanguage: yamlLanguageServer });
  service.configure(resolveSettings({ ...ADVISORY_OFF, kubernetes: { version } }));
  return service;
}

function findings(text: string, version: string) {
  return serviceAt(version).validate(TextDocument.create('file:///ws/test.yaml', 'yaml', 1, text));
}

const versionFindings = (text: string, version: string) =>
  findings(text, version).filter((found) => found.code === 'k8s/schema-field-version');

describe('the target Kubernetes version: settings', () => {
  it('reads auto, minors, server versions; falls back to the nearest bundled with one clear message', () => {
    assert.deepEqual(resolveKubernetesVersion('auto'), { version: '1.36' });
    assert.deepEqual(resolveKubernetesVersion(undefined), { version: '1.36' });
    assert.deepEqual(resolveKubernetesVersion('1.28'), { version: '1.28' });
    assert.deepEqual(resolveKubernetesVersion('v1.31.4'), { version: '1.31' });
    assert.deepEqual(resolveKubernetesVersion('v1.30.2-gke.1000'), { version: '1.30' });
    assert.deepEqual(resolveKubernetesVersion('1.29+'), { version: '1.29' });
    const old = resolveKubernetesVersion('v1.20.15');
    assert.equal(old.version, '1.27');
    assert.match(
      old.problem ?? '',
      /Kubernetes 1\.20 is older than the oldest version Shipshape has schemas for \(1\.27\)/,
    );
    const future = resolveKubernetesVersion('1.40');
    assert.equal(future.version, '1.36');
    assert.match(future.problem ?? '', /1\.40 is newer than the newest/);
    for (const bad of ['banana', '2.1', '1', '1.x', '1.28; rm -rf /']) {
      const resolved = resolveKubernetesVersion(bad);
      assert.equal(resolved.version, '1.36', bad);
      assert.match(resolved.problem ?? '', /is not a Kubernetes version \(expected auto or 1\.27 \.\.\. 1\.36\)/, bad);
    }
    assert.equal(resolveSettings({ kubernetes: { version: 7 } }).kubernetes.version, 'auto');
  });

  it('the versions the setting offers are the versions the build bundles', () => {
    const bundled = JSON.parse(readFileSync(join(ROOT, 'server', 'schemas', 'versions.json'), 'utf8'));
    assert.deepEqual(bundled.versions, [...KUBERNETES_VERSIONS]);
    const setting = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).contributes.configuration.properties[
      'shipshape.kubernetes.version'
    ];
    assert.deepEqual(setting.enum, ['auto', ...KUBERNETES_VERSIONS]);
    // Every bundled version but 1.35 has a pinned package of its own (none on npm tracks 1.35: see the script).
    assert.deepEqual(
      Object.keys(bundled.sources),
      KUBERNETES_VERSIONS.filter((version) => version !== '1.35'),
    );
  });
});

describe('the target Kubernetes version: validation', () => {
  it('a field added in 1.3x is an error under an older target, naming the version that added it', () => {
    const [resources, sleep] = versionFindings(NEWER_FIELDS, '1.28');
    assert.equal(
      resources.message,
      'spec.template.spec.resources: "resources" was added in Kubernetes 1.32; the target version, 1.28, does not have it',
    );
    assert.equal(
      sleep.message,
      'spec.template.spec.containers[0].lifecycle.preStop.sleep: "sleep" was added in Kubernetes 1.29; the target version, 1.28, does not have it',
    );
    assert.equal(resources.severity, 1);
    assert.deepEqual(versionFindings(NEWER_FIELDS, '1.36'), []);
    // The rest of the document is untouched by the target: the same findings, but for the version ones.
    const others = (version: string) =>
      findings(NEWER_FIELDS, version)
        .filter((found) => found.code !== 'k8s/schema-field-version')
        .map((found) => found.code);
    assert.deepEqual(others('1.27'), others('1.36'));
  });

  it('where no package tracks a release (1.35), a field is an error only before the earliest release that may have it', () => {
    const text = NEWER_FIELDS.replace(
      '      resources:\n',
      '      schedulingGroup:\n        podGroupName: g\n      resources:\n',
    );
    const at134 = versionFindings(text, '1.34').find((found) => found.message.includes('schedulingGroup'));
    assert.match(
      at134?.message ?? '',
      /"schedulingGroup" was added in Kubernetes 1\.35 or 1\.36; the target version, 1\.34/,
    );
    assert.equal(
      versionFindings(text, '1.35').some((found) => found.message.includes('schedulingGroup')),
      false,
    );
  });

  it('an HPA field: behavior.scaleUp.tolerance (1.33)', () => {
    const hpa = yaml`
      apiVersion: autoscaling/v2
      kind: HorizontalPodAutoscaler
      metadata:
        name: web
      spec:
        scaleTargetRef:
          apiVersion: apps/v1
          kind: Deployment
          name: web
        minReplicas: 2
        maxReplicas: 5
        behavior:
          scaleUp:
            tolerance: "0.05"
    `;
    assert.deepEqual(
      versionFindings(hpa, '1.32').map((found) => found.range),
      [versionFindings(hpa, '1.32')[0].range],
    );
    assert.equal(spanOf(hpa, 'tolerance').startsWith(`${versionFindings(hpa, '1.32')[0].range.start.line}:`), true);
    assert.deepEqual(versionFindings(hpa, '1.33'), []);
  });

  it('the status of an exported object is not judged (the server resets it)', () => {
    const exported =
      NEWER_FIELDS.replace(/ {6}resources:\n {8}limits:\n {10}cpu: "1"\n/, '') + 'status:\n  terminatingReplicas: 1\n';
    assert.deepEqual(
      versionFindings(exported, '1.28').map((found) => found.message.split(':')[0]),
      ['spec.template.spec.containers[0].lifecycle.preStop.sleep'],
    );
  });

  it('a removed apiVersion depends on the target: removed at or before it is an error, later it is served', () => {
    const text = yaml`
      apiVersion: autoscaling/v2beta2
      kind: HorizontalPodAutoscaler
      metadata:
        name: web
      spec:
        scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
        maxReplicas: 3
    `;
    const manifest = new ManifestDocument(text) as KnownManifest;
    const at = (version: string) =>
      apiVersionRule.check(manifest, { kubernetesVersion: version as KubernetesVersion }).map((found) => found.message);
    assert.deepEqual(at('1.27'), [
      'autoscaling/v2beta2 no longer serves HorizontalPodAutoscaler: it was removed in Kubernetes 1.26. Use autoscaling/v2',
    ]);
    // Every removal kinds.ts lists predates 1.27, the oldest target the setting accepts: the rule still compares, as
    // a 1.25 target (below the setting's range, so given here directly) shows.
    assert.deepEqual(at('1.25'), []);
    assert.equal(findings(text, '1.27').filter((found) => found.code === 'k8s/api-version').length, 1);
  });
});

describe('the target Kubernetes version: completion and hover', () => {
  const POD = yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      selector:
        matchLabels: {app: web}
      strategy:
        rollingUpdate:
          maxSurge: 1
      template:
        metadata:
          labels: {app: web}
        spec:
          containers:
            - name: web
              image: nginx:1.27
              resources:
                limits:
                  cpu: "1"
          |
  `;

  async function labels(version: string) {
    const { text, position } = withCursor(POD);
    const list = await serviceAt(version).complete(TextDocument.create('file:///ws/c.yaml', 'yaml', 1, text), position);
    return list.items.map((item) => String(item.label));
  }

  it('says since which version an offered field exists', async () => {
    const { text, position } = withCursor(POD);
    const list = await serviceAt('1.36').complete(TextDocument.create('file:///ws/d.yaml', 'yaml', 1, text), position);
    const detail = (label: string) => list.items.find((item) => item.label === label)?.detail;
    assert.equal(detail('resources'), 'ResourceRequirements · Kubernetes 1.32+');
    assert.equal(detail('schedulingGroup'), 'PodSchedulingGroup · Kubernetes 1.35 or 1.36+');
    assert.equal(detail('hostUsers'), 'boolean');
  });

  it('offers only the fields the target has', async () => {
    const newest = await labels('1.36');
    assert.ok(newest.includes('resources') && newest.includes('hostnameOverride') && newest.includes('hostUsers'));
    const old = await labels('1.28');
    assert.ok(
      !old.includes('resources') && !old.includes('hostnameOverride'),
      'pod-level resources is 1.32, hostnameOverride 1.34',
    );
    assert.ok(old.includes('hostUsers') && old.includes('volumes'));
    const at132 = await labels('1.32');
    assert.ok(at132.includes('resources') && !at132.includes('hostnameOverride'));
  });

  async function hoverText(marked: string, version = '1.36') {
    const { text, position } = withCursor(marked);
    const result = await serviceAt(version).hover(TextDocument.create('file:///ws/h.yaml', 'yaml', 1, text), position);
    const contents = result?.contents as { value?: string } | undefined;
    return { value: contents?.value ?? '', range: result?.range };
  }

  it('shows the path, the type as the API reference writes it, required or not, the description and the version', async () => {
    const image = await hoverText(POD.replace('image: nginx', 'ima|ge: nginx').replace('|\n', '\n'));
    assert.match(image.value, /^`spec\.template\.spec\.containers\[\]\.image` · `string` · optional\n/);
    assert.match(image.value, /Container image name/);
    assert.match(image.value, /In every Kubernetes version Shipshape checks against \(1\.27 and later\)/);
    const containers = await hoverText(POD.replace('containers:', 'contai|ners:').replace('|\n', '\n'));
    assert.match(containers.value, /^`spec\.template\.spec\.containers` · `\[\]Container` · required/);
    const labelsHover = await hoverText(POD.replace('labels: {app', 'lab|els: {app').replace(/\|\n$/, '\n'));
    assert.match(labelsHover.value, /`spec\.template\.metadata\.labels` · `map\[string\]string` · optional/);
    const cpu = await hoverText(POD.replace('cpu: "1"', 'c|pu: "1"').replace(/\|\n$/, '\n'));
    assert.match(cpu.value, /`spec\.template\.spec\.containers\[\]\.resources\.limits\.cpu` · `Quantity`/);
    const surge = await hoverText(POD.replace('maxSurge: 1', 'maxSurge: |1').replace(/\|\n$/, '\n'));
    assert.match(surge.value, /`spec\.strategy\.rollingUpdate\.maxSurge` · `IntOrString` · optional/);
    const grace = await hoverText(POD.replace(/( *)\|\n$/, '$1terminationGrace|PeriodSeconds: 30\n'));
    assert.match(grace.value, /· `integer \(int64\)` · optional/);
  });

  it('says which version added a field, and when the target lacks it', async () => {
    const marked = POD.replace(/( *)\|\n$/, '$1resou|rces: {}\n');
    const newest = await hoverText(marked);
    assert.match(newest.value, /^`spec\.template\.spec\.resources` · `ResourceRequirements` · optional/);
    assert.match(newest.value, /Added in Kubernetes 1\.32$/);
    const old = await hoverText(marked, '1.28');
    assert.match(old.value, /Added in Kubernetes 1\.32 · \*\*not in 1\.28\*\*, the target version/);
    assert.equal(old.range?.start.line, withCursor(marked).position.line);
  });
});
