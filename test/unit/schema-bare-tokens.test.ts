import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { codesAndRanges, validate, ADVISORY_OFF } from '../helpers/service';

function deployment(port: string, replicas = '2'): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: sctp
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: sctp
  template:
    metadata:
      labels:
        app: sctp
    spec:
      containers:
        - name: sctp
          image: registry.example.com/sctp:1.0
          ports:
            - containerPort: ${port}
`;
}

const errors = (text: string) =>
  codesAndRanges(validate(text, { settings: ADVISORY_OFF }).filter((found) => found.severity === 1));

describe('schema types: a bare upper-case token where a number belongs is a substitution token', () => {
  it('is quiet on containerPort: PORT and replicas: NUM_REPLICAS (files meant for sed)', () => {
    assert.deepEqual(errors(deployment('PORT', 'NUM_REPLICAS')), []);
  });

  it('is quiet on a blank to fill in where a number belongs: containerPort: <ADD PORT Here>, replicas: <replicas>', () => {
    assert.deepEqual(errors(deployment('<ADD PORT Here>', '<replicas>')), []);
  });

  it('still reports angle brackets around more than a blank, at its range', () => {
    assert.deepEqual(errors(deployment('<a><b>')), ['k8s/schema-type@18:29-18:35']);
  });

  it('still reports a quoted token, a lower-case word and a short one, at their ranges', () => {
    assert.deepEqual(errors(deployment('"PORT"')), ['k8s/schema-type@18:29-18:35']);
    assert.deepEqual(errors(deployment('http')), ['k8s/schema-type@18:29-18:33']);
    assert.deepEqual(errors(deployment('PO')), ['k8s/schema-type@18:29-18:31']);
  });

  it('still reports YAML 1.1 words that kubectl reads as booleans (YES), not as tokens', () => {
    assert.deepEqual(errors(deployment('8080', 'YES')), ['k8s/schema-type@5:12-5:15']);
  });

  it('k8s/image-tag is quiet on image: CONTAINER_IMAGE, and still warns on an untagged image, at its range', () => {
    const warnings = (image: string) =>
      codesAndRanges(validate(deployment('8080').replace('registry.example.com/sctp:1.0', image))).filter((line) =>
        line.startsWith('k8s/image-tag@'),
      );
    assert.deepEqual(warnings('CONTAINER_IMAGE'), []);
    assert.deepEqual(warnings('registry.example.com/sctp'), ['k8s/image-tag@16:17-16:42']);
  });
});
