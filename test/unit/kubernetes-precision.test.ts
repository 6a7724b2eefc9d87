import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import {
  ADVISORY_OFF,
  applyFix,
  codesAndRanges,
  HARDENED_DEPLOYMENT,
  HPA_FOR_WEB,
  spanOf,
  spanOfValue,
  validate,
} from '../helpers/service';

/**
 * Precision: an error means the API server rejects the object, or it cannot work as written. Each class of false
 * error found on public repositories has a fixture here that reproduces it (written for these tests, not copied).
 */
const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'k8s', 'precision');
const D = HARDENED_DEPLOYMENT;
const H = HPA_FOR_WEB;

function edit(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), `fixture has no ${JSON.stringify(from)}`);
  return text.replace(from, to);
}
const errors = (text: string, settings: unknown = {}) =>
  validate(text, { settings }).filter((found) => found.severity === DiagnosticSeverity.Error);

describe('null and empty values are unset, as the API server decodes them', () => {
  it('kubectl create deployment --dry-run=client -o yaml output has no errors', () => {
    assert.deepEqual(
      codesAndRanges(errors(readFileSync(join(FIXTURES, 'kubectl-create-deployment.yaml'), 'utf8'))),
      [],
    );
  });
  for (const [from, to] of [
    ['metadata:\n  name: web\n', 'metadata:\n  name: web\n  creationTimestamp: null\n'],
    ['spec:\n  selector:', 'spec:\n  strategy:\n    type: Recreate\n    rollingUpdate: null\n  selector:'],
    ['          env:\n', '          args: null\n          command:\n          env:\n'],
    ['      containers:\n', '      volumes:\n        - name: tmp\n          emptyDir: null\n      containers:\n'],
    ['spec:\n  selector:', 'spec:\n  strategy: {}\n  selector:'],
  ]) {
    it(`stays quiet on ${JSON.stringify(to.trim().split('\n').slice(-1)[0].trim())}`, () => {
      assert.deepEqual(validate(edit(D, from, to)), []);
    });
  }
  it('still reports a required field that is null (the API server rejects the missing containers)', () => {
    const text = edit(D, D.slice(D.indexOf('      containers:')), '      containers: null\n');
    assert.deepEqual(codesAndRanges(validate(text)), [`k8s/schema-required@${spanOf(text, 'spec', 2)}`]);
  });
});

describe('placeholders are not type-checked as literals', () => {
  it('the envsubst / CI-token manifest has no errors', () => {
    assert.deepEqual(codesAndRanges(errors(readFileSync(join(FIXTURES, 'placeholders-and-nulls.yaml'), 'utf8'))), []);
  });
  for (const value of ['${REPLICAS:-1}', '$REPLICAS', '"{{ .Values.replicas }}"', '"#{Replicas}#"', '__REPLICAS__']) {
    it(`stays quiet on replicas: ${value}`, () => {
      assert.deepEqual(validate(edit(D, 'spec:\n  selector:', `spec:\n  replicas: ${value}\n  selector:`)), []);
    });
  }
  it("still reports a literal of the wrong type, and a typo'd key next to a placeholder", () => {
    const literal = edit(D, 'spec:\n  selector:', 'spec:\n  replicas: two\n  selector:');
    assert.deepEqual(codesAndRanges(validate(literal)), [`k8s/schema-type@${spanOf(literal, 'two')}`]);
    const typo = edit(
      D,
      '          image: nginx:1.25\n',
      '          image: ${IMAGE}\n          imagePullPolcy: ${POLICY}\n',
    );
    assert.deepEqual(codesAndRanges(validate(typo)), [`k8s/schema-unknown-field@${spanOf(typo, 'imagePullPolcy')}`]);
  });
});

