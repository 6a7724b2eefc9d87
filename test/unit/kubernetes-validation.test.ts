import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { readIntOrPercent } from '../../server/src/service/kubernetes/validation/intOrPercent';
import {
  dns1123LabelErrors,
  dns1123SubdomainErrors,
  labelValueErrors,
  portNameErrors,
  qualifiedNameErrors,
  relaxedEnvVarNameErrors,
  strictEnvVarNameErrors,
} from '../../server/src/service/kubernetes/validation/names';
import { compareQuantities, parseQuantity } from '../../server/src/service/kubernetes/validation/quantity';
import { applyFix, HPA_FOR_WEB, validate } from '../helpers/service';

/**
 * The pure validators the API-server rules share (server/src/service/kubernetes/validation), on the edge cases of the
 * Kubernetes sources they port (apimachinery util/validation, api/resource/quantity.go). The quantity edge cases were
 * checked by hand against the real 1.20 server: `m`, `.`, `+`, `1.G` parse; `0x10`, `1mi`, `1Ki2` do not.
 */
const valid = (errorsOf: (value: string) => string[], values: string[]) =>
  assert.deepEqual(
    values.filter((value) => errorsOf(value).length > 0),
    [],
    'valid values reported',
  );
const invalid = (errorsOf: (value: string) => string[], values: string[]) =>
  assert.deepEqual(
    values.filter((value) => errorsOf(value).length === 0),
    [],
    'invalid values accepted',
  );

describe('names', () => {
  it('DNS-1123 labels and subdomains', () => {
    valid(dns1123LabelErrors, ['a', 'ab', 'a-b', '0', 'a0b', '1-2', 'a'.repeat(63)]);
    invalid(dns1123LabelErrors, ['', 'A', 'a_b', '-a', 'a-', 'a.b', 'a'.repeat(64)]);
    valid(dns1123SubdomainErrors, ['a', 'a.b', 'web.example-1', '0.0', 'a'.repeat(253)]);
    invalid(dns1123SubdomainErrors, ['', 'A', 'a..b', '.a', 'a.', 'a_b', 'a'.repeat(254)]);
  });
  it('qualified names and label values', () => {
    valid(qualifiedNameErrors, ['a', 'A', 'a_b', 'a.B-c', 'example.com/Name', 'k8s.io/a', 'a'.repeat(63)]);
    invalid(qualifiedNameErrors, ['', '/a', 'a/', 'a/b/c', 'Example.com/a', '-a', 'a b', 'a'.repeat(64)]);
    valid(labelValueErrors, ['', 'a', 'A_b.c-d', '1', 'a'.repeat(63)]);
    invalid(labelValueErrors, ['a b', '-a', 'a-', 'a/b', 'a'.repeat(64)]);
  });
  it('IANA_SVC_NAME port names', () => {
    valid(portNameErrors, ['http', 'h2c', 'metrics-9090', 'a'.repeat(15)]);
    invalid(portNameErrors, ['', 'HTTP', 'http_port', '8080', 'a--b', '-a', 'a-', 'a'.repeat(16)]);
  });
  it('env var names: relaxed (1.32+) and strict (older servers)', () => {
    valid(relaxedEnvVarNameErrors, ['A', '1ST', 'my var', 'a.b-c', '..']);
    invalid(relaxedEnvVarNameErrors, ['', 'A=B', 'tab\there', 'é']);
    valid(strictEnvVarNameErrors, ['A', '_a', 'my.env-name', 'MY_ENV.NAME']);
    invalid(strictEnvVarNameErrors, ['1ST', 'my var', '.', '..', '..a']);
  });
});

