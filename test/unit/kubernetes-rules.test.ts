import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import {
  ADVISORY_OFF,
  applyFix as applyFixWith,
  codesAndRanges,
  fixTitles,
  HPA_FOR_WEB,
  validate as validateWith,
  yaml,
} from '../helpers/service';

// These tests are about one rule each: the advisory rules that any minimal manifest trips are off.
const validate = (text: string) => validateWith(text, { settings: ADVISORY_OFF });
const applyFix = (text: string, code: string, title?: string) =>
  applyFixWith(text, code, title, { settings: ADVISORY_OFF });
import { messages as apiVersionMessages } from '../../server/src/service/kubernetes/rules/apiVersion';
import { messages as metricMessages } from '../../server/src/service/kubernetes/rules/hpaMetricTarget';

const GOOD_DEPLOYMENT = yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: web
  spec:
    selector:
      matchLabels:
        app: web
    template:
      metadata:
        labels:
          app: web
      spec:
        containers:
          - name: web
            image: nginx:1.25
`;

// The HPA every other test file uses too: autoscaling/v2, cpu Utilization 70%, 2..10 replicas.
const GOOD_HPA = HPA_FOR_WEB;

/** Applies the preferred fix for `code`, then checks that the whole document validates clean. */
function fixesClean(text: string, code: string, title?: string): string {
  const fixed = applyFix(text, code, title);
  assert.deepEqual(codesAndRanges(validate(fixed)), [], `after the fix:\n${fixed}`);
  return fixed;
}

describe('k8s/api-version', () => {
  const table: Array<{ kind: 'Deployment' | 'HPA'; apiVersion: string; removedIn?: string; served: string }> = [
    { kind: 'Deployment', apiVersion: 'v1', served: 'apps/v1' },
    { kind: 'Deployment', apiVersion: 'extensions/v1beta1', removedIn: '1.16', served: 'apps/v1' },
    { kind: 'Deployment', apiVersion: 'apps/v1beta1', removedIn: '1.16', served: 'apps/v1' },
    { kind: 'Deployment', apiVersion: 'apps/v1beta2', removedIn: '1.16', served: 'apps/v1' },
    { kind: 'HPA', apiVersion: 'autoscaling/v2beta1', removedIn: '1.25', served: 'autoscaling/v2' },
    { kind: 'HPA', apiVersion: 'autoscaling/v2beta2', removedIn: '1.26', served: 'autoscaling/v2' },
  ];
  for (const row of table) {
    it(`fires on ${row.apiVersion} ${row.kind} with the exact range and fixes to ${row.served}`, () => {
      const good = row.kind === 'Deployment' ? GOOD_DEPLOYMENT : GOOD_HPA;
      const text = good.replace(/^apiVersion: \S+/, `apiVersion: ${row.apiVersion}`);
      const findings = validate(text).filter((found) => found.code === 'k8s/api-version');
      assert.deepEqual(codesAndRanges(findings), [`k8s/api-version@0:12-0:${12 + row.apiVersion.length}`]);
      const kindName = row.kind === 'Deployment' ? 'Deployment' : 'HorizontalPodAutoscaler';
      const expected = row.removedIn
        ? apiVersionMessages.removed(row.apiVersion, kindName, row.removedIn, row.served)
        : apiVersionMessages.notServed(row.apiVersion, kindName, row.served);
      assert.equal(findings[0].message, expected);
      assert.equal(fixesClean(text, 'k8s/api-version'), good);
    });
  }

  it('fires when apiVersion is missing, and the fix adds it above kind', () => {
    const text = GOOD_DEPLOYMENT.replace('apiVersion: apps/v1\n', '');
    assert.deepEqual(codesAndRanges(validate(text)), ['k8s/api-version@0:0-0:4']);
    assert.equal(fixesClean(text, 'k8s/api-version'), GOOD_DEPLOYMENT);
  });

  it('stays quiet on served apiVersions, autoscaling/v1 included', () => {
    assert.deepEqual(validate(GOOD_DEPLOYMENT), []);
    assert.deepEqual(validate(GOOD_HPA), []);
    const v1 = yaml`
      apiVersion: autoscaling/v1
      kind: HorizontalPodAutoscaler
      metadata:
        name: web
      spec:
        scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
        maxReplicas: 4
        targetCPUUtilizationPercentage: 60
    `;
    assert.deepEqual(codesAndRanges(validate(v1)), []);
  });

  it('leaves other API groups alone (a CRD that is also called Deployment)', () => {
    const text = GOOD_DEPLOYMENT.replace('apiVersion: apps/v1', 'apiVersion: example.com/v1').replace(
      'spec:\n',
      'spec:\n  whatever: 1\n',
    );
    assert.deepEqual(validate(text), []);
  });
});

describe('k8s/pod-field-misplaced', () => {
  const misplaced = yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      selector:
        matchLabels:
          app: web
      template:
        metadata:
          labels:
            app: web
        spec:
          containers:
            - name: web
              image: nginx:1.25
          ports:              # the app's port
            - containerPort: 8080
          serviceAccountName: web
  `;

  it('fires on the key of a container field written at pod level', () => {
    assert.deepEqual(codesAndRanges(validate(misplaced)), ['k8s/pod-field-misplaced@16:6-16:11']);
  });

  it('moves the field into the only container, comments and all', () => {
    const fixed = fixesClean(misplaced, 'k8s/pod-field-misplaced');
    assert.match(
      fixed,
      // eslint-disable-next-line no-regex-spaces -- the fix's exact indentation is what is tested
      /      - name: web\n          image: nginx:1.25\n          ports: {14}# the app's port\n            - containerPort: 8080\n      serviceAccountName: web/,
    );
  });

  it('makes a container around stray fields when there is none', () => {
    const noContainer = yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        selector:
          matchLabels:
            app: web
        template:
          metadata:
            labels:
              app: web
          spec:
            image: nginx:1.25
            ports:
              - containerPort: 80
    `;
    const findings = validate(noContainer);
    // "missing required field containers" is a knock-on of the misplaced fields: it folds into them (one root cause).
    assert.deepEqual(codesAndRanges(findings), [
      'k8s/pod-field-misplaced@13:6-13:11',
      'k8s/pod-field-misplaced@14:6-14:11',
    ]);
    const fixed = fixesClean(noContainer, 'k8s/pod-field-misplaced');
    assert.ok(
      fixed.endsWith(
        '    spec:\n      containers:\n        - name: web\n          image: nginx:1.25\n          ports:\n            - containerPort: 80\n',
      ),
      fixed,
    );
  });

  it('offers one move per container when there are several, none preferred', () => {
    const two = misplaced.replace(
      '          image: nginx:1.25\n',
      '          image: nginx:1.25\n        - name: sidecar\n          image: envoy:1.30\n',
    );
    const found = validate(two).find((candidate) => candidate.code === 'k8s/pod-field-misplaced');
    assert.deepEqual(
      found?.fixes.filter((fix) => fixTitles(found).includes(fix.title)).map((fix) => [fix.title, fix.isPreferred]),
      [
        ['Move "ports" into container "web"', false],
        ['Move "ports" into container "sidecar"', false],
      ],
    );
  });

  it('stays quiet on pod-level fields that share a name with container fields (securityContext)', () => {
    const text = GOOD_DEPLOYMENT + '      securityContext:\n        runAsNonRoot: true\n';
    assert.deepEqual(validate(text), []);
  });
});

describe('k8s/pod-spec-under-metadata', () => {
  const nested = yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      selector:
        matchLabels:
          app: web
      template:
        metadata:
          labels:
            app: web
          spec:
            containers:
              - name: web
                image: nginx:1.25
  `;
  it('fires on the nested spec key', () => {
    assert.deepEqual(
      codesAndRanges(validate(nested)).filter((entry) => entry.startsWith('k8s/pod-spec')),
      ['k8s/pod-spec-under-metadata@12:6-12:10'],
    );
  });
  it('moves the pod spec beside metadata', () => {
    assert.equal(fixesClean(nested, 'k8s/pod-spec-under-metadata'), GOOD_DEPLOYMENT);
  });
  it('stays quiet on a correct template', () => {
    assert.deepEqual(validate(GOOD_DEPLOYMENT), []);
  });
});

