import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { resolveSettings } from '../../common/src/contract';
import { createLanguageService } from '../../server/src/service';
import { yamlLanguageServer } from '../../server/src/yamlLanguageServer';
import {
  documentHasActions,
  isTemplatePlaceholder,
  maskTemplate,
  TEMPLATE_PLACEHOLDER,
} from '../../server/src/service/helm/mask';
import { mayBeSetByTemplate } from '../../server/src/service/helm/placeholders';
import { helmCreate, helmSkipReason } from '../helpers/helm';
import { codesAndRanges, makeDocument, validate } from '../helpers/service';
import { fastestMs } from '../helpers/timing';

const P = TEMPLATE_PLACEHOLDER;
const CHART = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'helm', 'webapp');

/** The masked text with placeholders shown as `@`, for readable expectations. */
function shown(text: string): string {
  return maskTemplate(text).replace(new RegExp(`${P}[0-9a-z]*${P}*`, 'g'), (run) => '@'.repeat(run.length));
}

function parses(masked: string): string[] {
  return masked
    .split(/^---$/m)
    .flatMap((part) =>
      parseDocument(part, { uniqueKeys: true, strict: true }).errors.map((error) => error.message.split('\n')[0]),
    );
}

function errorsOf(text: string, name = 'deployment.yaml'): string[] {
  return codesAndRanges(validate(text, { name }).filter((found) => found.severity === DiagnosticSeverity.Error));
}

describe('template masking keeps every offset', () => {
  const inputs = [
    'a: {{ .Values.a }}\n',
    'a: {{ .Values.a }}\r\nb: 1\r\n',
    '{{- if .x }}\nkey: v\n{{- end }}',
    '{{/*\n a comment\n over lines\n*/}}\nkind: Deployment\n',
    'x: {{ include "y" (dict\n  "a" 1) }}\nz: 1\n',
    'a: {{ .Values.a \nb: 1\n',
    '{{- define "n" }}\nfoo: {{ .x }}\n{{- end }}\nk: v\n',
    'a: "{{ "}}" }}"\n',
    '{{{{{{\n}}}}',
    '',
    'plain: yaml\n',
  ];
  for (const input of inputs) {
    it(JSON.stringify(input), () => {
      const masked = maskTemplate(input);
      assert.equal(masked.length, input.length);
      assert.deepEqual(
        [...masked.matchAll(/\r?\n/g)].map((match) => match.index),
        [...input.matchAll(/\r?\n/g)].map((match) => match.index),
      );
    });
  }
});

