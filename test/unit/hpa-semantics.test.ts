import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { resolveSettings } from '../../common/src/contract';
import { createLanguageService } from '../../server/src/service';
import { HPA_FOR_WEB as H, codesAndRanges, spanOf, spanOfValue, validate } from '../helpers/service';
import { HPA_TARGET_VALUE_SAMPLES as S } from './rule-cases/hpa-semantics';

/**
 * The metric-target findings k8s/hpa-metric-target gained for issue 12, each as the 1.20 API server answered it in
 * the differential test: values that are not positive quantities, and what each source requires of its fields
 * whatever the type says. Where the server accepts a type that names another field and the controller reads the
 * field anyway, the finding is a warning.
 */
const at = (text: string, needle: string, occurrence = 1) =>
  `k8s/hpa-metric-target@${spanOf(text, needle, occurrence)}`;
const severities = (text: string) => validate(text).map((found) => found.severity);

describe('k8s/hpa-metric-target: values and source requirements', () => {
  it('fires on a zero averageValue, a quantity with a space, and averageUtilization 0', () => {
    assert.deepEqual(codesAndRanges(validate(S.zeroAverage)), [at(S.zeroAverage, '"0"')]);
    assert.deepEqual(codesAndRanges(validate(S.spacedQuantity)), [at(S.spacedQuantity, '100 m')]);
    assert.deepEqual(codesAndRanges(validate(S.utilizationZero)), [
      `k8s/hpa-metric-target@${spanOfValue(S.utilizationZero, 'averageUtilization')}`,
    ]);
    assert.match(validate(S.spacedQuantity)[0].message, /is not a quantity/);
    const quoted = S.zeroAverage.replace('averageValue: "0"', 'averageValue: "1_000"');
    assert.deepEqual(codesAndRanges(validate(quoted)), [at(quoted, '"1_000"')]);
  });

  it('fires (error) on a Pods metric without averageValue, and on both fields of a Resource target', () => {
    assert.deepEqual(codesAndRanges(validate(S.podsWithValue)), [at(S.podsWithValue, 'Value', 1)]);
    assert.match(validate(S.podsWithValue)[0].message, /Pods metrics need averageValue/);
    assert.deepEqual(severities(S.podsWithValue), [DiagnosticSeverity.Error]);
    assert.deepEqual(codesAndRanges(validate(S.bothOnResource)), [at(S.bothOnResource, 'Utilization')]);
    assert.deepEqual(severities(S.bothOnResource), [DiagnosticSeverity.Error]);
  });

  it('warns, not errs, where the server accepts a mismatched type and the controller reads the field', () => {
    assert.deepEqual(codesAndRanges(validate(S.podsTypeValueAverage)), [at(S.podsTypeValueAverage, 'Value', 1)]);
    assert.deepEqual(severities(S.podsTypeValueAverage), [DiagnosticSeverity.Warning]);
    const valueWithAverage = H.replace(
      'type: Utilization\n          averageUtilization: 70',
      'type: Value\n          averageValue: 500m',
    );
    assert.deepEqual(severities(valueWithAverage), [DiagnosticSeverity.Warning]);
  });

  it('keeps an Object metric with a mismatched type an error (the controller goes by the type)', () => {
    const object =
      H +
      '    - type: Object\n      object:\n        describedObject:\n          apiVersion: networking.k8s.io/v1\n          kind: Ingress\n          name: web\n        metric:\n          name: requests\n        target:\n          type: AverageValue\n          value: 10k\n';
    assert.deepEqual(severities(object), [DiagnosticSeverity.Error]);
  });

  it('stays quiet on positive quantities written as numbers, strings and with suffixes, and on placeholders', () => {
    // 1_000 unquoted is the integer 1000 to kubectl (YAML 1.1); the real server accepted it in the differential test.
    // "1Gi " is trimmed by the server's UnmarshalJSON.
    for (const written of [
      '100',
      '"0.5"',
      '1e3',
      '1.5Gi',
      '"1Gi "',
      '250m',
      '1_000',
      '${TARGET}',
      '"{{ .Values.target }}"',
    ])
      assert.deepEqual(validate(S.zeroAverage.replace('averageValue: "0"', `averageValue: ${written}`)), [], written);
  });
});

