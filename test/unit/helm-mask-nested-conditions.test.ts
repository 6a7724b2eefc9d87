import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { codesAndRanges, validate } from '../helpers/service';

/** The yaml/syntax findings of a template, with their severity: a duplicate key is one of them. */
function syntaxOf(text: string): string[] {
  return validate(text)
    .filter((found) => found.code === 'yaml/syntax')
    .map(
      (found) => `${codesAndRanges([found])[0]} ${found.severity === DiagnosticSeverity.Error ? 'error' : 'warning'}`,
    );
}

/** A Deployment whose pod template's metadata is `podMetadata` (written at column 6). */
const deployment = (podMetadata: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
${podMetadata}      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27
`;

// The user's annotations when there are some; else, when metrics are on, a key of its own for the scrape annotations
// (the shape of cert-manager's Deployments). `with X` prints exactly when `if X` would.
const userOrScrape = (inner: string) => `      {{- with .Values.podAnnotations }}
      annotations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- if and .Values.prometheus.enabled (not .Values.prometheus.podmonitor.enabled) }}
      {{- if ${inner} }}
      annotations:
      {{- end }}
        prometheus.io/path: "/metrics"
      {{- end }}
`;

describe('keys in blocks whose conditions, nested ones included, never hold together are not duplicates', () => {
  it('`with X` then `if Y` holding `if not X`: one annotations key in any rendering', () => {
    assert.deepEqual(syntaxOf(deployment(userOrScrape('not .Values.podAnnotations'))), []);
  });

  it('also with `empty X` inside, and with the with/if order swapped', () => {
    assert.deepEqual(syntaxOf(deployment(userOrScrape('empty .Values.podAnnotations'))), []);
    const swapped = `      {{- if .Values.prometheus.enabled }}
      {{- if not .Values.podAnnotations }}
      annotations:
        prometheus.io/path: "/metrics"
      {{- end }}
      {{- end }}
      {{- with .Values.podAnnotations }}
      annotations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
`;
    assert.deepEqual(syntaxOf(deployment(swapped)), []);
  });

  it('still a duplicate when the nested condition may hold with the other (`if X` inside, or another value)', () => {
    assert.deepEqual(syntaxOf(deployment(userOrScrape('.Values.podAnnotations'))), ['yaml/syntax@15:6-15:17 warning']);
    assert.deepEqual(syntaxOf(deployment(userOrScrape('not .Values.scrapeAnnotations'))), [
      'yaml/syntax@15:6-15:17 warning',
    ]);
  });

  it('a condition inside a with reads its value, not the same text outside: still a duplicate', () => {
    // `.Values.podAnnotations` under `with .Values.extra` is `.Values.extra.Values.podAnnotations`.
    const rebound = `      {{- with .Values.podAnnotations }}
      annotations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.extra }}
      {{- if not .Values.podAnnotations }}
      annotations:
        extra: "true"
      {{- end }}
      {{- end }}
`;
    assert.deepEqual(syntaxOf(deployment(rebound)), ['yaml/syntax@15:6-15:17 warning']);
  });

  it('a key written twice inside one branch is still reported', () => {
    const twice = `      {{- with .Values.podAnnotations }}
      annotations:
        {{- toYaml . | nindent 8 }}
      annotations: {}
      {{- end }}
`;
    assert.deepEqual(syntaxOf(deployment(twice)), ['yaml/syntax@12:6-12:17 warning']);
  });
});