describe('template masking reads actions as YAML', () => {
  it('a value action becomes a placeholder scalar, quoted or plain; equal actions mask equally', () => {
    const masked = maskTemplate(
      'name: {{ include "app.fullname" . }}\nimage: "{{ .Values.image }}:{{ .Values.tag }}"\nother: {{ include "app.fullname" . }}\n',
    );
    const data = parseDocument(masked).toJS() as Record<string, string>;
    assert.ok(isTemplatePlaceholder(data.name) && isTemplatePlaceholder(data.image));
    assert.equal(data.name, data.other);
    assert.ok(data.image.includes(':'));
  });

  it('a line of control actions or comments becomes blank', () => {
    assert.equal(
      shown('spec:\n  {{- if .x }}\n  replicas: 1\n  {{- end }}\n  {{/* why */}}\n'),
      'spec:\n              \n  replicas: 1\n            \n               \n',
    );
  });

  it('an include | nindent that is the whole value of a key becomes that value', () => {
    const masked = maskTemplate('metadata:\n  labels:\n    {{- include "app.labels" . | nindent 4 }}\n');
    const data = parseDocument(masked).toJS() as { metadata: { labels: string } };
    assert.ok(isTemplatePlaceholder(data.metadata.labels));
  });

  it('an include | nindent among keys becomes a placeholder key; among items, a placeholder item', () => {
    const text =
      'labels:\n  tier: web\n  {{- include "app.labels" . | nindent 2 }}\n  {{- toYaml .Values.more | nindent 2 }}\nenv:\n  - name: A\n    value: b\n  {{- toYaml .Values.env | nindent 2 }}\n';
    const masked = maskTemplate(text);
    assert.deepEqual(parses(masked), []);
    const data = parseDocument(masked).toJS() as { labels: Record<string, string>; env: unknown[] };
    assert.equal(Object.keys(data.labels).length, 3);
    assert.ok(Object.keys(data.labels).slice(1).every(isTemplatePlaceholder));
    assert.equal(data.env.length, 2);
    assert.ok(isTemplatePlaceholder(String(data.env[1])));
  });

  it('a toYaml | indent N at column 0 is placed at column N', () => {
    const masked = maskTemplate('spec:\n  resources:\n{{ toYaml .Values.resources | indent 4 }}\n  name: x\n');
    const data = parseDocument(masked).toJS() as { spec: { resources: string; name: string } };
    assert.ok(isTemplatePlaceholder(data.spec.resources));
    assert.equal(data.spec.name, 'x');
  });

  it('the keys of a - item map take an output line at their column as a key', () => {
    const masked = maskTemplate('containers:\n  - name: a\n    {{- include "extra" . | nindent 4 }}\n    image: b\n');
    assert.deepEqual(parses(masked), []);
    const data = parseDocument(masked).toJS() as { containers: Array<Record<string, string>> };
    assert.equal(data.containers[0].image, 'b');
  });

  it('a define body prints nothing here: blank', () => {
    assert.equal(maskTemplate('{{- define "x" }}\na: {{ .b }}\n{{- end }}\nk: v\n').trim(), 'k: v');
  });

  it('a key written in exclusive branches is one key; a real duplicate stays an error', () => {
    assert.deepEqual(
      parses(
        maskTemplate(
          'spec:\n  {{- if .x }}\n  strategy: {{ .x }}\n  {{- else }}\n  strategy:\n    type: Recreate\n  {{- end }}\n',
        ),
      ),
      [],
    );
    assert.deepEqual(
      parses(maskTemplate('spec:\n  {{- if .x }}\n  type: A\n  {{- end }}\n  {{- if .y }}\n  type: B\n  {{- end }}\n'))
        .length,
      1,
    );
    assert.deepEqual(parses(maskTemplate('spec:\n  {{- if .x }}\n  a: 1\n  a: 2\n  {{- end }}\n')).length, 1);
  });

  it('an action still being typed masks to the end of its line', () => {
    const masked = maskTemplate('spec:\n  replicas: {{ .Values.\n  paused: true\n');
    assert.deepEqual(parseDocument(masked).toJS(), {
      spec: { replicas: parseDocument(masked).toJS().spec.replicas, paused: true },
    });
  });

  it('documentHasActions: only when an action prints something', () => {
    assert.equal(documentHasActions(maskTemplate('{{- if .x }}\nkind: Deployment\n{{- end }}\n')), false);
    assert.equal(documentHasActions(maskTemplate('kind: Deployment\nmetadata: {{ .x }}\n')), true);
  });
});

