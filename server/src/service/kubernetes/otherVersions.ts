import { KINDS, type KindName, type SchemaId } from './kinds';
import { schemaAt } from './schemas';
import type { YamlPath } from '../yaml/parsedYaml';

/**
 * Fields that only a former apiVersion of a kind has, by the path of the object that holds them (list indices as
 * `*`). Its schema is not bundled (the models it is generated from dropped it), so the few fields a chart still
 * writes for it are listed here. Source: staging/src/k8s.io/api/{autoscaling/v2beta1,extensions/v1beta1,
 * apps/v1beta1}/types.go.
 */
const FORMER_FIELDS: Partial<Record<KindName, Readonly<Record<string, Readonly<Record<string, string>>>>>> = {
  HorizontalPodAutoscaler: {
    // autoscaling/v2beta1 wrote each metric's target inline and named its metric with metricName.
    'spec.metrics.*.resource': withVersion('autoscaling/v2beta1', ['targetAverageUtilization', 'targetAverageValue']),
    'spec.metrics.*.containerResource': withVersion('autoscaling/v2beta1', [
      'targetAverageUtilization',
      'targetAverageValue',
    ]),
    'spec.metrics.*.pods': withVersion('autoscaling/v2beta1', ['metricName', 'targetAverageValue', 'selector']),
    'spec.metrics.*.object': withVersion('autoscaling/v2beta1', [
      'metricName',
      'targetValue',
      'selector',
      'averageValue',
    ]),
    // v2beta1's object target is the described object (a CrossVersionObjectReference), not a MetricTarget.
    'spec.metrics.*.object.target': withVersion('autoscaling/v2beta1', ['apiVersion', 'kind', 'name']),
    'spec.metrics.*.external': withVersion('autoscaling/v2beta1', [
      'metricName',
      'metricSelector',
      'targetValue',
      'targetAverageValue',
    ]),
  },
  Deployment: { spec: withVersion('extensions/v1beta1', ['rollbackTo']) },
  DaemonSet: { spec: withVersion('extensions/v1beta1', ['templateGeneration']) },
};

function withVersion(apiVersion: string, fields: readonly string[]): Record<string, string> {
  return Object.fromEntries(fields.map((field) => [field, apiVersion]));
}

/**
 * Another apiVersion of the kind that has `field` in the object at `path`, where `schemaId` (the version checked
 * against) does not: a served version whose schema is bundled (`targetCPUUtilizationPercentage` is autoscaling/v1), or a
 * former one (`targetAverageUtilization` is autoscaling/v2beta1). Undefined when no version has it: a typo.
 */
export function otherVersionWithField(
  kind: KindName,
  schemaId: SchemaId,
  path: YamlPath,
  field: string,
): string | undefined {
  for (const [apiVersion, id] of Object.entries(KINDS[kind].schemas))
    if (id !== undefined && id !== schemaId && schemaAt(id, path)?.properties?.[field] !== undefined) return apiVersion;
  const pattern = path.map((step) => (typeof step === 'number' ? '*' : step)).join('.');
  const former = FORMER_FIELDS[kind]?.[pattern];
  return former && Object.prototype.hasOwnProperty.call(former, field) ? former[field] : undefined;
}
