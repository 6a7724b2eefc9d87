import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import {
  BUNDLED_SCHEMA_IDS,
  bundledSchema,
  schemaAt,
  validatorFor,
  type BundledSchemaId,
} from '../../server/src/service/kubernetes/schemas';
import { CONTAINER_ONLY_FIELDS } from '../../server/schemas/podFields';

// The schemas of the kinds the workload issue adds: bundled, valid objects pass, unknown fields and wrong enums fail.
const podSpec = { containers: [{ name: 'app', image: 'nginx:1.27' }] };
const template = { metadata: { labels: { app: 'web' } }, spec: podSpec };
const selector = { matchLabels: { app: 'web' } };
const VALID: Record<BundledSchemaId, object> = {
  'deployment-apps-v1': { apiVersion: 'apps/v1', kind: 'Deployment', spec: { selector, template } },
  'hpa-autoscaling-v2': {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, maxReplicas: 3 },
  },
  'hpa-autoscaling-v1': {
    apiVersion: 'autoscaling/v1',
    kind: 'HorizontalPodAutoscaler',
    spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, maxReplicas: 3 },
  },
  'statefulset-apps-v1': {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    spec: { serviceName: 'web', selector, template, podManagementPolicy: 'Parallel' },
  },
  'daemonset-apps-v1': { apiVersion: 'apps/v1', kind: 'DaemonSet', spec: { selector, template } },
  'replicaset-apps-v1': { apiVersion: 'apps/v1', kind: 'ReplicaSet', spec: { selector, template } },
  'job-batch-v1': { apiVersion: 'batch/v1', kind: 'Job', spec: { template, backoffLimit: 2 } },
  'cronjob-batch-v1': {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    spec: { schedule: '*/5 * * * *', concurrencyPolicy: 'Forbid', jobTemplate: { spec: { template } } },
  },
  'pod-v1': { apiVersion: 'v1', kind: 'Pod', spec: podSpec },
  'service-v1': {
    apiVersion: 'v1',
    kind: 'Service',
    spec: { type: 'ClusterIP', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }] },
  },
  'pdb-policy-v1': { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', spec: { minAvailable: '50%', selector } },
};

describe('bundled schemas', () => {
  it('bundles exactly the SchemaIds the kinds use', () => {
    assert.deepEqual([...BUNDLED_SCHEMA_IDS].sort(), Object.keys(VALID).sort());
  });

  for (const id of BUNDLED_SCHEMA_IDS) {
    it(`${id}: a valid object passes, an unknown field at the top of its spec fails`, () => {
      const validate = validatorFor(id);
      assert.equal(validate(VALID[id]), true, JSON.stringify(validate.errors));
      const wrong = { ...VALID[id], spec: { ...(VALID[id] as { spec: object }).spec, replicaz: 1 } };
      assert.equal(validate(wrong), false);
      assert.deepEqual(
        validate.errors?.map((error) => [error.instancePath, error.keyword]),
        [['/spec', 'additionalProperties']],
      );
      assert.equal(bundledSchema(id).title?.split(' ')[0], (VALID[id] as { kind: string }).kind);
    });
  }

  it('the pod template of a CronJob is a PodSpec, with the enums of the API server', () => {
    assert.ok(
      schemaAt('cronjob-batch-v1', ['spec', 'jobTemplate', 'spec', 'template', 'spec', 'containers', 0, 'image']),
    );
    const validate = validatorFor('cronjob-batch-v1');
    const cronJob = VALID['cronjob-batch-v1'] as { spec: object };
    assert.equal(validate({ ...cronJob, spec: { ...cronJob.spec, concurrencyPolicy: 'Sometimes' } }), false);
    assert.deepEqual(
      validate.errors?.map((error) => error.keyword),
      ['enum'],
    );
    assert.deepEqual(schemaAt('service-v1', ['spec', 'type'])?.enum, [
      'ClusterIP',
      'NodePort',
      'LoadBalancer',
      'ExternalName',
    ]);
  });

  it('each kind sees only the definitions it reaches', () => {
    assert.ok(bundledSchema('pdb-policy-v1').definitions?.V1PodDisruptionBudgetSpec);
    assert.equal(bundledSchema('pdb-policy-v1').definitions?.V1PodSpec, undefined);
    assert.equal(bundledSchema('deployment-apps-v1').definitions?.V1ServiceSpec, undefined);
  });
});

describe('generated field lists', () => {
  it("lists exactly the container fields a Deployment's pod spec does not have (podFields.ts, for pod-field-misplaced)", () => {
    const container = Object.keys(
      schemaAt('deployment-apps-v1', ['spec', 'template', 'spec', 'containers', 0])?.properties ?? {},
    );
    const pod = new Set(Object.keys(schemaAt('deployment-apps-v1', ['spec', 'template', 'spec'])?.properties ?? {}));
    const expected = container.filter((field) => !pod.has(field) && field !== 'name');
    assert.ok(expected.includes('image') && expected.includes('ports') && !expected.includes('volumes'));
    assert.deepEqual([...CONTAINER_ONLY_FIELDS].sort(), expected.sort());
  });
});