describe('Helm templates through the language service', () => {
  it('the webapp chart of the fixtures (every idiom) has no errors and no placeholder in a message', () => {
    for (const file of readdirSync(join(CHART, 'templates')).filter((name) => name.endsWith('.yaml'))) {
      const findings = validate(readFileSync(join(CHART, 'templates', file), 'utf8'), { name: file });
      assert.deepEqual(
        codesAndRanges(findings.filter((found) => found.severity === DiagnosticSeverity.Error)),
        [],
        file,
      );
      assert.ok(
        findings.every((found) => !found.message.includes(P)),
        file,
      );
    }
  });

  it('mistakes in a template: each on its own line, nothing else', () => {
    const text = readFileSync(join(CHART, 'templates', 'deployment.yaml'), 'utf8')
      .replace('imagePullPolicy: {{', 'imagePullPolcy: {{')
      .replace('  replicas: {{ .Values.replicaCount }}', '  replicas: "two"')
      .replace(
        '    metadata:\n      {{- with',
        '    metadata:\n      spec:\n        restartPolicy: Always\n      {{- with',
      );
    assert.deepEqual(errorsOf(text), [
      'k8s/schema-type@10:12-10:17',
      'k8s/pod-spec-under-metadata@23:6-23:10',
      'k8s/schema-unknown-field@38:10-38:24',
    ]);
  });

  it('no fix writes placeholder characters into the template', () => {
    const text =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  selector:\n    matchLabels: {app: a}\n  template:\n    metadata:\n      labels: {app: a}\n    spec:\n      image: {{ .Values.image }}\n      containers:\n        - name: a\n          image: nginx:1.27\n';
    const findings = validate(text);
    assert.ok(
      findings.some((found) => found.code === 'k8s/pod-field-misplaced'),
      codesAndRanges(findings).join(),
    );
    for (const found of findings)
      for (const fix of found.fixes) for (const edit of fix.edits) assert.ok(!edit.newText.includes(P), fix.title);
  });

  it('hover works inside a template, on the masked model', async () => {
    const service = createLanguageService({ schemaLanguage: yamlLanguageServer });
    service.configure(resolveSettings({}));
    const text = readFileSync(join(CHART, 'templates', 'deployment.yaml'), 'utf8');
    const line = text.split('\n').findIndex((candidate) => candidate.includes('imagePullPolicy'));
    const hover = await service.hover(makeDocument(text, 'yaml', 'deployment.yaml'), { line, character: 14 });
    assert.ok(hover, 'a hover on imagePullPolicy');
  });

  // How fast in milliseconds is the bench's to say (bench/helm.mjs); here: an edit costs no more than checking the
  // whole template anew (a fresh service, a text it has not seen), both measured alike in this test.
  it('typing in a 500-line template: an edit costs no more than validating the template from scratch', () => {
    const block = readFileSync(join(CHART, 'templates', 'deployment.yaml'), 'utf8');
    let text = '';
    while (text.split('\n').length < 500) text += (text ? '---\n' : '') + block;
    const service = createLanguageService({ schemaLanguage: yamlLanguageServer });
    service.configure(resolveSettings({}));
    const uri = 'file:///fixtures/typing/deployment.yaml';
    const first = service.validate(TextDocument.create(uri, 'yaml', 1, text));
    let round = 0;
    const edit = fastestMs(() => {
      // An edit inside one document: a different value, as typing does.
      round++;
      const edited = text.replace('tier: web', `tier: web${round}`);
      service.validate(TextDocument.create(uri, 'yaml', round + 1, edited));
    }, 20);
    const fromScratch = fastestMs(() => {
      round++;
      const fresh = createLanguageService({ schemaLanguage: yamlLanguageServer });
      fresh.configure(resolveSettings({}));
      fresh.validate(TextDocument.create(uri, 'yaml', 1, text.replace('tier: web', `tier: web${round}`)));
    }, 5);
    assert.ok(edit < 2 * fromScratch, `edit ${edit.toFixed(2)} ms, from scratch ${fromScratch.toFixed(2)} ms`);
    // The edit's findings are the same as a first validation's (nothing skipped to be fast).
    const edited = service.validate(TextDocument.create(uri, 'yaml', round + 2, text));
    assert.deepEqual(codesAndRanges(edited), codesAndRanges(first));
    console.log(`# 500-line template: an edit ${edit.toFixed(2)} ms, from scratch ${fromScratch.toFixed(2)} ms`);
  });
});

describe('the real `helm create` chart, masked (no helm run at check time)', { skip: helmSkipReason() }, () => {
  it('untouched: no errors in any template', () => {
    const chart = helmCreate('mychart');
    const files = readdirSync(join(chart, 'templates')).filter((name) => name.endsWith('.yaml'));
    assert.ok(files.includes('deployment.yaml') && files.includes('hpa.yaml') && files.includes('service.yaml'));
    for (const file of [
      ...files.map((name) => join('templates', name)),
      join('templates', 'tests', 'test-connection.yaml'),
    ]) {
      assert.deepEqual(errorsOf(readFileSync(join(chart, file), 'utf8'), file), [], file);
    }
  });

  it('with mistakes injected: each on its template line, nothing else', () => {
    const chart = helmCreate('mychart');
    const path = join(chart, 'templates', 'deployment.yaml');
    const text = readFileSync(path, 'utf8')
      .replace('imagePullPolicy: {{', 'imagePullPolcy: {{')
      .replace('  replicas: {{ .Values.replicaCount }}', '  replicas: "two"')
      .replace(
        '    metadata:\n      {{- with .Values.podAnnotations }}',
        '    metadata:\n      spec:\n        restartPolicy: Always\n      {{- with .Values.podAnnotations }}',
      );
    writeFileSync(path, text);
    const lines = text.split('\n');
    const lineOf = (needle: string) => lines.findIndex((line) => line.includes(needle));
    const errors = errorsOf(text);
    assert.deepEqual(
      errors.map((entry) => entry.replace(/:\d+-.*$/, '')),
      [
        `k8s/schema-type@${lineOf('replicas: "two"')}`,
        `k8s/pod-spec-under-metadata@${lineOf('restartPolicy') - 1}`,
        `k8s/schema-unknown-field@${lineOf('imagePullPolcy')}`,
      ],
    );
  });
});

