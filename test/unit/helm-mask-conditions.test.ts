import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseDocument } from 'yaml';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { resolveSettings } from '../../common/src/contract';
import { createLanguageService } from '../../server/src/service';
import { exclusiveConditions, parseCondition } from '../../server/src/service/helm/conditions';
import { maskTemplate, TEMPLATE_PLACEHOLDER } from '../../server/src/service/helm/mask';
import { helmCreate, helmSkipReason } from '../helpers/helm';
import { codesAndRanges, validate } from '../helpers/service';

const job = (script: string) => `apiVersion: batch/v1
kind: Job
metadata:
  name: init
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: init
          image: busybox:1.36
          args:
            - |
${script}`;

function syntaxOf(text: string): string[] {
  return codesAndRanges(validate(text).filter((found) => found.code === 'yaml/syntax'));
}

describe('Helm masking: actions at the start of a block scalar', () => {
  const guarded = job(`              {{- if .Values.debug }}
              set -x
              {{- end }}
              echo hello
`);

  it('an if line above the first line of a | scalar is no syntax error (the template is valid YAML)', () => {
    assert.deepEqual(parseDocument(guarded).errors, []);
    assert.deepEqual(syntaxOf(guarded), []);
    const masked = maskTemplate(guarded);
    assert.equal(masked.length, guarded.length);
    assert.deepEqual(parseDocument(masked).errors, []);
    // The scalar's first line is template text at its indentation; the later control line stays blank.
    assert.match(masked, new RegExp(`\\n {14}${TEMPLATE_PLACEHOLDER}[^\\n]*\\n {14}set -x\\n {24}\\n`));
  });

  it('also at column 0 (a guard written at the left margin), and in a chart template with other actions', () => {
    const leftMargin = job(`{{- if .Values.pdb.maxUnavailable }}
              echo custom
{{- end }}
              echo {{ .Values.word }}
`);
    assert.deepEqual(syntaxOf(leftMargin), []);
  });

  it('a blank line of the template itself, longer than the scalar below it, is still an error', () => {
    const broken = job(`                     \n              echo hello\n`);
    assert.deepEqual(syntaxOf(broken), ['yaml/syntax@14:14-14:15']);
    const brokenTemplate = job(`                     \n              echo {{ .Values.word }}\n`);
    assert.deepEqual(syntaxOf(brokenTemplate), ['yaml/syntax@14:14-14:15']);
  });

  it('a scalar with an explicit indentation indicator, and lines after its first, are left as masked', () => {
    const explicit = job(
      `              {{- if .Values.debug }}\n              set -x\n              {{- end }}\n`,
    ).replace('- |', '- |2');
    assert.doesNotMatch(maskTemplate(explicit), new RegExp(TEMPLATE_PLACEHOLDER));
  });
});

const hpa = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 1
  maxReplicas: 3
`;
/** A Deployment `web`: `replicas` lines go above its selector, `lists` below its container's image. */
const workload = ({ name = 'web', replicas = '', lists = '' }) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
${replicas}  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27
${lists}`;
const deployment = (replicas: string) =>
  workload({ name: '{{ .Release.Name | default "web" | trunc 3 | replace "x" "y" | trimSuffix "-" }}', replicas });
const guardedHpa = `{{- if .Values.autoscaling.enabled }}\n${hpa}{{- end }}\n`;
const guardedReplicas = `  {{- if not .Values.autoscaling.enabled }}\n  replicas: {{ .Values.replicaCount }}\n  {{- end }}\n`;
const plainReplicas = '  replicas: {{ .Values.replicaCount }}\n';