describe('k8s/hpa-v1-uses-v2-fields', () => {
  const v1WithMetrics = yaml`
    apiVersion: autoscaling/v1
    kind: HorizontalPodAutoscaler
    metadata:
      name: web
    spec:
      scaleTargetRef:
        apiVersion: apps/v1
        kind: Deployment
        name: web
      minReplicas: 2
      maxReplicas: 10
      metrics:
        - type: Resource
          resource:
            name: cpu
            target:
              type: Utilization
              averageUtilization: 70
  `;
  it("fires on metrics in a v1 HPA, in place of the schema's unknown-field error", () => {
    assert.deepEqual(codesAndRanges(validate(v1WithMetrics)), ['k8s/hpa-v1-uses-v2-fields@11:2-11:9']);
  });
  it('converts the HPA to autoscaling/v2', () => {
    assert.equal(fixesClean(v1WithMetrics, 'k8s/hpa-v1-uses-v2-fields'), GOOD_HPA);
  });
  it('turns targetCPUUtilizationPercentage into a cpu metric when converting', () => {
    const both = v1WithMetrics
      .replace('  metrics:\n', '  targetCPUUtilizationPercentage: 55\n  metrics:\n')
      .replace(/name: cpu/, 'name: memory');
    const fixed = fixesClean(both, 'k8s/hpa-v1-uses-v2-fields');
    assert.match(
      fixed,
      /- type: Resource\n {6}resource:\n {8}name: cpu\n {8}target:\n {10}type: Utilization\n {10}averageUtilization: 55\n$/,
    );
    assert.doesNotMatch(fixed, /targetCPUUtilizationPercentage/);
  });
  it('stays quiet on a v2 HPA with metrics', () => {
    assert.deepEqual(validate(GOOD_HPA), []);
  });
});