describe('template masking: idioms of public charts', () => {
  it("a toYaml | nindent at the column of the key above is that key's sequence (compact indentation)", () => {
    for (const text of [
      'spec:\n  args:\n  {{- toYaml .Values.args | nindent 2 }}\n  image: x\n',
      'spec:\n  args:\n  {{- toYaml .Values.extra | nindent 2 }}\n  - --port=80\n',
      'spec:\n  tolerations:\n{{ toYaml .Values.tolerations | indent 2 }}\n  image: x\n',
    ]) {
      const masked = maskTemplate(text);
      assert.deepEqual(parses(masked), [], text);
      const data = parseDocument(masked).toJS() as { spec: Record<string, unknown> };
      assert.ok(Array.isArray(data.spec.args ?? data.spec.tolerations), text);
    }
  });

  it('a key whose value is already below it takes the next output at its column as a sibling', () => {
    const masked = maskTemplate(
      'spec:\n  tolerations:\n{{ toYaml .Values.tolerations | indent 4 }}\n{{ tpl .Values.extra $ | indent 2 }}\n',
    );
    assert.deepEqual(parses(masked), []);
  });

  it('key: {{ include ... | nindent N }} followed by more of its block: the block is the value', () => {
    const text =
      'metadata:\n  labels: {{ include "common.labels" . | nindent 4 }}\n    app.kubernetes.io/component: pgpool\n  name: x\n';
    const masked = maskTemplate(text);
    assert.deepEqual(parses(masked), []);
    assert.deepEqual((parseDocument(masked).toJS() as { metadata: unknown }).metadata, {
      labels: { 'app.kubernetes.io/component': 'pgpool' },
      name: 'x',
    });
    assert.ok(documentHasActions(masked), 'the commented action still counts as printing');
  });

  it('equal actions in two range bodies, or reading a variable, are different values', () => {
    const masked = maskTemplate(
      '{{- range $k, $v := .Values.a }}\n- name: {{ $k | quote }}\n{{- end }}\n{{- range $k, $v := .Values.b }}\n- name: {{ $k | quote }}\n{{- end }}\n',
    );
    const names = (parseDocument(masked).toJS() as Array<{ name: string }>).map((item) => item.name);
    assert.equal(names.length, 2);
    assert.notEqual(names[0], names[1]);
  });

  it('an apiVersion printed by an action: no apiVersion finding, no version-specific HPA finding', () => {
    const hpa =
      'apiVersion: {{ include "chart.hpa.apiVersion" . }}\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: web\n  minReplicas: 1\n  maxReplicas: 3\n  metrics:\n    - type: Resource\n      resource:\n        name: cpu\n        targetAverageUtilization: 80\n';
    assert.deepEqual(errorsOf(hpa, 'hpa.yaml'), []);
    // The same with a literal apiVersion is reported as before.
    assert.notDeepEqual(
      errorsOf(hpa.replace('{{ include "chart.hpa.apiVersion" . }}', 'autoscaling/v2'), 'hpa.yaml'),
      [],
    );
  });
});

