import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { maskTemplate } from '../../server/src/service/helm/mask';
import { codesAndRanges, validate } from '../helpers/service';

/** The yaml/syntax findings of a template (warnings and errors alike: either would be false here). */
function syntaxOf(text: string): string[] {
  return codesAndRanges(validate(text, { name: 'hpa.yaml' }).filter((found) => found.code === 'yaml/syntax'));
}

// A chart's guard: an indented `fail` under an `if`, then the manifest at the left margin (traefik's hpa.yaml shape).
const guarded = (guard: string) => `{{- if .Values.autoscaling.enabled }}
{{- if not .Values.autoscaling.maxReplicas }}
${guard}
{{- end }}

apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "app.fullname" . }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "app.fullname" . }}
  minReplicas: 1
  maxReplicas: {{ .Values.autoscaling.maxReplicas }}
{{- end }}
`;

describe('Helm masking: an indented action that prints nothing is no YAML node', () => {
  it('an indented fail guard above the manifest: no syntax finding (fail stops the rendering, it prints nothing)', () => {
    assert.deepEqual(syntaxOf(guarded('  {{- fail "ERROR: maxReplicas is required on HPA" }}')), []);
    assert.deepEqual(syntaxOf(guarded('    {{ fail (printf "%s is required" "maxReplicas") -}}')), []);
  });

  it('nor an indented assignment, comment, define or if/end on one line', () => {
    for (const silent of [
      '  {{- $name := include "app.fullname" . }}',
      '  {{- $_ := set .Values "seen" true }}',
      '  {{- /* maxReplicas must be set */}}',
      '  {{- define "app.none" }}a: b{{ end }}',
      '  {{- if .Values.x }}{{ end }}',
    ])
      assert.deepEqual(syntaxOf(guarded(silent)), [], silent);
  });

  it('nor an if followed by a YAML comment on its line (it prints nothing; the comment stays one)', () => {
    const annotated = (line: string) =>
      guarded('').replace('  name: {{', `  annotations:\n    a: "1"\n${line}\n    b: "2"\n    {{- end }}\n  name: {{`);
    assert.deepEqual(syntaxOf(annotated('    {{- if .Values.workaround }}  # until the fix ships')), []);
    assert.deepEqual(syntaxOf(annotated('    {{- if .Values.workaround }}# until the fix ships')), []);
    assert.notDeepEqual(syntaxOf(annotated('    {{- if .Values.workaround }}  b-c  # until the fix ships')), []);
  });

  it('masks a fail line blank, offsets kept', () => {
    const line = '  {{- fail "no" }}';
    const masked = maskTemplate(guarded(line));
    assert.equal(masked.split('\n')[2], ' '.repeat(line.length));
  });

  it('still reports text of its own at that indent, and a broken line of the manifest below a fail guard', () => {
    assert.notDeepEqual(syntaxOf(guarded('  maxReplicas is required')), []);
    const broken = (guard: string) =>
      guarded(guard).replace('kind: HorizontalPodAutoscaler', ' kind: HorizontalPodAutoscaler');
    // What the same manifest says with a blank line for the guard: the slip on line 6, nothing more.
    assert.deepEqual(syntaxOf(broken('  {{- fail "no" }}')), syntaxOf(broken('')));
    assert.deepEqual(syntaxOf(broken('')), ['yaml/syntax@5:12-5:13']);
  });
});

/** A Pod whose container has `line` (written at column 6) after its image. */
const pod = (line: string) => `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: "{{ .Values.image }}"
${line}
      args:
        - --port=8080
`;

describe('Helm masking: a key and value guarded by a block on their own line', () => {
  it('`{{with X }}key: "{{.}}"{{end}}`: no syntax finding (the end prints nothing after the quoted value)', () => {
    assert.deepEqual(syntaxOf(pod('      {{with .Values.pullPolicy }}imagePullPolicy: "{{.}}"{{end}}')), []);
    assert.deepEqual(syntaxOf(pod('      {{- if .Values.native }}restartPolicy: Always{{- end }}')), []);
    assert.deepEqual(syntaxOf(pod("      {{ with .Values.user }}workingDir: '/home/{{.}}'{{ end }}{{/* why */}}")), []);
  });

  it('masks the end blank and the key keeps its column; a value of its own keeps its text', () => {
    const masked = maskTemplate(pod('      {{ if .Values.native }}restartPolicy: Always{{ end }}')).split('\n')[8];
    assert.match(masked, /^ {6}\S+restartPolicy: Always {9}$/);
    assert.equal(maskTemplate('k: v {{- end }}\n'), 'k: v           \n');
  });

  it('still reports text after the quoted value, and an action that prints there', () => {
    assert.deepEqual(syntaxOf(pod('      {{with .Values.pullPolicy }}imagePullPolicy: "{{.}}" x{{end}}')), [
      'yaml/syntax@8:59-8:60',
    ]);
    assert.notDeepEqual(syntaxOf(pod('      {{with .Values.pullPolicy }}imagePullPolicy: "{{.}}"{{ .x }}{{end}}')), []);
  });
});