describe('k8s/hpa-metric-target', () => {
  const TARGET = '          type: Utilization\n          averageUtilization: 70\n';
  const withTarget = (target: string) => {
    assert.ok(GOOD_HPA.includes(TARGET));
    return GOOD_HPA.replace(TARGET, target);
  };

  it('fires when Utilization is paired with averageValue, and the fix sets the type that matches the field', () => {
    const text = withTarget('          type: Utilization\n          averageValue: 500m\n');
    const findings = validate(text);
    assert.deepEqual(codesAndRanges(findings), ['k8s/hpa-metric-target@16:16-16:27']);
    assert.equal(
      findings[0].message,
      metricMessages.mismatch(['spec', 'metrics', 0, 'resource', 'target'], 'Utilization', 'averageValue'),
    );
    assert.match(fixesClean(text, 'k8s/hpa-metric-target'), /type: AverageValue\n {10}averageValue: 500m/);
    // Renaming the field is offered only when its value can be a percentage.
    assert.deepEqual(fixTitles(validate(text)[0]), ['Set target type to AverageValue']);
    const percent = withTarget('          type: Utilization\n          averageValue: 80\n');
    assert.equal(
      fixesClean(percent, 'k8s/hpa-metric-target', 'Rename averageValue to averageUtilization'),
      GOOD_HPA.replace('70', '80'),
    );
  });

  it('fires when the type is missing, on the target key, and the fix adds the implied type', () => {
    const text = withTarget('          averageUtilization: 70\n');
    assert.deepEqual(codesAndRanges(validate(text)), ['k8s/hpa-metric-target@15:8-15:14']);
    assert.equal(
      fixesClean(text, 'k8s/hpa-metric-target'),
      withTarget('          averageUtilization: 70\n          type: Utilization\n'),
    );
  });

  it('fires on a misspelt type and fixes it', () => {
    const text = withTarget('          type: utilisation\n          averageUtilization: 70\n');
    assert.deepEqual(codesAndRanges(validate(text)), ['k8s/hpa-metric-target@16:16-16:27']);
    assert.equal(fixesClean(text, 'k8s/hpa-metric-target'), GOOD_HPA);
  });

  it('converts a v2beta1-style targetAverageUtilization', () => {
    const text = GOOD_HPA.replace('        target:\n' + TARGET, '        targetAverageUtilization: 70\n');
    assert.deepEqual(codesAndRanges(validate(text)), [
      'k8s/schema-required@13:6-13:14',
      'k8s/hpa-metric-target@15:8-15:32',
    ]);
    assert.equal(fixesClean(text, 'k8s/hpa-metric-target'), GOOD_HPA);
  });

  it('stays quiet on matching type and field for each target type', () => {
    assert.deepEqual(validate(GOOD_HPA), []);
    assert.deepEqual(
      validate(
        withTarget('          type: AverageValue\n          averageValue: 500m\n').replace('name: cpu', 'name: memory'),
      ),
      [],
    );
  });
});