describe('template masking: safety', () => {
  it('a preferred fix that would delete an action is only a suggestion in a template', () => {
    const text =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: a}\n  template:\n    metadata:\n      labels: {app: a}\n    spec:\n      containers:\n        - name: a\n          image: nginx:1.27\n          env:\n            - name: MODE\n              value: {{ .Values.mode }}\n            - name: MODE\n              value: b\n';
    const found = validate(text).find((candidate) => candidate.code === 'k8s/env-duplicate');
    assert.ok(found, 'the duplicate is reported');
    assert.ok(found.fixes.length > 0 && found.fixes.every((fix) => !fix.isPreferred), JSON.stringify(found.fixes));
    // Without the action the same fix is preferred, as before.
    const plain = validate(text.replace('{{ .Values.mode }}', 'a')).find(
      (candidate) => candidate.code === 'k8s/env-duplicate',
    );
    assert.ok(plain?.fixes.some((fix) => fix.isPreferred));
  });

  it('completion inside a template, on the masked model', async () => {
    const service = createLanguageService({ schemaLanguage: yamlLanguageServer });
    service.configure(resolveSettings({}));
    const text = readFileSync(join(CHART, 'templates', 'deployment.yaml'), 'utf8').replace(
      '          imagePullPolicy:',
      '          imagePull\n          imagePullPolicy:',
    );
    const line = text.split('\n').findIndex((candidate) => candidate === '          imagePull');
    const list = await service.complete(makeDocument(text, 'yaml', 'deployment.yaml'), { line, character: 19 });
    assert.ok(
      list.items.some((item) => item.label === 'imagePullSecrets' || item.label === 'imagePullPolicy'),
      list.items.map((item) => item.label).join(),
    );
  });

  it('hostile templates: deep nesting, thousands of unclosed actions, a megabyte line; offsets kept, fast', () => {
    const inputs = [
      '{{ if .a }}\n'.repeat(20_000) +
        'kind: Deployment\n' +
        '{{ else }}\nx: 1\n'.repeat(2_000) +
        '{{ end }}\n'.repeat(20_000),
      'a: {{ .x\n'.repeat(20_000),
      'a: ' + '{{ .x }}'.repeat(130_000) + '\n',
      '  {{- include "x" . | nindent 4 }}\n'.repeat(20_000),
      'k:\n' + '{{/* c */}}\n'.repeat(20_000),
    ];
    // Against one linear pass over the same input (a regular expression replace), measured alike: the masking is a
    // few dozen such passes (branch tracking bounded, no allocation per action); a scan per action would be thousands.
    for (const input of inputs) {
      const masked = maskTemplate(input);
      assert.equal(masked.length, input.length);
      const masking = fastestMs(() => maskTemplate(input), 3);
      const onePass = fastestMs(() => input.replace(/[{}]/g, ' '), 3);
      assert.ok(
        masking < 200 * onePass,
        `${masking.toFixed(1)} ms for ${JSON.stringify(input.slice(0, 30))}, one pass ${onePass.toFixed(2)} ms`,
      );
    }
  });
});

describe('mayBeSetByTemplate (for rules: may an action print this field?)', () => {
  const text =
    'spec:\n  resources:\n    {{- toYaml .Values.resources | nindent 4 }}\n  labels:\n    tier: web\n    {{- include "labels" . | nindent 4 }}\n  env:\n    - name: A\n  ports:\n    - name: http\n    {{- toYaml .Values.ports | nindent 4 }}\n  image: nginx:1.27\n';
  const root = parseDocument(maskTemplate(text)).contents;
  const cases: Array<[Array<string | number>, boolean]> = [
    [['spec', 'resources', 'requests', 'cpu'], true],
    [['spec', 'labels', 'app'], true],
    [['spec', 'labels', 'tier'], false],
    [['spec', 'env', 1], false],
    [['spec', 'ports', 5], true],
    [['spec', 'image'], false],
    [['spec', 'securityContext'], false],
  ];
  for (const [path, expected] of cases) {
    it(`${path.join('.')}: ${expected}`, () => assert.equal(mayBeSetByTemplate(root, path), expected));
  }
  it('plain YAML: never', () =>
    assert.equal(mayBeSetByTemplate(parseDocument('spec: {}\n').contents, ['spec', 'x']), false));
});

describe('template masking: the template labels printed by an include', () => {
  it("a selector is not called a mismatch when an action prints the template's labels; a literal mismatch still is", () => {
    const text =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: op\nspec:\n  selector:\n    matchLabels:\n      app: {{ template "chart.name" . }}-operator\n  template:\n    metadata:\n      labels:\n        {{- include "chart.operator.labels" . | nindent 8 }}\n    spec:\n      containers:\n        - name: op\n          image: op:1.0\n';
    assert.deepEqual(errorsOf(text), []);
    const literal = text.replace('        {{- include "chart.operator.labels" . | nindent 8 }}', '        app: other');
    assert.deepEqual(
      errorsOf(literal).map((entry) => entry.split('@')[0]),
      ['k8s/selector-mismatch'],
    );
  });
});
