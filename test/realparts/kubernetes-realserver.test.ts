import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { HARDENED_DEPLOYMENT, HPA_FOR_WEB, applyFix, codesAndRanges, validate } from '../helpers/service';
import { apiServerForSuite } from '../helpers/kubeApiServer';
import { SELECTOR_SLIP, SELECTOR_SLIP_FIX } from '../unit/rule-cases/codes';

/**
 * Precision against the real API server (kube-apiserver 1.20 built from Debian's source, with etcd, on loopback;
 * started by this test): what Kubernetes itself writes is clean, what Shipshape calls an error the server rejects,
 * and every fix's result is accepted (server-side dry run). The 1.20 server has no autoscaling/v2: HPAs are sent as
 * autoscaling/v2beta2, which has the same fields.
 */

const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'k8s');
const D = HARDENED_DEPLOYMENT;
const H = HPA_FOR_WEB;

const errorsOf = (text: string) => validate(text).filter((found) => found.severity === DiagnosticSeverity.Error);

function edit(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), `fixture has no ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

/**
 * Broken manifests and the fix that repairs each: [name, text, rule, fix title or undefined for the preferred fix,
 * whether the server rejects the broken text]. Suggestions (placeholder values) are included: their results must
 * be accepted too.
 */
const CASES: Array<[string, string, string, string | undefined, boolean]> = [
  ['selector: one space too deep (broken YAML)', SELECTOR_SLIP, 'yaml/syntax', SELECTOR_SLIP_FIX, true],
  [
    'extensions/v1beta1 Deployment without a selector',
    edit(edit(D, 'apps/v1', 'extensions/v1beta1'), '  selector:\n    matchLabels:\n      app: web\n', ''),
    'k8s/api-version',
    undefined,
    true,
  ],
  [
    'autoscaling/v2beta1 HPA',
    edit(
      edit(H, 'autoscaling/v2', 'autoscaling/v2beta1'),
      '        target:\n          type: Utilization\n          averageUtilization: 70\n',
      '        targetAverageUtilization: 70\n',
    ),
    'k8s/api-version',
    undefined,
    false, // the 1.20 server still serves v2beta1
  ],
  [
    'a quoted replica count',
    edit(D, 'spec:\n  selector:', 'spec:\n  replicas: "3"\n  selector:'),
    'k8s/schema-type',
    undefined,
    true,
  ],
  [
    'a selector the template does not match',
    edit(D, '      app: web\n  template', '      app: web\n      tier: front\n  template'),
    'k8s/selector-mismatch',
    undefined,
    true,
  ],
  [
    'container fields at pod level',
    edit(D, '          image: nginx:1.25\n', '').replace(
      '      containers:\n',
      '      image: nginx:1.25\n      containers:\n',
    ),
    'k8s/pod-field-misplaced',
    undefined,
    true,
  ],
  [
    'an env var set twice',
    edit(
      D,
      '            - name: MODE\n',
      '            - name: MODE\n              value: staging\n            - name: MODE\n',
    ),
    'k8s/env-duplicate',
    undefined,
    false,
  ],
  [
    'an enum value in the wrong case',
    edit(D, '          image: nginx:1.25\n', '          image: nginx:1.25\n          imagePullPolicy: ifnotpresent\n'),
    'k8s/schema-enum',
    undefined,
    true,
  ],
  [
    'minReplicas above maxReplicas',
    edit(H, '  minReplicas: 2\n  maxReplicas: 10\n', '  minReplicas: 10\n  maxReplicas: 2\n'),
    'k8s/hpa-replicas',
    undefined,
    true,
  ],
  [
    'scaleTargetRef in the core group',
    edit(H, '    apiVersion: apps/v1\n', '    apiVersion: v1\n'),
    'k8s/hpa-target-ref',
    undefined,
    false,
  ],
  [
    'a v1 field in a v2 HPA',
    edit(H, H.slice(H.indexOf('  metrics:')), '  targetCPUUtilizationPercentage: 70\n'),
    'k8s/hpa-v1-field',
    undefined,
    true,
  ],
  ['a target without a type', edit(H, '          type: Utilization\n', ''), 'k8s/hpa-metric-target', undefined, true],
  [
    'a Value target on a Resource metric',
    edit(
      H,
      '          type: Utilization\n          averageUtilization: 70\n',
      '          type: Value\n          value: 500m\n',
    ),
    'k8s/hpa-metric-target',
    'Make it an AverageValue target (per pod)',
    true,
  ],
  [
    'a v2beta1 targetValue on a Resource metric (becomes a per-pod AverageValue, never a Value target)',
    edit(
      H,
      '        target:\n          type: Utilization\n          averageUtilization: 70\n',
      '        targetValue: 500m\n',
    ),
    'k8s/hpa-metric-target',
    'Make it an AverageValue target (per pod)',
    true,
  ],
  [
    'a probe on an undeclared port name',
    edit(
      D,
      '          readinessProbe:\n            tcpSocket:\n              port: http\n',
      '          readinessProbe:\n            tcpSocket:\n              port: htp\n',
    ),
    'k8s/probe-port',
    undefined,
    false,
  ],
  [
    'a container without requests (suggestion)',
    edit(D, '          resources:\n            requests:\n              cpu: 100m\n              memory: 128Mi\n', ''),
    'k8s/resources-requests',
    'Add cpu and memory requests (placeholders)',
    false,
  ],
  [
    'a container without probes (suggestion)',
    edit(
      D,
      '          readinessProbe:\n            tcpSocket:\n              port: http\n          livenessProbe:\n            tcpSocket:\n              port: http\n',
      '',
    ),
    'k8s/probes',
    'Add tcpSocket probes on port http',
    false,
  ],
];

describe('precision against the real API server', () => {
  const { skip, kubectl, dryRun: serverAccepts } = apiServerForSuite();

  it('a Deployment exported from the server (status, managedFields, uid) has no errors', (t) => {
    if (skip(t)) return;
    const created = kubectl(['apply', '-f', '-'], D.replace('name: web', 'name: exported'));
    assert.equal(created.status, 0, created.output);
    const exported = kubectl(['get', 'deployment', 'exported', '-o', 'yaml']).output;
    assert.match(exported, /uid: /);
    assert.match(exported, /managedFields:|last-applied-configuration/);
    assert.deepEqual(codesAndRanges(errorsOf(exported)), []);
  });

  it('kubectl create deployment --dry-run=client -o yaml output has no errors, and the server takes it', (t) => {
    if (skip(t)) return;
    const generated = kubectl([
      'create',
      'deployment',
      'web',
      '--image=nginx:1.27',
      '--dry-run=client',
      '-o',
      'yaml',
    ]).output;
    assert.match(generated, /creationTimestamp: null/);
    assert.deepEqual(codesAndRanges(errorsOf(generated)), []);
    assert.ok(serverAccepts(generated).accepted);
  });

  it('the placeholder fixture, once substituted, is accepted: its placeholders hid no error', (t) => {
    if (skip(t)) return;
    const text = readFileSync(join(FIXTURES, 'precision', 'placeholders-and-nulls.yaml'), 'utf8');
    assert.deepEqual(codesAndRanges(errorsOf(text)), []);
    const substituted = text
      .replace('${NAMESPACE}', 'default')
      .replace('${VERSION}', '1.0')
      .replace('${REPLICAS:-2}', '2')
      .replace('$HISTORY', '5')
      .replace('${TAG}', '1.0')
      .replace('$(PULL_POLICY)', 'IfNotPresent')
      .replace('"#{CPU_LIMIT}#"', '500m')
      .replace('__MEMORY__', '256Mi');
    const verdict = serverAccepts(substituted);
    assert.ok(verdict.accepted, verdict.output);
  });

  for (const [name, text, code, title, rejected] of CASES) {
    it(`${name}: ${code}${rejected ? ' is rejected by the server, and' : ''} its fix is accepted`, (t) => {
      if (skip(t)) return;
      assert.ok(
        validate(text).some((found) => found.code === code),
        `${code} fires`,
      );
      if (rejected) assert.equal(serverAccepts(text).accepted, false, 'the server rejects the broken manifest');
      const fixed = applyFix(text, code, title);
      assert.deepEqual(codesAndRanges(errorsOf(fixed)), [], fixed);
      const verdict = serverAccepts(fixed);
      assert.ok(verdict.accepted, `${verdict.output}\n${fixed}`);
    });
  }
});
