import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import {
  ADVISORY_OFF,
  applyFix as applyFixWith,
  codesAndRanges,
  validate as validateWith,
  yaml,
} from '../helpers/service';

// These tests are about one rule each: the advisory rules that any minimal manifest trips are off.
const validate = (text: string) => validateWith(text, { settings: ADVISORY_OFF });
const applyFix = (text: string, code: string, title?: string) =>
  applyFixWith(text, code, title, { settings: ADVISORY_OFF });
import { schemaMessages } from '../../server/src/service/kubernetes/schemaValidation';

const deployment = (containerLines: string, extraSpec = '') => yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: web
  spec:${extraSpec}
    selector:
      matchLabels:
        app: web
    template:
      metadata:
        labels:
          app: web
      spec:
        containers:
          - name: web
${containerLines}
`;

describe('schema validation (apps/v1 Deployment, autoscaling/v2 HPA)', () => {
  it('flags a missing required field on the parent key, naming the field path', () => {
    const text = yaml`
      apiVersion: apps/v1
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
            restartPolicy: Always
    `;
    const findings = validate(text);
    assert.deepEqual(codesAndRanges(findings), ['k8s/schema-required@12:4-12:8']);
    assert.equal(findings[0].message, schemaMessages.required(['spec', 'template', 'spec'], 'containers'));
  });

  it('flags an unknown key on the key itself and offers the near miss', () => {
    const text = deployment('            imagePullPolicy: Always\n            imagee: nginx:1.25');
    const findings = validate(text);
    assert.deepEqual(codesAndRanges(findings), ['k8s/schema-unknown-field@16:10-16:16']);
    assert.equal(
      findings[0].message,
      'spec.template.spec.containers[0].imagee: unknown field "imagee" (did you mean "image"?)',
    );
    const fixed = applyFix(text, 'k8s/schema-unknown-field');
    assert.deepEqual(validate(fixed), []);
  });

  it('flags a wrong type on the value, and the fix writes a quoted number as a number', () => {
    const text = deployment('            image: nginx:1.25', '\n    replicas: "3"');
    assert.deepEqual(codesAndRanges(validate(text)), ['k8s/schema-type@5:12-5:15']);
    const fixed = applyFix(text, 'k8s/schema-type');
    assert.match(fixed, /replicas: 3\n/);
    assert.deepEqual(validate(fixed), []);
  });

  it('flags a bare number where a string belongs (env value) and quotes it', () => {
    const text = deployment(
      '            image: nginx:1.25\n            env:\n              - name: PORT\n                value: 8080',
    );
    const findings = validate(text);
    assert.deepEqual(codesAndRanges(findings), ['k8s/schema-type@18:21-18:25']);
    assert.equal(
      findings[0].message,
      'spec.template.spec.containers[0].env[0].value: expected string, found number 8080',
    );
    const fixed = applyFix(text, 'k8s/schema-type');
    assert.match(fixed, /value: "8080"/);
    assert.deepEqual(validate(fixed), []);
  });

  it('flags a value outside an enum and fixes its case', () => {
    const text = deployment('            image: nginx:1.25\n            imagePullPolicy: always');
    assert.deepEqual(codesAndRanges(validate(text)), ['k8s/schema-enum@16:27-16:33']);
    assert.deepEqual(validate(applyFix(text, 'k8s/schema-enum')), []);
  });

  it('accepts quantities written as numbers or strings', () => {
    const text = deployment(
      '            image: nginx:1.25\n            resources:\n              requests:\n                cpu: 1\n                memory: 128Mi',
    );
    assert.deepEqual(validate(text), []);
  });

  it('accepts ports written by name or number (IntOrString)', () => {
    const probe = (port: string) =>
      deployment(
        `            image: nginx:1.25\n            ports:\n              - name: http\n                containerPort: 8080\n            readinessProbe:\n              httpGet:\n                path: /\n                port: ${port}`,
      );
    assert.deepEqual(validate(probe('8080')), []);
    assert.deepEqual(validate(probe('http')), []);
  });

  it('flags a mapping key that looks like a number correctly (labels "80")', () => {
    const text = deployment('            image: nginx:1.25').replace(
      '      labels:\n        app: web\n',
      '      labels:\n        app: web\n        "80": [1]\n',
    );
    assert.match(text, /"80": \[1\]/);
    assert.deepEqual(codesAndRanges(validate(text)), ['k8s/schema-type@12:8-12:12']);
    assert.equal(validate(text)[0].message, 'spec.template.metadata.labels.80: expected string, found a list');
  });
});
