import { baseHpa } from './bases';
import {
  ENUMS,
  type Json,
  LONG,
  type Mutation,
  type Obj,
  type Path,
  drop,
  dropAt,
  genericMutations,
  get,
  many,
  set,
  setTo,
  show,
} from './mutations';

// ---- HPA mutations ------------------------------------------------------------------------------------------------

const METRIC = (index: number): Path => ['spec', 'metrics', index];
const SOURCE_OF = ['resource', 'resource', 'pods', 'object', 'external'];
const TARGET = (index: number): Path => [...METRIC(index), SOURCE_OF[index], 'target'];

export function hpaMutations(): Mutation[] {
  const out: Mutation[] = [];
  const base = baseHpa('m0');
  for (const [what, rename] of [
    ['upper', (n: string) => n.toUpperCase()],
    ['underscore', (n: string) => `${n}_x`],
    ['trailing dash', (n: string) => `${n}-`],
    ['dotted (valid)', (n: string) => `${n}.a`],
    ['254 chars', (n: string) => LONG(254, n)],
    ['space', (n: string) => `${n} x`],
  ] as Array<[string, (name: string) => string]>)
    out.push(many('name', `metadata.name ${what}`, (doc, name) => set(doc, ['metadata', 'name'], rename(name))));
  // scaleTargetRef: kind and name are path segments (no "/", "%", "." or ".."), not DNS names.
  for (const to of ['', 'Web', 'web/x', 'web%x', '..', '.', 'web.x', 'web x', 'WEB_1'] as Json[])
    out.push(setTo('target-ref', ['spec', 'scaleTargetRef', 'name'], to));
  for (const to of ['', 'deployment', 'Deployment/x', 'StatefulSet', 'Pod', 'Deploy%'] as Json[])
    out.push(setTo('target-ref', ['spec', 'scaleTargetRef', 'kind'], to));
  for (const to of ['v1', 'apps/v1beta1', 'extensions/v1beta1', '', 'apps'] as Json[])
    out.push(setTo('target-ref', ['spec', 'scaleTargetRef', 'apiVersion'], to));
  // Replicas.
  for (const min of [0, -1, 1, 10, 11, 2147483648, '2'] as Json[])
    out.push(setTo('replicas', ['spec', 'minReplicas'], min));
  for (const max of [0, -1, 1, 2, 1.5, '10'] as Json[]) out.push(setTo('replicas', ['spec', 'maxReplicas'], max));
  out.push(
    many('replicas', 'maxReplicas 0 without minReplicas', (doc) => {
      drop(doc, ['spec', 'minReplicas']);
      set(doc, ['spec', 'maxReplicas'], 0);
    }),
  );
  out.push(
    many('replicas', 'minReplicas 0 with only an External metric', (doc) => {
      set(doc, ['spec', 'minReplicas'], 0);
      set(doc, ['spec', 'metrics'], [get(doc, METRIC(4)) as Json]);
    }),
  );
  // Metric types and sources.
  for (let index = 0; index < 5; index++) {
    for (const to of ENUMS.metricType) out.push(setTo('metric-type', [...METRIC(index), 'type'], to));
    out.push(dropAt('metric-source', [...METRIC(index), SOURCE_OF[index]]));
    out.push(dropAt('metric-type', [...METRIC(index), 'type']));
    for (const extra of ['resource', 'pods', 'object', 'external'])
      if (extra !== SOURCE_OF[index])
        out.push(
          many('metric-source', `metrics[${index}] also has ${extra}`, (doc) =>
            set(
              doc,
              [...METRIC(index), extra],
              get(baseHpa('x'), [...METRIC(SOURCE_OF.indexOf(extra)), extra]) as Json,
            ),
          ),
        );
    for (const to of ENUMS.targetType) out.push(setTo('target-type', [...TARGET(index), 'type'], to));
    out.push(dropAt('target-type', [...TARGET(index), 'type']));
    // Target value fields swapped, doubled, dropped, out of range.
    const target = get(base, TARGET(index)) as Obj;
    const valueField = Object.keys(target).find((key) => key !== 'type') as string;
    for (const field of ['value', 'averageValue', 'averageUtilization']) {
      if (field === valueField) continue;
      const to: Json = field === 'averageUtilization' ? 50 : '5';
      out.push(
        many('target-field', `${show([...TARGET(index), valueField])} renamed ${field}`, (doc) => {
          const map = get(doc, TARGET(index)) as Obj;
          delete map[valueField];
          map[field] = to;
        }),
      );
      out.push(setTo('target-field', [...TARGET(index), field], to));
    }
    out.push(dropAt('target-field', [...TARGET(index), valueField]));
    const near: Json[] =
      valueField === 'averageUtilization'
        ? [0, -10, 1, 100, 150, '70', '70%']
        : ['0', '-1', '1.5.5', '100 m', '0.1', 0, 5];
    for (const to of near) out.push(setTo('target-value', [...TARGET(index), valueField], to));
  }
  // Metric identifiers and names.
  for (const to of ['', 'requests/s', 'requests per second', '..', 'a%b', 'Requests'] as Json[]) {
    out.push(setTo('metric-name', [...METRIC(2), 'pods', 'metric', 'name'], to));
    out.push(setTo('metric-name', [...METRIC(4), 'external', 'metric', 'name'], to));
  }
  for (const to of ['', 'CPU', 'gpu', 'cpus'] as Json[])
    out.push(setTo('metric-name', [...METRIC(0), 'resource', 'name'], to));
  out.push(
    setTo('metric-selector', [...METRIC(4), 'external', 'metric', 'selector'], { matchLabels: { queue: 'a b' } }),
  );
  out.push(
    setTo('metric-selector', [...METRIC(4), 'external', 'metric', 'selector'], {
      matchExpressions: [{ key: 'queue', operator: 'In' }],
    }),
  );
  out.push(setTo('metric-selector', [...METRIC(4), 'external', 'metric', 'selector'], {}));
  for (const to of ['', 'Ingress/x', 'Service'] as Json[])
    out.push(setTo('target-ref', [...METRIC(3), 'object', 'describedObject', 'kind'], to));
  out.push(dropAt('target-ref', [...METRIC(3), 'object', 'describedObject', 'name']));
  out.push(setTo('metric-type', [...METRIC(0), 'type'], 'ContainerResource'));
  out.push(
    many('metric-type', 'a ContainerResource metric (HPAContainerMetrics gate)', (doc) =>
      set(doc, METRIC(0), {
        type: 'ContainerResource',
        containerResource: { name: 'cpu', container: 'web', target: { type: 'Utilization', averageUtilization: 60 } },
      }),
    ),
  );
  out.push(setTo('metrics', ['spec', 'metrics'], []));
  for (const to of ['web/x', '..', 'Web'] as Json[])
    out.push(setTo('target-ref', [...METRIC(3), 'object', 'describedObject', 'name'], to));
  out.push(setTo('yaml11', [...TARGET(2), 'averageValue'], '1_000'));
  // Behaviour.
  for (const direction of ['scaleUp', 'scaleDown']) {
    const rules: Path = ['spec', 'behavior', direction];
    for (const to of [-1, 0, 1, 3600, 3601, 86400, '60'] as Json[])
      out.push(setTo('behavior', [...rules, 'stabilizationWindowSeconds'], to));
    for (const to of ENUMS.selectPolicy) out.push(setTo('enum', [...rules, 'selectPolicy'], to));
    out.push(setTo('behavior', [...rules, 'policies'], []));
    out.push(setTo('behavior', [...rules, 'policies'], null));
    out.push(dropAt('behavior', [...rules, 'policies']));
    out.push(
      many('behavior', `${direction}: selectPolicy Disabled and policies []`, (doc) =>
        set(doc, rules, { selectPolicy: 'Disabled', policies: [] }),
      ),
    );
    for (const to of ENUMS.policyType) out.push(setTo('enum', [...rules, 'policies', 0, 'type'], to));
    for (const to of [0, -1, 1, 1000, '10'] as Json[])
      out.push(setTo('behavior', [...rules, 'policies', 0, 'value'], to));
    for (const to of [0, -5, 1, 1800, 1801, 3600, '15'] as Json[])
      out.push(setTo('behavior', [...rules, 'policies', 0, 'periodSeconds'], to));
  }
  out.push(setTo('behavior', ['spec', 'behavior'], {}));
  out.push(...genericMutations(base));
  return out;
}
