import { HPA_FOR_WEB as H, spanOf, spanOfValue } from '../../helpers/service';
import { edit, type RuleCase } from './case';

/**
 * Cases for the HPA semantics rules of issue 12 (what kube-apiserver's autoscaling validation refuses), on the
 * helpers' HPA fixture. Each firing sample was also dry-run on the real 1.20 server by the differential test's
 * generator classes (metric-source, metric-name, target-ref, target-value).
 */
const CPU_TARGET = '        target:\n          type: Utilization\n          averageUtilization: 70\n';
const PODS_METRIC =
  '    - type: Pods\n      pods:\n        metric:\n          name: requests_per_second\n        target:\n          type: AverageValue\n          averageValue: "100"\n';
const withPods = H + PODS_METRIC;

const typeWithoutSource = edit(H, '    - type: Resource\n', '    - type: Pods\n');
const twoSources = H.replace(
  CPU_TARGET,
  CPU_TARGET +
    '      pods:\n        metric:\n          name: rps\n        target:\n          type: AverageValue\n          averageValue: "1"\n',
);
const nullSource =
  H +
  '    - type: External\n      external:\n        metric:\n          name: q\n        target:\n          type: Value\n          value: "5"\n      pods:\n';

const targetNameSlash = edit(H, '    name: web\n  minReplicas', '    name: web/v2\n  minReplicas');
const metricNameEmpty = edit(withPods, 'name: requests_per_second', 'name: ""');
const hpaNameUpper = edit(H, 'metadata:\n  name: web', 'metadata:\n  name: Web');
const upperTargetName = edit(H, '    name: web\n  minReplicas', '    name: Web_1\n  minReplicas');
const placeholderName = edit(H, '    name: web\n  minReplicas', '    name: ${TARGET}\n  minReplicas');

const zeroAverage = edit(withPods, 'averageValue: "100"', 'averageValue: "0"');
const spacedQuantity = edit(withPods, 'averageValue: "100"', 'averageValue: 100 m');
const podsWithValue = edit(
  withPods,
  'type: AverageValue\n          averageValue: "100"',
  'type: Value\n          value: "100"',
);
const utilizationZero = edit(H, 'averageUtilization: 70', 'averageUtilization: 0');
const bothOnResource = edit(H, 'averageUtilization: 70\n', 'averageUtilization: 70\n          averageValue: 500m\n');
const podsTypeValueAverage = edit(
  withPods,
  'type: AverageValue\n          averageValue',
  'type: Value\n          averageValue',
);

export const HPA_SEMANTICS_CASES: readonly RuleCase[] = [
  {
    id: 'k8s/hpa-metric-source',
    firing: [
      { text: typeWithoutSource, ranges: [spanOf(typeWithoutSource, 'Pods')] },
      { text: twoSources, ranges: [spanOf(twoSources, 'pods', 1)] },
    ],
    quiet: [{ text: H }, { text: withPods }, { text: nullSource }],
    fixes: [{ title: 'Set the metric type to Resource' }],
  },
  {
    id: 'k8s/hpa-names',
    firing: [
      { text: targetNameSlash, ranges: [spanOf(targetNameSlash, 'web/v2')] },
      { text: metricNameEmpty, ranges: [spanOf(metricNameEmpty, '""')] },
      { text: hpaNameUpper, ranges: [spanOfValue(hpaNameUpper, 'metadata:\n  name')] },
    ],
    quiet: [{ text: H }, { text: withPods }, { text: upperTargetName }, { text: placeholderName }],
  },
  // Findings k8s/hpa-metric-target gained in issue 12 (its own entry is in kubernetes.ts): value syntax and sign,
  // what each source requires. The driver takes one entry per id, so these are checked in hpa-semantics.test.ts.
];

export const HPA_TARGET_VALUE_SAMPLES = {
  zeroAverage,
  spacedQuantity,
  podsWithValue,
  utilizationZero,
  bothOnResource,
  podsTypeValueAverage,
};