function replicasWithHpa(text: string): string[] {
  // The Deployment's name must match the HPA's target: a template's name action masks to a placeholder, so write it.
  const named = text.replace(/name: \{\{ \.Release[^\n]*/, 'name: web');
  return codesAndRanges(validate(named).filter((found) => found.code === 'k8s/replicas-with-hpa'));
}

describe('k8s/replicas-with-hpa in a Helm template: the chart switches between replicas and the HPA', () => {
  it('quiet on the helm create layout (replicas under `if not`, the HPA under `if`)', () => {
    assert.deepEqual(replicasWithHpa(`${guardedHpa}---\n${deployment(guardedReplicas)}`), []);
  });

  it('quiet when replicas is under a condition, whatever the HPA', () => {
    assert.deepEqual(replicasWithHpa(`${hpa}---\n${deployment(guardedReplicas)}`), []);
  });

  it('fires on an unconditional replicas against an HPA the chart can turn on (then every upgrade resets it)', () => {
    assert.deepEqual(replicasWithHpa(`${guardedHpa}---\n${deployment(plainReplicas)}`), [
      'k8s/replicas-with-hpa@16:2-16:10',
    ]);
  });

  it('still fires when both are unconditional, in a template as in a plain file', () => {
    const template = `${hpa}---\n${deployment(plainReplicas)}`;
    assert.deepEqual(replicasWithHpa(template), ['k8s/replicas-with-hpa@14:2-14:10']);
    assert.deepEqual(replicasWithHpa(template.replace('{{ .Values.replicaCount }}', '2')), [
      'k8s/replicas-with-hpa@14:2-14:10',
    ]);
  });
});

describe('broken YAML that only the masking made, or that a rendering may not print, is no error', () => {
  const pdb = (second: string) => `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  {{- if .Values.a }}
  maxUnavailable: 1
  {{- end }}
${second}`;

  it('a key written in two independent ifs: a warning (both may render), not an error', () => {
    const findings = validate(pdb('  {{- if .Values.b }}\n  maxUnavailable: 2\n  {{- end }}\n'));
    assert.deepEqual(
      findings.filter((found) => found.code === 'yaml/syntax').map((found) => found.severity),
      [DiagnosticSeverity.Warning],
    );
  });

  it('a key under an if, written again outside it: a warning (the if may print nothing)', () => {
    const findings = validate(pdb('  maxUnavailable: 2\n'));
    assert.deepEqual(
      findings.filter((found) => found.code === 'yaml/syntax').map((found) => found.severity),
      [DiagnosticSeverity.Warning],
    );
  });

  it('a duplicate key that every rendering prints is still an error', () => {
    const findings = validate(pdb('  minAvailable: 1\n  minAvailable: 2\n'));
    assert.deepEqual(codesAndRanges(findings.filter((found) => found.severity === DiagnosticSeverity.Error)), [
      'yaml/syntax@11:2-11:14',
    ]);
  });
});

describe('quoted keys in exclusive branches are one key, as plain ones are', () => {
  // consul-k8s's server StatefulSet: a prometheus annotation whose value depends on TLS.
  const annotated = (branches: string) => `apiVersion: v1
kind: Service
metadata:
  name: web
  annotations:
${branches}spec:
  selector:
    app: web
  ports:
    - port: 80
`;
  const syntaxFindings = (text: string) =>
    validate(text)
      .filter((found) => found.code === 'yaml/syntax')
      .map((found) => `${found.severity}@${found.range.start.line}`);

  it('"prometheus.io/port" in the if and in the else: no duplicate-key finding', () => {
    const ifElse = (quote: string) =>
      annotated(
        `    {{- if .Values.tls.enabled }}\n    ${quote}prometheus.io/port${quote}: "8501"\n    {{- else }}\n    ${quote}prometheus.io/port${quote}: "8500"\n    {{- end }}\n`,
      );
    assert.deepEqual(syntaxFindings(ifElse('"')), []);
    assert.deepEqual(syntaxFindings(ifElse("'")), []);
  });

  it('one branch quoting the key and the other not: still one key', () => {
    const text = annotated(
      '    {{- if .Values.tls.enabled }}\n    "prometheus.io/port": "8501"\n    {{- else }}\n    prometheus.io/port: "8500"\n    {{- end }}\n',
    );
    assert.deepEqual(syntaxFindings(text), []);
  });

  it('a quoted key in two independent ifs: a warning; written twice in every rendering: an error', () => {
    const independent = annotated(
      '    {{- if .Values.tls.enabled }}\n    "prometheus.io/port": "8501"\n    {{- end }}\n    {{- if .Values.metrics }}\n    "prometheus.io/port": "8500"\n    {{- end }}\n',
    );
    assert.deepEqual(syntaxFindings(independent), [`${DiagnosticSeverity.Warning}@9`]);
    const twice = annotated('    "prometheus.io/port": "8501"\n    \'prometheus.io/port\': "8500"\n');
    assert.deepEqual(syntaxFindings(twice), [`${DiagnosticSeverity.Error}@6`]);
  });
});

const container = (lists: string) => workload({ lists });

function duplicatesOf(text: string): string[] {
  const codes = new Set(['k8s/env-duplicate', 'k8s/container-port', 'k8s/container-name-duplicate', 'yaml/syntax']);
  return codesAndRanges(validate(text).filter((found) => codes.has(found.code)));
}

describe('entries of a list in exclusive branches of a template are not duplicates', () => {
  const ifElseEnv = `          env:
            {{- if .Values.dbPasswordSecret }}
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef: {name: {{ .Values.dbPasswordSecret }}, key: password}
            {{- else }}
            - name: DB_PASSWORD
              value: {{ .Values.dbPassword | quote }}
            {{- end }}
`;

  it('an env var set in the if branch and again in the else branch (prometheus-community exporters)', () => {
    assert.deepEqual(duplicatesOf(container(ifElseEnv)), []);
  });

  it('also in a list written at its key’s indentation, and down an else-if chain', () => {
    const indentless = `          env:
          {{- if .Values.a }}
          - name: MODE
            value: a
          {{- else if .Values.b }}
          - name: MODE
            value: b
          {{- else }}
          - name: MODE
            value: c
          {{- end }}
`;
    assert.deepEqual(duplicatesOf(container(indentless)), []);
  });

  it('ports named and numbered alike in both branches: no "port name used twice" error', () => {
    const ports = `          ports:
            {{- if .Values.tls }}
            - name: http
              containerPort: 8443
            {{- else }}
            - name: http
              containerPort: 8443
              protocol: TCP
            {{- end }}
`;
    assert.deepEqual(duplicatesOf(container(ports)), []);
  });

  it('still a duplicate when both may render (two independent ifs) or when written twice in one branch', () => {
    const independent = ifElseEnv.replace('{{- else }}', '{{- end }}\n            {{- if .Values.other }}');
    assert.deepEqual(duplicatesOf(container(independent)), ['k8s/env-duplicate@16:20-16:31']);
    const twice = `          env:
            {{- if .Values.a }}
            - name: MODE
              value: a
            - name: MODE
              value: b
            {{- end }}
`;
    assert.deepEqual(duplicatesOf(container(twice)), ['k8s/env-duplicate@16:20-16:24']);
  });
});

describe('keys in separate ifs whose conditions never hold together are not duplicates', () => {
  const pdbSpec = (body: string) => `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
${body}`;
  const syntax = (body: string) => duplicatesOf(pdbSpec(body));

  it('`if not X` and `if X` (repro L), either order', () => {
    const notThenIs = `  {{- if not .Values.pdb.maxUnavailable }}
  maxUnavailable: 1
  {{- end }}
  {{- if .Values.pdb.maxUnavailable }}
  maxUnavailable: {{ .Values.pdb.maxUnavailable }}
  {{- end }}
`;
    assert.deepEqual(syntax(notThenIs), []);
    const isThenNot = `  {{- if .Values.pdb.maxUnavailable }}
  maxUnavailable: {{ .Values.pdb.maxUnavailable }}
  {{- end }}
  {{- if not .Values.pdb.maxUnavailable }}
  maxUnavailable: 1
  {{- end }}
`;
    assert.deepEqual(syntax(isThenNot), []);
  });

  it('`if not (or (hasKey $spec "a") (hasKey $spec "b"))` then `if hasKey $spec "b"` (prometheus pdb.yaml)', () => {
    const prometheus = `  {{- if not (or (hasKey $pdbSpec "minAvailable") (hasKey $pdbSpec "maxUnavailable")) }}
  maxUnavailable: 1
  {{- end }}
  {{- if hasKey $pdbSpec "minAvailable" }}
  minAvailable: {{ $pdbSpec.minAvailable }}
  {{- end }}
  {{- if hasKey $pdbSpec "maxUnavailable" }}
  maxUnavailable: {{ $pdbSpec.maxUnavailable }}
  {{- end }}
`;
    assert.deepEqual(syntax(prometheus), []);
  });

  it('`if and X (not Y)` then `if Y` with the key in a nested if (bitnami nginx), and an else then `if X`', () => {
    const bitnami = `  {{- if and .Values.serverBlock (not .Values.existingServerBlockConfigmap) }}
  maxUnavailable: 1
  {{- end }}
  {{- if .Values.existingServerBlockConfigmap }}
  {{- if .Values.other }}
  maxUnavailable: 2
  {{- end }}
  {{- end }}
`;
    assert.deepEqual(syntax(bitnami), []);
    const afterElse = `  {{- if .Values.a }}
  minAvailable: 1
  {{- else }}
  maxUnavailable: 1
  {{- end }}
  {{- if .Values.a }}
  maxUnavailable: 2
  {{- end }}
`;
    assert.deepEqual(syntax(afterElse), []);
  });

  it('`if eq X "a"` and `if eq X "b"`: a chart that switches its workload kind', () => {
    const byKind = `  {{- if eq .Values.disruption.mode "fixed" }}
  minAvailable: 1
  {{- end }}
  {{- if eq .Values.disruption.mode "percent" }}
  minAvailable: 50%
  {{- end }}
  {{- if ne .Values.disruption.mode "fixed" }}
  maxUnavailable: 1
  {{- end }}
  {{- if eq .Values.disruption.mode "fixed" }}
  maxUnavailable: 0
  {{- end }}
`;
    assert.deepEqual(syntax(byKind), []);
    assert.deepEqual(syntax(byKind.replace('"percent"', '"fixed"')), ['yaml/syntax@11:2-11:14']);
  });

  it('`if empty X` and `if X` (a default, else the value)', () => {
    const defaulted = `  {{- if empty .Values.pdb.minAvailable }}
  minAvailable: 1
  {{- end }}
  {{- if .Values.pdb.minAvailable }}
  minAvailable: {{ .Values.pdb.minAvailable }}
  {{- end }}
`;
    assert.deepEqual(syntax(defaulted), []);
    assert.deepEqual(syntax(defaulted.replace('if .Values.pdb.minAvailable', 'if .Values.pdb.other')), [
      'yaml/syntax@11:2-11:14',
    ]);
  });

  it('still a warning when both may print: independent conditions, or the same one twice', () => {
    const independent = `  {{- if .Values.a }}
  maxUnavailable: 1
  {{- end }}
  {{- if .Values.b }}
  maxUnavailable: 2
  {{- end }}
`;
    assert.deepEqual(syntax(independent), ['yaml/syntax@11:2-11:16']);
    assert.deepEqual(syntax(independent.replace('.Values.b', '.Values.a')), ['yaml/syntax@11:2-11:16']);
    assert.deepEqual(
      syntax(
        independent.replace('.Values.b', 'and .Values.a (not .Values.b)').replace('if .Values.a }}', 'if .Values.b }}'),
      ),
      [],
    );
  });
});

describe('conditions.ts', () => {
  const exclusiveTexts = (a: string, b: string) => exclusiveConditions(parseCondition(a)!, parseCondition(b)!);

  it('reads not/and/or and parentheses; anything else is an atom by its text', () => {
    assert.deepEqual(parseCondition('not (eq .Values.a "x")'), {
      op: 'not',
      arg: { op: 'atom', text: 'eq .Values.a "x"' },
    });
    assert.equal(parseCondition('.Values.a | default false'), undefined);
    assert.equal(parseCondition('$x := .Values.a'), undefined);
    assert.equal(parseCondition('not (.Values.a'), undefined);
  });

  it('exclusive only when no assignment of the atoms makes both true', () => {
    assert.equal(exclusiveTexts('.Values.a', 'not .Values.a'), true);
    assert.equal(exclusiveTexts('and .a .b', 'not .b'), true);
    assert.equal(exclusiveTexts('or .a .b', 'not .a'), false);
    assert.equal(exclusiveTexts('hasKey .a "x"', 'hasKey .a "y"'), false); // other atoms are independent
  });

  it('`eq` of one value against different literals never holds twice; `ne` is `not eq`', () => {
    assert.equal(exclusiveTexts('eq .a "x"', 'eq .a "y"'), true);
    assert.equal(exclusiveTexts('eq .Values.kind "Deployment"', 'eq "StatefulSet" .Values.kind'), true);
    assert.equal(exclusiveTexts('eq .a "x"', 'eq .a `y`'), true);
    assert.equal(exclusiveTexts('eq .a 1', 'eq .a 2'), true);
    assert.equal(exclusiveTexts('eq .a "x" "y"', 'eq .a "z"'), true);
    assert.equal(exclusiveTexts('eq .a "x"', 'ne .a "x"'), true);
    assert.equal(exclusiveTexts('and .c (eq .a "x")', 'eq .a "y"'), true);
    assert.equal(exclusiveTexts('or (eq .a "x") (eq .a "y")', 'eq .a "z"'), true);
    assert.equal(exclusiveTexts('not (ne $.Values.a "x")', 'eq $.Values.a "y"'), true);
    // A string and a number: one of the two is a render error ("incompatible types for comparison").
    assert.equal(exclusiveTexts('eq .a "1"', 'eq .a 1'), true);
    // Both may hold: the same literal, overlapping sets, two values, a value compared with a value, a `ne` and an `eq` of another literal, or an `or` with something else.
    assert.equal(exclusiveTexts('eq .a "x"', 'eq .a "x"'), false);
    assert.equal(exclusiveTexts('eq .a "x" "y"', 'eq .a "y"'), false);
    assert.equal(exclusiveTexts('eq .a "x"', 'eq .b "y"'), false);
    assert.equal(exclusiveTexts('eq .a .b', 'eq .a "y"'), false);
    assert.equal(exclusiveTexts('ne .a "x"', 'eq .a "y"'), false);
    assert.equal(exclusiveTexts('ne .a "x"', 'ne .a "y"'), false);
    assert.equal(exclusiveTexts('or (eq .a "x") .b', 'eq .a "y"'), false);
    assert.equal(exclusiveTexts('eq .a "x y"', 'eq .a "z"'), false); // a literal with a space is not read: unknown
  });

  it('`empty X` is `not X`: `if .Values.x` and `if empty .Values.x` never both print', () => {
    assert.equal(exclusiveTexts('.Values.resources', 'empty .Values.resources'), true);
    assert.equal(exclusiveTexts('not (empty $.Values.a)', 'empty $.Values.a'), true);
    assert.equal(exclusiveTexts('and .b (empty .a)', '.a'), true);
    assert.equal(exclusiveTexts('empty .a', 'empty .b'), false);
    assert.equal(exclusiveTexts('empty .a', 'not .a'), false);
    assert.equal(exclusiveTexts('empty (index .Values "a")', '.a'), false); // not a plain value: an atom
  });
});

describe('k8s/replicas-with-hpa on the real `helm create` chart', { skip: helmSkipReason() }, () => {
  function replicasWithHpaIn(chart: string, edit: (name: string, text: string) => string = (_, text) => text) {
    const service = createLanguageService();
    service.configure(resolveSettings({}));
    const uri = (name: string) => `file://${chart}/templates/${name}`;
    const text = (name: string) => edit(name, readFileSync(join(chart, 'templates', name), 'utf8'));
    service.indexFile(uri('hpa.yaml'), text('hpa.yaml'));
    const findings = service.validate(TextDocument.create(uri('deployment.yaml'), 'yaml', 1, text('deployment.yaml')));
    return findings.filter((found) => found.code === 'k8s/replicas-with-hpa');
  }

  it('quiet as scaffolded; fires once both guards are taken away', () => {
    const chart = helmCreate('mychart');
    assert.deepEqual(replicasWithHpaIn(chart), []);
    const unguarded = replicasWithHpaIn(chart, (name, text) =>
      text
        .replace(/\{\{- if \.Values\.autoscaling\.enabled \}\}\n/, '')
        .replace(/\{\{- end \}\}\n?$/, name === 'hpa.yaml' ? '' : '{{- end }}\n')
        .replace(/ *\{\{- if not \.Values\.autoscaling\.enabled \}\}\n(.*\n) *\{\{- end \}\}\n/, '$1'),
    );
    assert.equal(unguarded.length, 1);
  });
});
