import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parseManifest } from '../../client/src/kube/manifest';
import {
  describePods,
  kubectlPodEventsArgs,
  kubectlPodsArgs,
  parsePods,
  problemErrors,
  rolloutProblems,
} from '../../client/src/kube/pods';

// The mapping from pod status and events to manifest lines, on the JSON `kubectl get -o json` prints (the real API
// server round trip is in client-kube-pods-real.test.ts).

const DEPLOYMENT = parseManifest(
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: api, namespace: shop}',
    'spec:',
    '  selector:',
    '    matchLabels: {app: api, tier: back}',
    '  template:',
    '    spec:',
    '      nodeSelector:', // line 8
    '        disktype: ssd',
    '      containers:',
    '        - name: api',
    '          image: api:1',
    '          envFrom:',
    '            - configMapRef:',
    '                name: settings', // line 15
    '',
  ].join('\n'),
)[0];

const pods = (...items: object[]) => JSON.stringify({ items });
const pod = (name: string, status: object) => ({ metadata: { name }, spec: { containers: [{ name: 'api' }] }, status });

describe('rollout pods: the kubectl commands', () => {
  it("select the Deployment's pods by its matchLabels in its namespace, and the pods' events", () => {
    assert.deepEqual(
      kubectlPodsArgs({ namespace: 'shop', matchLabels: { app: 'api', tier: 'back' } }, { context: 'c' }),
      ['get', 'pods', '--context', 'c', '--namespace', 'shop', '--selector', 'app=api,tier=back', '--output', 'json'],
    );
    assert.deepEqual(kubectlPodEventsArgs({}, { context: 'c' }), [
      'get',
      'events',
      '--context',
      'c',
      '--field-selector',
      'involvedObject.kind=Pod',
      '--output',
      'json',
    ]);
  });
});

describe('rollout pods: failures on the manifest line', () => {
  it('a missing ConfigMap of envFrom -> its name line', () => {
    const json = pods(
      pod('api-1', {
        phase: 'Pending',
        containerStatuses: [
          {
            name: 'api',
            ready: false,
            state: { waiting: { reason: 'CreateContainerConfigError', message: 'configmap "settings" not found' } },
          },
        ],
      }),
    );
    const errors = problemErrors(rolloutProblems(json, '{}'), DEPLOYMENT);
    assert.deepEqual(
      errors.map((e) => [e.range?.start.line, e.message]),
      [[15, 'CreateContainerConfigError: configmap "settings" not found (pod api-1, container api)']],
    );
  });

  it('FailedScheduling known only from an event, for a node selector -> nodeSelector', () => {
    const json = pods(pod('api-1', { phase: 'Pending' }));
    const events = pods({
      type: 'Warning',
      reason: 'FailedScheduling',
      involvedObject: { kind: 'Pod', name: 'api-1' },
      message: "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector.",
    });
    assert.deepEqual(
      problemErrors(rolloutProblems(json, events), DEPLOYMENT).map((e) => e.range?.start.line),
      [8],
    );
  });

  it("an event about another pod, or a Normal event, is not this rollout's", () => {
    const json = pods(
      pod('api-1', { phase: 'Running', containerStatuses: [{ name: 'api', ready: true, state: { running: {} } }] }),
    );
    const events = pods(
      { type: 'Warning', reason: 'FailedScheduling', involvedObject: { kind: 'Pod', name: 'other-1' }, message: 'x' },
      { type: 'Normal', reason: 'Pulled', involvedObject: { kind: 'Pod', name: 'api-1' }, message: 'pulled' },
    );
    assert.deepEqual(rolloutProblems(json, events), []);
    assert.deepEqual(describePods(parsePods(json)), ['api-1: Running 1/1 ready']);
  });

  it("a reason with no line to name -> the document's first line; bad JSON -> nothing", () => {
    const json = pods(
      pod('api-1', {
        conditions: [
          {
            type: 'PodScheduled',
            status: 'False',
            reason: 'Unschedulable',
            message: '0/1 nodes are available: 1 node(s) had untolerated taint.',
          },
        ],
      }),
    );
    assert.deepEqual(
      problemErrors(rolloutProblems(json, ''), DEPLOYMENT).map((e) => e.range?.start.line),
      [0],
    );
    assert.deepEqual(rolloutProblems('not json', 'null'), []);
  });
});
