import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { codesAndRanges, spanOf, validate } from '../helpers/service';

/** An HPA template that prints autoscaling/v2 or v2beta1 as the cluster has it, each version's metric in its branch. */
const hpa = (v2beta1Metric: string) => `{{- $v2 := .Capabilities.APIVersions.Has "autoscaling/v2" -}}
{{- if $v2 }}
apiVersion: autoscaling/v2
{{- else }}
apiVersion: autoscaling/v2beta1
{{- end }}
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "app.fullname" . }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "app.fullname" . }}
  minReplicas: 2
  maxReplicas: 5
  metrics:
    - type: Resource
      resource:
        name: cpu
        {{- if $v2 }}
        target:
          type: Utilization
          averageUtilization: 80
        {{- else }}
        ${v2beta1Metric}
        {{- end }}
`;

const schemaFindings = (text: string) => validate(text).filter((found) => String(found.code).startsWith('k8s/schema'));

describe('a Helm template whose apiVersion is chosen in exclusive branches', () => {
  it("another version's field in its own branch: a warning of the template read at once, not an error", () => {
    const text = hpa('targetAverageUtilization: 80');
    const findings = schemaFindings(text);
    assert.deepEqual(codesAndRanges(findings), [
      `k8s/schema-unknown-field@${spanOf(text, 'targetAverageUtilization')}`,
    ]);
    assert.equal(findings[0].severity, DiagnosticSeverity.Warning);
    assert.match(findings[0].message, /with all its branches read at once\)$/);
  });

  it('the metric under a `with` of its threshold (the variable still reads the same): a warning too', () => {
    const withThreshold = hpa('targetAverageUtilization: {{ . }}')
      .replace('    - type: Resource\n', '  {{- with .Values.cpu }}\n    - type: Resource\n')
      .replace(/( {8}\{\{- end \}\}\n)$/, '$1  {{- end }}\n');
    assert.match(withThreshold, /\{\{- with \.Values\.cpu \}\}/);
    const findings = schemaFindings(withThreshold);
    assert.deepEqual(codesAndRanges(findings), [
      `k8s/schema-unknown-field@${spanOf(withThreshold, 'targetAverageUtilization')}`,
    ]);
    assert.equal(findings[0].severity, DiagnosticSeverity.Warning);
  });

  it('a misspelt field outside the branches is still an error; one apiVersion: a field in a branch is still an error', () => {
    const misspelt = hpa('targetAverageUtilization: 80').replace('  maxReplicas: 5', '  maxReplica: 5');
    const outside = schemaFindings(misspelt).find((found) => /maxReplica"/.test(found.message));
    assert.equal(outside?.severity, DiagnosticSeverity.Error);
    const single = hpa('targetAverageUtilization: 80').replace(
      '{{- if $v2 }}\napiVersion: autoscaling/v2\n{{- else }}\napiVersion: autoscaling/v2beta1\n{{- end }}\n',
      'apiVersion: autoscaling/v2\n',
    );
    const inBranch = schemaFindings(single).find((found) => /targetAverageUtilization/.test(found.message));
    assert.equal(inBranch?.severity, DiagnosticSeverity.Error);
    // A branch of another condition may render with the first apiVersion: checked against it, an error.
    const unrelated = hpa('targetAverageUtilization: 80').replace(
      '  minReplicas: 2\n',
      '  {{- if .Values.slowScaleDown }}\n  scaleDownDelay: 300\n  {{- end }}\n  minReplicas: 2\n',
    );
    const other = schemaFindings(unrelated).find((found) => /scaleDownDelay/.test(found.message));
    assert.equal(other?.severity, DiagnosticSeverity.Error);
  });
});

describe('a container whose name is written in if/else branches and the rest after them', () => {
  const pod = (afterEnd: string) => `apiVersion: v1
kind: Pod
metadata:
  name: "{{ .Release.Name }}-test"
  annotations:
    helm.sh/hook: test
spec:
  restartPolicy: Never
  containers:
{{- if .Values.testName }}
  - name: {{ .Values.testName | quote }}
{{- else }}
  - name: "{{ .Release.Name }}-test"
{{- end }}
${afterEnd}`;
  const imageFindings = (text: string) =>
    validate(text).filter((found) => found.code === 'k8s/container-image-required');

  it('read at once, the first branch looks imageless: a warning of the template read at once, not an error', () => {
    const text = pod('    image: "{{ .Values.image }}:{{ .Values.imageTag }}"\n    command: ["sh", "-c", "true"]\n');
    const findings = imageFindings(text);
    assert.ok(
      findings.every((found) => found.severity === DiagnosticSeverity.Warning),
      codesAndRanges(findings).join(),
    );
  });

  it('a container outside any branch with no image: still an error', () => {
    const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: "{{ .Release.Name }}-test"\nspec:\n  containers:\n  - name: probe\n    command: ["sh", "-c", "true"]\n`;
    const findings = imageFindings(text);
    assert.equal(findings.length, 1);
    assert.equal(findings[0].severity, DiagnosticSeverity.Error);
  });
});