describe('quantities', () => {
  it('parses what resource.ParseQuantity parses', () => {
    for (const text of [
      '0',
      '1',
      '100m',
      '1.5Gi',
      '0.5',
      '.5',
      '5.',
      '1e3',
      '1E3',
      '1e-3',
      '+1',
      '-1',
      '1Ki',
      '2Ei',
      '1E',
      ' 128Mi ',
    ])
      assert.ok(parseQuantity(text), text);
  });
  it('refuses what it refuses', () => {
    for (const text of ['', ' ', '100 m', '1GB', '1Kb', '2 cores', '1e', '1ee3', '1.5.5', '1Ki2', '0x10', '1mi'])
      assert.equal(parseQuantity(text), undefined, text);
  });
  it('a request over its limit in the other unit family says why (64Mi over 64M); one family, no note', () => {
    const messageOf = (request: string, limit: string) =>
      validate(
        `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: c:1\n      resources:\n        requests:\n          memory: ${request}\n        limits:\n          memory: ${limit}\n`,
      ).find((found) => found.code === 'k8s/resource-quantity')?.message;
    assert.equal(
      messageOf('64Mi', '64M'),
      'spec.containers[0].resources.requests.memory: 64Mi must be less than or equal to memory limit of 64M (Mi counts 1024^2, M 1000^2: write both in the same unit)',
    );
    assert.match(messageOf('1G', '1000Ki') ?? '', /\(Ki counts 1024, G 1000\^3: write both in the same unit\)$/);
    assert.match(messageOf('2Gi', '1Gi') ?? '', /limit of 1Gi$/);
  });

  it('compares exactly across suffixes', () => {
    const cmp = (a: string, b: string) => compareQuantities(parseQuantity(a)!, parseQuantity(b)!);
    assert.ok(cmp('64Mi', '64M') > 0);
    assert.equal(cmp('1', '1000m'), 0);
    assert.equal(cmp('1Ki', '1024'), 0);
    assert.ok(cmp('0.5', '499m') > 0);
    assert.ok(cmp('-1', '0') < 0);
    assert.ok(cmp('1e3', '1Ki') < 0);
    assert.ok(cmp('1E', '1Pi') > 0);
  });
});

describe('int-or-percent', () => {
  it('reads numbers, percentages and the strings the server refuses', () => {
    assert.deepEqual(readIntOrPercent(2), { kind: 'int', value: 2 });
    assert.deepEqual(readIntOrPercent('25%'), { kind: 'percent', value: 25 });
    assert.deepEqual(readIntOrPercent('25'), { kind: 'invalid', text: '25' });
    assert.deepEqual(readIntOrPercent('2.5%'), { kind: 'invalid', text: '2.5%' });
    assert.equal(readIntOrPercent(1.5), undefined);
  });
});

describe('the v2beta1 conversion of a targetValue on a Resource metric (issue 12 item 4)', () => {
  const v2beta1 = HPA_FOR_WEB.replace('autoscaling/v2', 'autoscaling/v2beta1').replace(
    '        target:\n          type: Utilization\n          averageUtilization: 70\n',
    '        targetValue: 500m\n',
  );
  it('the apiVersion fix writes no Value target, which the API server rejects on a Resource metric', () => {
    const fixed = applyFix(v2beta1, 'k8s/api-version');
    assert.doesNotMatch(fixed, /type: Value/);
    const target = validate(fixed).filter((found) => found.code === 'k8s/hpa-metric-target');
    assert.equal(target.length, 1);
    assert.equal(target[0].severity, DiagnosticSeverity.Error);
  });
  it('the per-pod AverageValue conversion is offered, not preferred, and leaves no error', () => {
    const v2 = v2beta1.replace('autoscaling/v2beta1', 'autoscaling/v2');
    const found = validate(v2).find((candidate) => candidate.code === 'k8s/hpa-metric-target');
    assert.deepEqual(
      found?.fixes.map((fix) => [fix.title, fix.isPreferred]),
      [['Make it an AverageValue target (per pod)', false]],
    );
    const fixed = applyFix(v2, 'k8s/hpa-metric-target', 'Make it an AverageValue target (per pod)');
    assert.match(fixed, /target:\n {10}type: AverageValue\n {10}averageValue: 500m\n/);
    assert.deepEqual(
      validate(fixed).filter((candidate) => candidate.severity === DiagnosticSeverity.Error),
      [],
    );
  });
});
