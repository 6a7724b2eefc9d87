import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { createLanguageService } from '../../server/src/service';
import { yamlLanguageServer } from '../../server/src/yamlLanguageServer';
import { makeDocument, withCursor, yaml } from '../helpers/service';

async function complete(marked: string) {
  const { text, position } = withCursor(marked);
  return createLanguageService({ schemaLanguage: yamlLanguageServer }).complete(makeDocument(text), position);
}

async function hover(marked: string) {
  const { text, position } = withCursor(marked);
  return createLanguageService({ schemaLanguage: yamlLanguageServer }).hover(makeDocument(text), position);
}

const CONTAINER = yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: web
  spec:
    selector:
      matchLabels: {app: web}
    template:
      metadata:
        labels: {app: web}
      spec:
        containers:
          - name: web
            |
`;

describe('completion', () => {
  it('offers container keys with their descriptions inside a container', async () => {
    const list = await complete(CONTAINER);
    const labels = list.items.map((item) => item.label);
    for (const key of ['image', 'ports', 'resources', 'readinessProbe', 'env'])
      assert.ok(labels.includes(key), `${key} in ${labels.join(', ')}`);
    assert.ok(!labels.includes('replicas'));
    const image = list.items.find((item) => item.label === 'image');
    const documentation = typeof image?.documentation === 'string' ? image.documentation : image?.documentation?.value;
    assert.match(documentation ?? '', /Container image name/);
  });

  it('gives each key its type, as the API reference writes it', async () => {
    const list = await complete(CONTAINER);
    const detail = (label: string) => list.items.find((item) => item.label === label)?.detail;
    assert.equal(detail('image'), 'string');
    assert.equal(detail('ports'), '[]ContainerPort');
    assert.equal(detail('resources'), 'ResourceRequirements');
    assert.equal(detail('stdin'), 'boolean');
    assert.equal(detail('imagePullPolicy'), 'Always | IfNotPresent | Never');
    assert.equal(detail('terminationGracePeriodSeconds'), undefined, 'a pod field is not offered in a container');
  });

  it('offers enum values', async () => {
    const list = await complete(CONTAINER.replace('|', 'imagePullPolicy: |'));
    assert.deepEqual(list.items.map((item) => item.label).sort(), ['Always', 'IfNotPresent', 'Never']);
  });

  it('works in the second document of a file, with ranges in file coordinates', async () => {
    const marked = 'apiVersion: v1\nkind: ConfigMap\n---\n' + CONTAINER;
    const list = await complete(marked);
    const image = list.items.find((item) => item.label === 'image');
    assert.ok(image);
    const edit = image.textEdit;
    assert.ok(edit && 'range' in edit);
    assert.equal(edit.range.start.line, withCursor(marked).position.line);
  });

  it('finds the document under the cursor in the first, a middle and the last document (no trailing newline)', async () => {
    const body = CONTAINER.replace('|', 'imagePullPolicy: |');
    for (const marked of [
      body + '---\nkind: ConfigMap\n',
      'a: 1\n--- # two\n' + body + '---\nb: 2',
      'a: 1\n---\n' + body.trimEnd(),
    ]) {
      assert.deepEqual(
        (await complete(marked)).items.map((item) => item.label).sort(),
        ['Always', 'IfNotPresent', 'Never'],
        marked,
      );
    }
  });

  it('offers our kinds and their apiVersions in a document that has no kind yet', async () => {
    assert.deepEqual(
      (await complete('kind: |')).items.map((item) => item.label),
      [
        'Deployment',
        'StatefulSet',
        'DaemonSet',
        'ReplicaSet',
        'Job',
        'CronJob',
        'Pod',
        'Service',
        'PodDisruptionBudget',
        'HorizontalPodAutoscaler',
      ],
    );
    assert.ok((await complete('apiVersion: |\nkind: Deployment\n')).items.some((item) => item.label === 'apps/v1'));
  });

  it('offers HPA metric target types', async () => {
    const marked = yaml`
      apiVersion: autoscaling/v2
      kind: HorizontalPodAutoscaler
      metadata: {name: web}
      spec:
        scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
        maxReplicas: 5
        metrics:
          - type: Resource
            resource:
              name: cpu
              target:
                type: |
    `;
    assert.deepEqual((await complete(marked)).items.map((item) => item.label).sort(), [
      'AverageValue',
      'Utilization',
      'Value',
    ]);
  });
});

describe('hover', () => {
  it('shows the field description', async () => {
    const result = await hover(CONTAINER.replace('|', 'ima|ge: nginx'));
    const contents = result?.contents;
    const text =
      typeof contents === 'object' && contents && 'value' in contents ? contents.value : JSON.stringify(contents);
    assert.match(text, /Container image name/);
  });

  it('says nothing outside our documents', async () => {
    assert.equal(await hover('services:\n  we|b: {}\n'), null);
  });
});