describe('rules no stricter than Kubernetes', () => {
  const sidecar = (port: string) =>
    edit(
      D,
      '          securityContext:\n',
      `          securityContext:\n            runAsNonRoot: true\n            allowPrivilegeEscalation: false\n            readOnlyRootFilesystem: true\n        - name: side\n          image: busybox:1.36\n          ports:\n            - ${port}\n          securityContext:\n`,
    );
  const settings = ADVISORY_OFF;
  it('a port name repeated in another container is information, not an error (validateContainerPorts is per container)', () => {
    const text = sidecar('name: http\n              containerPort: 9090');
    const findings = validate(text, { settings });
    assert.deepEqual(codesAndRanges(findings), [`k8s/container-port@${spanOf(text, 'http', 4)}`]);
    assert.equal(findings[0].severity, DiagnosticSeverity.Information);
  });
  it('a port name repeated in one container is an error', () => {
    const text = edit(
      D,
      '              containerPort: 8080\n',
      '              containerPort: 8080\n            - name: http\n              containerPort: 8081\n',
    );
    const findings = validate(text);
    assert.deepEqual(codesAndRanges(findings), [`k8s/container-port@${spanOf(text, 'http', 2)}`]);
    assert.equal(findings[0].severity, DiagnosticSeverity.Error);
  });
  it('a containerPort repeated across containers is a warning, as the API server warns', () => {
    const text = sidecar('containerPort: 8080');
    const findings = validate(text, { settings });
    assert.deepEqual(codesAndRanges(findings), [`k8s/container-port@${spanOf(text, '8080', 2)}`]);
    assert.equal(findings[0].severity, DiagnosticSeverity.Warning);
  });
  it('scaleTargetRef apps/v1beta1 works (the controller matches group and kind): a hint, fixed in place', () => {
    const text = edit(H, '    apiVersion: apps/v1\n', '    apiVersion: apps/v1beta1\n');
    const findings = validate(text);
    assert.deepEqual(codesAndRanges(findings), [`k8s/hpa-target-ref@${spanOfValue(text, '    apiVersion')}`]);
    assert.equal(findings[0].severity, DiagnosticSeverity.Hint);
    assert.equal(applyFix(text, 'k8s/hpa-target-ref'), H);
  });
  it('scaleTargetRef extensions/v1beta1 names a group that no longer serves Deployments: an error', () => {
    const text = edit(H, '    apiVersion: apps/v1\n', '    apiVersion: extensions/v1beta1\n');
    const findings = validate(text);
    assert.deepEqual(codesAndRanges(findings), [`k8s/hpa-target-ref@${spanOfValue(text, '    apiVersion')}`]);
    assert.equal(findings[0].severity, DiagnosticSeverity.Error);
  });
  it('a container with limits and no requests requests its limits: no requests warning, no HPA finding', () => {
    const text = edit(D, '            requests:\n', '            limits:\n');
    assert.deepEqual(validate(text), []);
    assert.deepEqual(validate(text + '---\n' + H), []);
  });
  it('still warns on a container with neither', () => {
    const text = edit(
      D,
      '          resources:\n            requests:\n              cpu: 100m\n              memory: 128Mi\n',
      '',
    );
    assert.deepEqual(codesAndRanges(validate(text)), [`k8s/resources-requests@${spanOf(text, 'web', 4)}`]);
  });
});

describe('one root cause, one diagnostic', () => {
  const V2BETA1 = edit(
    edit(H, 'autoscaling/v2', 'autoscaling/v2beta1'),
    '        target:\n          type: Utilization\n          averageUtilization: 70\n',
    '        targetAverageUtilization: 70\n    - type: Resource\n      resource:\n        name: memory\n        targetAverageValue: 100Mi\n',
  );
  it('a removed HPA apiVersion is one error; its fix converts the old fields with it, and the result is clean', () => {
    const findings = validate(V2BETA1);
    assert.deepEqual(codesAndRanges(findings), [`k8s/api-version@${spanOf(V2BETA1, 'autoscaling/v2beta1')}`]);
    assert.match(
      findings[0].message,
      /removed in Kubernetes 1\.25\. Use autoscaling\/v2 \(the fix also rewrites 2 fields into its form\)/,
    );
    const fixed = applyFix(V2BETA1, 'k8s/api-version');
    assert.deepEqual(validate(fixed), []);
    assert.match(fixed, /name: cpu\n {8}target:\n {10}type: Utilization\n {10}averageUtilization: 70\n/);
    assert.match(fixed, /name: memory\n {8}target:\n {10}type: AverageValue\n {10}averageValue: 100Mi\n/);
  });
  it('the same, in a file with no final line break (the inserted selector must not join the last line)', () => {
    const text = edit(
      edit(D, 'apps/v1', 'apps/v1beta1'),
      '  selector:\n    matchLabels:\n      app: web\n',
      '',
    ).replace(/\n$/, '');
    assert.deepEqual(codesAndRanges(validate(text)), [`k8s/api-version@${spanOf(text, 'apps/v1beta1')}`]);
    assert.deepEqual(validate(applyFix(text, 'k8s/api-version')), []);
  });
  it('an error that survives the fix is not folded: it is a mistake of its own', () => {
    const text = edit(V2BETA1, '  minReplicas: 2\n', '  minReplicas: 2\n  maxReplica: 3\n');
    assert.deepEqual(codesAndRanges(validate(text)), [
      `k8s/api-version@${spanOf(text, 'autoscaling/v2beta1')}`,
      `k8s/schema-unknown-field@${spanOf(text, 'maxReplica')}`,
    ]);
  });
  it('an extensions/v1beta1 Deployment without a selector: one error, and the fix writes the selector it defaulted to', () => {
    const text = edit(edit(D, 'apps/v1', 'extensions/v1beta1'), '  selector:\n    matchLabels:\n      app: web\n', '');
    const findings = validate(text);
    assert.deepEqual(codesAndRanges(findings), [`k8s/api-version@${spanOf(text, 'extensions/v1beta1')}`]);
    const fixed = applyFix(text, 'k8s/api-version');
    assert.deepEqual(validate(fixed), []);
    assert.match(fixed, /\n {2}selector:\n {4}matchLabels:\n {6}app: web\n$/);
  });
});

