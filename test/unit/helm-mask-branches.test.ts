import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { maskTemplate } from '../../server/src/service/helm/mask';
import { codesAndRanges, validate } from '../helpers/service';

function errorsOf(text: string): string[] {
  return codesAndRanges(validate(text).filter((found) => found.severity === DiagnosticSeverity.Error));
}

const head = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "x.fullname" . }}
spec:
  selector:
    matchLabels:
      app: x
  template:
    metadata:
      labels:
        app: x
    spec:
      containers:
        - name: webhook
          image: "{{ .Values.image }}"
          args:
            - --a
`;

// The shape of kube-prometheus-stack's admission webhook Deployment: each branch adds args, then steps out to `ports:`.
const continuesOutside = `${head}          {{- if .Values.tls.enabled }}
            - "--web.enable-tls=true"
          ports:
            - containerPort: {{ .Values.tls.port }}
              name: https
          {{- else }}
            - "--web.enable-tls=false"
          ports:
            - containerPort: 8080
              name: {{ .Values.portName }}
          {{- end }}
`;

describe('Helm masking: an else branch that goes on with what the if interrupted', () => {
  it('is not read as items of the key the first branch ended in (no false "expected object")', () => {
    assert.deepEqual(errorsOf(continuesOutside), []);
  });

  it('is blanked whole, offsets kept; the first branch stays', () => {
    const masked = maskTemplate(continuesOutside);
    assert.equal(masked.length, continuesOutside.length);
    assert.match(masked, /--web\.enable-tls=true/);
    assert.doesNotMatch(masked, /--web\.enable-tls=false/);
    assert.doesNotMatch(masked, /containerPort: 8080/);
  });

  it('still reports a true error in the first branch, at its range', () => {
    const broken = continuesOutside.replace(
      '              name: https',
      '              name: https\n              hostPort: "x"',
    );
    assert.deepEqual(errorsOf(broken), ['k8s/schema-type@23:24-23:27']);
  });

  it('keeps checking an else branch at the level of the first (each branch whole): its error is reported', () => {
    const sameLevel = `${head}          {{- if .Values.debug }}
          stdin: true
          {{- else }}
          tty: "x"
          {{- end }}
`;
    assert.match(maskTemplate(sameLevel), /tty: "x"/);
    assert.deepEqual(errorsOf(sameLevel), ['k8s/schema-type@21:15-21:18']);
  });

  it('stays linear on deeply nested if/else', () => {
    const nested = `${head}${'          {{- if .a }}\n            - x\n'.repeat(3000)}${'          {{- else }}\n            - y\n          {{- end }}\n'.repeat(3000)}`;
    assert.equal(maskTemplate(nested).length, nested.length);
  });
});
