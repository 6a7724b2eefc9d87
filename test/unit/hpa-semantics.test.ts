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