describe('HPA targets the API server accepts', () => {
  it('a Resource metric with a Value target is an error; its fix (per-pod average) is a suggestion', () => {
    const text = edit(
      H,
      '          type: Utilization\n          averageUtilization: 70\n',
      '          type: Value\n          value: 500m\n',
    );
    const findings = validate(text);
    assert.deepEqual(codesAndRanges(findings), [`k8s/hpa-metric-target@${spanOf(text, 'Value')}`]);
    assert.ok(findings[0].fixes.every((fix) => !fix.isPreferred));
    const fixed = applyFix(text, 'k8s/hpa-metric-target', 'Make it an AverageValue target (per pod)');
    assert.deepEqual(validate(fixed), []);
  });
  it('a lone value on a Resource metric never implies a Value type', () => {
    const text = edit(H, '          type: Utilization\n          averageUtilization: 70\n', '          value: 500m\n');
    const found = validate(text).find((candidate) => candidate.code === 'k8s/hpa-metric-target');
    assert.ok(found);
    assert.ok(
      !found.fixes.some((fix) => fix.isPreferred && /Value$/.test(fix.title)),
      found.fixes.map((fix) => fix.title).join(', '),
    );
  });
});

describe('fix-all and --fix apply only fixes that keep the meaning and invent nothing', () => {
  const unsafe: Array<[string, string, string]> = [
    [
      'k8s/resources-requests',
      '          resources:\n            requests:\n              cpu: 100m\n              memory: 128Mi\n',
      '',
    ],
    [
      'k8s/probes',
      '          readinessProbe:\n            tcpSocket:\n              port: http\n          livenessProbe:\n            tcpSocket:\n              port: http\n',
      '',
    ],
    ['k8s/run-as-non-root', '            runAsNonRoot: true\n', ''],
  ];
  for (const [code, from, to] of unsafe) {
    it(`${code}: offered, never preferred`, () => {
      const found = validate(edit(D, from, to)).find((candidate) => candidate.code === code);
      assert.ok(found, code);
      assert.ok(found.fixes.length > 0);
      assert.ok(
        found.fixes.every((fix) => !fix.isPreferred),
        found.fixes.map((fix) => fix.title).join(', '),
      );
    });
  }
  it('k8s/replicas-with-hpa: removing replicas (a running Deployment drops to 1 on the next apply) is a suggestion', () => {
    const text = edit(D, 'spec:\n  selector:', 'spec:\n  replicas: 3\n  selector:') + '---\n' + H;
    const found = validate(text).find((candidate) => candidate.code === 'k8s/replicas-with-hpa');
    assert.ok(found);
    assert.ok(found.fixes.every((fix) => !fix.isPreferred));
  });
});

describe('k8s/selector-mismatch with empty template labels (regression: the fix wrote a second labels key)', () => {
  for (const empty of ['      labels:\n', '      labels: {}\n']) {
    it(`fills ${JSON.stringify(empty.trim())} in place`, () => {
      const text = edit(D, '      labels:\n        app: web\n', empty);
      const fixed = applyFix(text, 'k8s/selector-mismatch');
      assert.equal(fixed, D);
      assert.deepEqual(validate(fixed), []);
    });
  }
  it('stays quiet when either side is a placeholder', () => {
    assert.deepEqual(validate(edit(D, '        app: web\n    spec', '        app: ${APP}\n    spec')), []);
  });
});

