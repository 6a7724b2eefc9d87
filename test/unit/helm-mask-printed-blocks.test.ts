import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { maskTemplate, TEMPLATE_PLACEHOLDER } from '../../server/src/service/helm/mask';
import { codesAndRanges, HARDENED_DEPLOYMENT, validate } from '../helpers/service';

/** The yaml/syntax findings of a template (warnings and errors alike: either would be false here). */
function syntaxOf(text: string, name = 'workload.yaml'): string[] {
  return codesAndRanges(validate(text, { name }).filter((found) => found.code === 'yaml/syntax'));
}

/** The masked template with each placeholder run written `§`, to read its shape. */
function shapeOf(text: string): string[] {
  return maskTemplate(text)
    .replace(new RegExp(`${TEMPLATE_PLACEHOLDER}[0-9a-z]*${TEMPLATE_PLACEHOLDER}*`, 'g'), '§')
    .split('\n')
    .map((line) => line.trimEnd());
}

const daemonSet = (strategyLine: string, below = '') => `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels:
      app: agent
${strategyLine}
${below}  template:
    metadata:
      labels:
        app: agent
    spec:
      containers:
        - name: agent
          image: nginx:1.27
`;

describe('Helm masking: `key:{{ ... | nindent N }}`, no space after the colon', () => {
  it('is the key over the block nindent prints (it prints the line break first): no syntax finding', () => {
    assert.deepEqual(syntaxOf(daemonSet('  updateStrategy:{{ .Values.updateStrategy | toYaml | nindent 4 }}')), []);
    assert.equal(
      shapeOf(daemonSet('  updateStrategy:{{ toYaml .Values.strategy | nindent 4 }}'))[8],
      '  updateStrategy: §',
    );
    // With more of the block written below it: the placeholder is a comment, the key takes the lines below.
    const joined = daemonSet(
      '  updateStrategy:{{- toYaml .Values.strategy | nindent 4 }}',
      '    type: RollingUpdate\n',
    );
    assert.deepEqual(syntaxOf(joined), []);
    assert.match(shapeOf(joined)[8], /^ {2}updateStrategy: #/);
  });

  it('a value or an indent (no line break) right after the colon is still broken YAML, as helm renders it', () => {
    // `updateStrategy:RollingUpdate` and `updateStrategy:    type: X` are no key and value in the rendering either.
    assert.notDeepEqual(syntaxOf(daemonSet('  updateStrategy:{{ .Values.updateStrategy }}')), []);
    assert.notDeepEqual(syntaxOf(daemonSet('  updateStrategy:{{ toYaml .Values.strategy | indent 4 }}')), []);
  });
});

const service = (lines: string) => `apiVersion: v1
kind: Service
metadata:
  name: web
  annotations:
${lines}
spec:
  selector:
    app: web
  ports:
    - port: 80
`;

const statefulSet = (mounts: string, middle = '', last = '') => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
        - name: db
          image: postgres:16.4
          env:
${middle}          volumeMounts:
${mounts}
${last}`;

describe('Helm masking: a named template printed with no indent after it places its own lines', () => {
  it('at the left margin under `annotations:`, the entries below go on with its block: no syntax finding', () => {
    const lines = '{{ template "web.annotations" . }}\n{{- if .Values.ca }}\n    ca: "yes"\n{{- end }}';
    assert.deepEqual(syntaxOf(service(lines), 'service.yaml'), []);
    assert.deepEqual(shapeOf(service(lines)).slice(4, 7), ['  annotations:', '    §: §', '']);
    assert.deepEqual(syntaxOf(service(lines.replace('template', 'include')), 'service.yaml'), []);
  });

  it("at the key's column under `volumeMounts:`, items below: an item at theirs", () => {
    const mounts = '          {{ template "db.mounts" . }}\n            - name: home\n              mountPath: /home';
    assert.deepEqual(syntaxOf(statefulSet(mounts)), []);
    assert.equal(shapeOf(statefulSet(mounts))[19], '            - §');
  });

  it('a slip in the lines below is still broken YAML', () => {
    const lines = '{{ template "web.annotations" . }}\n    ca: "yes"\n   cb: "no"';
    assert.notDeepEqual(syntaxOf(service(lines), 'service.yaml'), []);
    const mounts = '          {{ template "db.mounts" . }}\n            - name: home\n             mountPath: /home';
    assert.notDeepEqual(syntaxOf(statefulSet(mounts)), []);
  });

  it('a printed key far below its sibling (a long pod template) is a key among them, not a scalar', () => {
    const env = Array.from({ length: 110 }, (_, index) => `            - name: V${index}\n              value: "x"\n`);
    const mounts = '            - name: data\n              mountPath: /data';
    const text = statefulSet(mounts, env.join(''), '  {{ template "db.volumeclaims" . }}\n');
    assert.deepEqual(syntaxOf(text), []);
    assert.equal(shapeOf(text).at(-2), '  §: §');
  });
});

/** The hardened Deployment with an `args` list whose second item is `itemLine` (on line 18). */
const args = (itemLine: string) =>
  HARDENED_DEPLOYMENT.replace(
    '          image: nginx:1.25\n',
    `          image: nginx:1.25\n          args:\n            - --port=80\n${itemLine}\n`,
  );

describe('Helm masking: a list item opened by actions that print nothing (`{{ if $p }}- item{{ end }}`)', () => {
  it('is an item where the rendering has it: no syntax finding, its value kept', () => {
    const text = args('            {{ if .Values.debug }}- --debug{{ end }}');
    assert.deepEqual(syntaxOf(text), []);
    assert.match(shapeOf(text)[18], /^ {12}- +--debug$/);
    assert.deepEqual(syntaxOf(args('            {{- /* why */}}{{ with .Values.level }}- --v={{ . }}{{ end }}')), []);
  });

  it('a key item goes on at the column of its further lines', () => {
    const env =
      '          env:\n            {{ if .Values.debug }}- name: DEBUG\n              value: "1"\n            {{- end }}';
    // In place of the Deployment's own env and the args.
    const text = args(env)
      .replace('          args:\n            - --port=80\n', '')
      .replace('          env:\n            - name: MODE\n              value: production\n', '');
    assert.deepEqual(syntaxOf(text), []);
  });

  it('at a column that is no item of the list, still broken YAML', () => {
    assert.notDeepEqual(syntaxOf(args('           {{ if .Values.debug }}- --debug{{ end }}')), []);
  });
});
