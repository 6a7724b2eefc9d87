import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { checkRenderedChart } from '../../server/src/service/helm/rendered';
import { checkBuiltOverlay } from '../../server/src/service/kustomize/built';
import type { Finding } from '../../server/src/service/types';

/**
 * Rendered charts and built overlays are checked against the target Kubernetes version, as the files themselves
 * are: pod-level `resources` came in 1.32, so a target of 1.31 reports it (k8s/schema-field-version), and without a
 * target (the newest bundled) nothing does.
 */
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      resources:
        limits:
          cpu: "1"
      containers:
        - name: web
          image: nginx:1.27
`;
const RESOURCES_LINE = DEPLOYMENT.split('\n').findIndex((line) => line === '      resources:');
const versionFindings = (findings: readonly Finding[] | undefined) =>
  (findings ?? [])
    .filter((found) => found.code === 'k8s/schema-field-version')
    .map((found) => `${found.range.start.line}:${found.range.start.character}`);

describe('helm: the rendered documents against the target version', () => {
  const rendered = `---\n# Source: web/templates/deployment.yaml\n${DEPLOYMENT}`;
  const template = (source: string) => (source === 'templates/deployment.yaml' ? DEPLOYMENT : undefined);

  it('1.31: the pod-level resources (1.32) reported on the template line', () => {
    const placed = checkRenderedChart(rendered, template, '1.31').get('templates/deployment.yaml');
    assert.deepEqual(versionFindings(placed), [`${RESOURCES_LINE}:6`]);
  });

  it('1.32, and no target (the newest bundled): quiet', () => {
    assert.deepEqual(
      versionFindings(checkRenderedChart(rendered, template, '1.32').get('templates/deployment.yaml')),
      [],
    );
    assert.deepEqual(versionFindings(checkRenderedChart(rendered, template).get('templates/deployment.yaml')), []);
  });
});

describe('kustomize: the built objects against the target version', () => {
  const sources = [{ path: '/w/base/deployment.yaml', role: 'resource' as const, order: 0 }];
  const textOf = (path: string) => (path === '/w/base/deployment.yaml' ? DEPLOYMENT : undefined);
  const built = (version?: '1.31' | '1.32') =>
    checkBuiltOverlay(DEPLOYMENT, sources, textOf, '/w/prod/kustomization.yaml', version).get(
      '/w/base/deployment.yaml',
    );

  it('1.31: the pod-level resources (1.32) reported on the base line', () => {
    assert.deepEqual(versionFindings(built('1.31')), [`${RESOURCES_LINE}:6`]);
  });

  it('1.32, and no target (the newest bundled): quiet', () => {
    assert.deepEqual(versionFindings(built('1.32')), []);
    assert.deepEqual(versionFindings(built()), []);
  });
});