describe('what the API server does not validate, and templates written without quotes', () => {
  it("status is not validated: an exported v2beta1 HPA's status shape draws nothing beyond the apiVersion", () => {
    const text =
      H +
      'status:\n  currentReplicas: 2\n  currentMetrics:\n    - type: Resource\n      resource:\n        name: cpu\n        currentAverageUtilization: 40\n';
    assert.deepEqual(validate(text), []);
  });
  it('unquoted Go template actions are placeholders, not maps', () => {
    const text = edit(
      edit(D, 'image: nginx:1.25', 'image: {{ .Image }}'),
      'spec:\n  selector:',
      'spec:\n  replicas: {{ .Replicas }}\n  selector:',
    );
    assert.deepEqual(validate(text), []);
    const annotated = edit(
      D,
      'metadata:\n  name: web\n',
      'metadata:\n  name: web\n  annotations:\n    {{ .Key }}: {{ .Value }}\n',
    );
    assert.deepEqual(validate(annotated), []);
  });
  it('an apiVersion that is a placeholder is not "missing" or "not served"', () => {
    assert.deepEqual(
      validate(edit(H, 'apiVersion: autoscaling/v2', 'apiVersion: {{ include "hpa.apiVersion" . }}')),
      [],
    );
    assert.deepEqual(validate(edit(H, 'apiVersion: autoscaling/v2', 'apiVersion: ${HPA_API_VERSION}')), []);
  });
  it('a probe port that is a placeholder is not an unknown port name', () => {
    assert.deepEqual(
      validate(
        edit(
          D,
          '          readinessProbe:\n            tcpSocket:\n              port: http\n',
          '          readinessProbe:\n            tcpSocket:\n              port: ${HEALTH_PORT:-http}\n',
        ),
      ),
      [],
    );
  });
});

describe('placeholders compared with literals', () => {
  it('a placeholder stands for any text, the literal parts must still fit', async () => {
    const { mayBeEqual } = await import('../../server/src/service/kubernetes/placeholders');
    assert.equal(mayBeEqual('{{ .Name }}-operator', 'web-operator'), true);
    assert.equal(mayBeEqual('{{ .Name }}-operator', 'other'), false);
    assert.equal(mayBeEqual('${APP}', 'web'), true);
    assert.equal(mayBeEqual('a-${X}-b-${Y}-c', 'a-1-b-2-c'), true);
    assert.equal(mayBeEqual('a-${X}-b-${Y}-c', 'a-1-c'), false);
    assert.equal(mayBeEqual('web', 'api'), false);
  });
});

describe('fields a template or a placeholder may set are not "missing" (advisory rules on charts and envsubst files)', () => {
  const TEMPLATE = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: {{ include "app.fullname" . }}',
    'spec:',
    '  selector:',
    '    matchLabels:',
    '      app: web',
    '  template:',
    '    metadata:',
    '      labels:',
    '        app: web',
    '    spec:',
    '      securityContext:',
    '        {{- toYaml .Values.podSecurityContext | nindent 8 }}',
    '      containers:',
    '        - name: web',
    '          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"',
    '          {{- with .Values.livenessProbe }}',
    '          livenessProbe:',
    '            {{- toYaml . | nindent 12 }}',
    '          {{- end }}',
    '          readinessProbe:',
    '            {{- toYaml .Values.readinessProbe | nindent 12 }}',
    '          resources:',
    '            {{- toYaml .Values.resources | nindent 12 }}',
    '',
  ].join('\n');
  it('a Helm template whose resources, probes and securityContext come from values: no advisory findings', () => {
    assert.deepEqual(codesAndRanges(validate(TEMPLATE, { name: 'templates/deployment.yaml' })), []);
  });
  it('the same with envsubst placeholders', () => {
    const text = edit(
      edit(
        D,
        '          resources:\n            requests:\n              cpu: 100m\n              memory: 128Mi\n',
        '          resources: ${RESOURCES}\n',
      ),
      '          securityContext:\n            runAsNonRoot: true\n            allowPrivilegeEscalation: false\n            readOnlyRootFilesystem: true\n',
      '          securityContext: ${SECURITY_CONTEXT}\n',
    );
    assert.deepEqual(validate(text), []);
  });
  it('a literal container without them still gets them', () => {
    const text = edit(
      D,
      '          resources:\n            requests:\n              cpu: 100m\n              memory: 128Mi\n',
      '',
    );
    assert.deepEqual(codesAndRanges(validate(text)), [`k8s/resources-requests@${spanOf(text, 'web', 4)}`]);
  });
});