describe('k8s/hpa-replicas: maxReplicas below 1', () => {
  it('fires on maxReplicas 0 without minReplicas, and offers no invented number', () => {
    const text = H.replace('  minReplicas: 2\n  maxReplicas: 10\n', '  maxReplicas: 0\n');
    assert.deepEqual(codesAndRanges(validate(text)), [`k8s/hpa-replicas@${spanOfValue(text, 'maxReplicas')}`]);
    assert.deepEqual(
      validate(text)[0].fixes.filter((fix) => !/^Ignore/.test(fix.title)),
      [],
    );
  });
  it('stays quiet on maxReplicas 1 without minReplicas', () => {
    assert.deepEqual(validate(H.replace('  minReplicas: 2\n  maxReplicas: 10\n', '  maxReplicas: 1\n')), []);
  });
});

describe('precision: placeholders, nulls and Kustomize patches never produce HPA semantics errors', () => {
  const errorsOf = (text: string) =>
    validate(text).filter((found) => found.severity === DiagnosticSeverity.Error && /^k8s\/hpa-/.test(found.code));
  it('stays quiet on placeholders in types, names and values', () => {
    const templated =
      H.replace('name: web\nspec', 'name: ${APP}\nspec').replace(
        '    name: web\n  minReplicas',
        '    name: {{ .Values.target }}\n  minReplicas',
      ) +
      '    - type: ${METRIC_TYPE}\n      pods:\n        metric:\n          name: ${METRIC}\n        target:\n          type: AverageValue\n          averageValue: ${TARGET}\n';
    assert.deepEqual(errorsOf(templated), []);
  });
  it('stays quiet on null sources, names, values and policies', () => {
    const nulls =
      H +
      '    - type: Pods\n      pods:\n    - type: External\n      external:\n        metric:\n          name:\n        target:\n          type: Value\n          value:\n  behavior:\n    scaleUp:\n      policies:\n';
    assert.deepEqual(errorsOf(nulls), []);
  });
  it('stays quiet on a Kustomize patch of an HPA (a partial object)', () => {
    const disk: Record<string, string> = {
      'overlay/kustomization.yaml': 'resources: [../base]\npatches:\n  - path: hpa.yaml\n',
      'overlay/hpa.yaml':
        'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  maxReplicas: 20\n  behavior:\n    scaleDown:\n      stabilizationWindowSeconds: 600\n',
    };
    const service = createLanguageService({ fileSystem: { readFile: (path) => disk[path.replace(/^\/ws\//, '')] } });
    service.configure(resolveSettings({}));
    for (const [name, text] of Object.entries(disk)) service.indexFile(`file:///ws/${name}`, text);
    const document = TextDocument.create('file:///ws/overlay/hpa.yaml', 'yaml', 1, disk['overlay/hpa.yaml']);
    assert.deepEqual(service.validate(document), []);
  });
});

describe('k8s/hpa-target-ref: a templated scaleTargetRef is unknown, not wrong', () => {
  const refCodes = (text: string) =>
    codesAndRanges(validate(text)).filter((code) => code.startsWith('k8s/hpa-target-ref'));
  const withRef = (apiVersion: string, kind = 'Deployment') =>
    H.replace('    apiVersion: apps/v1\n    kind: Deployment\n', `    apiVersion: ${apiVersion}\n    kind: ${kind}\n`);

  it('stays quiet on a helper, a value, quoted or not, and an envsubst variable as the apiVersion or kind', () => {
    for (const apiVersion of [
      '{{ include "web.workloadApi" . }}',
      '{{ .Values.targetApi }}',
      '"{{ .Values.targetApi }}"',
      'apps/{{ .Values.version }}',
      '${TARGET_API}',
    ])
      assert.deepEqual(refCodes(withRef(apiVersion)), [], apiVersion);
    assert.deepEqual(refCodes(withRef('v1', '{{ .Values.kind }}')), []);
  });

  it('still fires, on the value, on a literal wrong group in a template and in a plain file', () => {
    const template = withRef('v1').replace('  name: web\nspec', '  name: {{ include "web.fullname" . }}\nspec');
    assert.deepEqual(refCodes(template), [`k8s/hpa-target-ref@${spanOfValue(template, '    apiVersion')}`]);
    assert.equal(
      validate(template).find((found) => found.code === 'k8s/hpa-target-ref')?.severity,
      DiagnosticSeverity.Error,
    );
    const plain = withRef('extensions/v1beta1');
    assert.deepEqual(refCodes(plain), [`k8s/hpa-target-ref@${spanOfValue(plain, '    apiVersion')}`]);
  });
});

describe('k8s/schema-unknown-field: a field of another apiVersion under a templated apiVersion', () => {
  // grafana/helm-charts: the apiVersion is chosen by the cluster's capabilities, the v2beta1 shape in the `else`.
  const chart = (
    apiVersion: string,
    legacyField = 'targetAverageUtilization',
  ) => `{{- $api := ternary "autoscaling/v2" "autoscaling/v2beta1" (.Capabilities.APIVersions.Has "autoscaling/v2") }}
apiVersion: ${apiVersion}
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
  minReplicas: 1
  maxReplicas: 3
  metrics:
    - type: Resource
      resource:
        name: cpu
        {{- if eq $api "autoscaling/v2" }}
        target:
          type: Utilization
          averageUtilization: 70
        {{- else }}
        ${legacyField}: 70
        {{- end }}
`;
  const errors = (text: string) =>
    codesAndRanges(validate(text).filter((found) => found.severity === DiagnosticSeverity.Error));

  it('stays quiet on a v2beta1 field in the branch that renders for v2beta1', () => {
    assert.deepEqual(validate(chart('{{ $api }}')), []);
    assert.deepEqual(validate(chart('"{{ $api }}"')), []);
  });

  it('stays quiet on the fields of the other served version (autoscaling/v1) and of v2beta1 external metrics', () => {
    const v1 = chart('{{ $api }}')
      .replace('        targetAverageUtilization: 70\n', '')
      .replace(
        '  maxReplicas: 3\n',
        '  maxReplicas: 3\n  {{- if not (eq $api "autoscaling/v2") }}\n  targetCPUUtilizationPercentage: 70\n  {{- end }}\n',
      );
    assert.deepEqual(errors(v1), []);
    const external = chart('{{ $api }}', 'targetAverageValue').replace(
      '    - type: Resource\n',
      '    - type: External\n      external:\n        {{- if eq $api "autoscaling/v2" }}\n        metric:\n          name: queue\n        target:\n          type: Value\n          value: 10\n        {{- else }}\n        metricName: queue\n        targetValue: 10\n        {{- end }}\n    - type: Resource\n',
    );
    assert.deepEqual(errors(external), []);
  });

  it('still reports a field no version has (a typo) under the templated apiVersion', () => {
    const typo = chart('{{ $api }}', 'targetAverageUtilisation');
    assert.deepEqual(errors(typo), [`k8s/schema-unknown-field@${spanOf(typo, 'targetAverageUtilisation')}`]);
  });

  it('still reports the v2beta1 field under a literal autoscaling/v2', () => {
    const literal = chart('autoscaling/v2');
    assert.deepEqual(errors(literal), [`k8s/schema-unknown-field@${spanOf(literal, 'targetAverageUtilization')}`]);
  });
});

describe('the rules of one apiVersion stay quiet under an apiVersion filled in later', () => {
  // envsubst or a CI token step picks the HPA's version: under autoscaling/v1, targetCPUUtilizationPercentage is right.
  const hpa = (apiVersion: string) => `apiVersion: ${apiVersion}
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 1
  maxReplicas: 3
  targetCPUUtilizationPercentage: 70
`;

  it('quiet on a v1 field under ${HPA_API}, $HPA_API and a token', () => {
    for (const apiVersion of ['${HPA_API}', '"${HPA_API}"', '$HPA_API', '__HPA_API__'])
      assert.deepEqual(validate(hpa(apiVersion)), [], apiVersion);
  });

  it('still fires under a literal autoscaling/v2, on the field', () => {
    const literal = hpa('autoscaling/v2');
    assert.deepEqual(codesAndRanges(validate(literal).filter((found) => found.code === 'k8s/hpa-v1-field')), [
      `k8s/hpa-v1-field@${spanOf(literal, 'targetCPUUtilizationPercentage')}`,
    ]);
  });
});
