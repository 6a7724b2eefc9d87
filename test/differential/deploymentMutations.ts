import { baseDeployment } from './bases';
import {
  COUNTS,
  DNS_LABELS,
  ENUMS,
  INT_OR_PERCENT,
  type Json,
  LABEL_KEYS,
  LABEL_VALUES,
  LONG,
  type Mutation,
  PORT_NAMES,
  PORT_NUMBERS,
  type Path,
  QUANTITIES,
  dropAt,
  genericMutations,
  many,
  set,
  setTo,
  value,
} from './mutations';

// ---- Deployment mutations -----------------------------------------------------------------------------------------

const POD: Path = ['spec', 'template', 'spec'];
const WEB: Path = [...POD, 'containers', 0];
const SIDECAR: Path = [...POD, 'containers', 1];

export function deploymentMutations(): Mutation[] {
  const out: Mutation[] = [];
  const base = baseDeployment('m0');
  // Object names: a DNS-1123 subdomain made from the mutant's own name, so every mutant stays distinct.
  const nameVariants: Array<[string, (name: string) => string]> = [
    ['upper', (n) => n.toUpperCase()],
    ['underscore', (n) => `${n}_x`],
    ['trailing dash', (n) => `${n}-`],
    ['leading dash', (n) => `-${n}`],
    ['trailing dot', (n) => `${n}.`],
    ['double dot', (n) => `${n}..a`],
    ['dotted (valid)', (n) => `${n}.example.com`],
    ['254 chars', (n) => LONG(254, n)],
    ['253 chars (valid)', (n) => LONG(253, n)],
    ['space', (n) => `${n} x`],
    ['colon', (n) => `${n}:x`],
    ['63 chars (valid)', (n) => LONG(63, n)],
  ];
  for (const [what, rename] of nameVariants)
    out.push(many('name', `metadata.name ${what}`, (doc, name) => set(doc, ['metadata', 'name'], rename(name))));
  for (const at of [WEB, SIDECAR]) for (const to of DNS_LABELS) out.push(setTo('container-name', [...at, 'name'], to));
  for (const to of DNS_LABELS) {
    // A volume renamed together with its mount, so only the name's syntax is under test.
    out.push(
      many('volume-name', `volume cache renamed ${value(to)} (mount too)`, (doc) => {
        set(doc, [...POD, 'volumes', 0, 'name'], to);
        set(doc, [...WEB, 'volumeMounts', 0, 'name'], to);
      }),
    );
  }
  // Labels: extra labels anywhere, and the selected label changed consistently in selector and template.
  for (const to of LABEL_VALUES) {
    out.push(setTo('label-value', ['metadata', 'labels', 'extra'], to));
    out.push(setTo('label-value', ['spec', 'template', 'metadata', 'labels', 'extra'], to));
    out.push(
      many('label-value', `app label = ${value(to)} in selector and template`, (doc) => {
        set(doc, ['spec', 'selector', 'matchLabels', 'app'], to);
        set(doc, ['spec', 'template', 'metadata', 'labels', 'app'], to);
      }),
    );
  }
  for (const key of LABEL_KEYS) {
    out.push(setTo('label-key', ['metadata', 'labels', key], 'x'));
    out.push(setTo('label-key', ['spec', 'template', 'metadata', 'labels', key], 'x'));
    out.push(setTo('annotation-key', ['metadata', 'annotations', key], 'x'));
    out.push(
      many('label-key', `selector key ${JSON.stringify(key)} (template too)`, (doc) => {
        set(doc, ['spec', 'selector', 'matchLabels', key], 'x');
        set(doc, ['spec', 'template', 'metadata', 'labels', key], 'x');
      }),
    );
  }
  out.push(setTo('annotation-size', ['metadata', 'annotations', 'big'], 'x'.repeat(256 * 1024 + 10)));
  out.push(setTo('annotation-size', ['metadata', 'annotations', 'big'], 'x'.repeat(200 * 1024)));
  // Selector.
  out.push(setTo('selector', ['spec', 'selector'], {}));
  out.push(
    many('selector', 'selector.matchLabels = {} and no matchExpressions', (doc) =>
      set(doc, ['spec', 'selector'], { matchLabels: {} }),
    ),
  );
  out.push(setTo('selector', ['spec', 'selector', 'matchLabels', 'app'], 'api'));
  out.push(setTo('selector', ['spec', 'selector', 'matchExpressions', 0, 'values'], []));
  out.push(setTo('selector', ['spec', 'selector', 'matchExpressions', 0, 'values'], ['back']));
  out.push(setTo('selector', ['spec', 'selector', 'matchExpressions', 0, 'key'], 'Tier_'));
  for (const op of ENUMS.operator) {
    out.push(setTo('enum', ['spec', 'selector', 'matchExpressions', 0, 'operator'], op));
    out.push(
      many('selector', `matchExpressions[0] = ${op} without values`, (doc) =>
        set(doc, ['spec', 'selector', 'matchExpressions', 0], { key: 'tier', operator: op }),
      ),
    );
  }
  // Strategy and counts.
  for (const surge of INT_OR_PERCENT) {
    out.push(setTo('strategy', ['spec', 'strategy', 'rollingUpdate', 'maxSurge'], surge));
    out.push(setTo('strategy', ['spec', 'strategy', 'rollingUpdate', 'maxUnavailable'], surge));
  }
  for (const [surge, unavailable] of [
    [0, 0],
    ['0%', '0%'],
    [0, '0%'],
    ['0%', 1],
  ] as Array<[Json, Json]>)
    out.push(
      many('strategy', `maxSurge ${value(surge)} and maxUnavailable ${value(unavailable)}`, (doc) =>
        set(doc, ['spec', 'strategy', 'rollingUpdate'], { maxSurge: surge, maxUnavailable: unavailable }),
      ),
    );
  for (const type of ENUMS.strategyType) out.push(setTo('enum', ['spec', 'strategy', 'type'], type));
  out.push(
    many('strategy', 'strategy = Recreate without rollingUpdate', (doc) =>
      set(doc, ['spec', 'strategy'], { type: 'Recreate' }),
    ),
  );
  for (const field of ['replicas', 'revisionHistoryLimit', 'minReadySeconds', 'progressDeadlineSeconds'])
    for (const to of COUNTS) out.push(setTo('count', ['spec', field], to));
  for (const [progress, ready] of [
    [5, 5],
    [3, 10],
    [11, 10],
  ])
    out.push(
      many('ranges', `progressDeadlineSeconds ${progress}, minReadySeconds ${ready}`, (doc) => {
        set(doc, ['spec', 'progressDeadlineSeconds'], progress);
        set(doc, ['spec', 'minReadySeconds'], ready);
      }),
    );
  for (const to of COUNTS) out.push(setTo('count', [...POD, 'terminationGracePeriodSeconds'], to));
  // Pod-level enums.
  for (const to of ENUMS.restartPolicy) out.push(setTo('enum', [...POD, 'restartPolicy'], to));
  for (const to of ENUMS.dnsPolicy) out.push(setTo('enum', [...POD, 'dnsPolicy'], to));
  for (const to of ENUMS.imagePullPolicy) out.push(setTo('enum', [...WEB, 'imagePullPolicy'], to));
  for (const to of ENUMS.protocol) out.push(setTo('enum', [...WEB, 'ports', 0, 'protocol'], to));
  // Ports.
  for (const to of PORT_NUMBERS) {
    out.push(setTo('port', [...WEB, 'ports', 0, 'containerPort'], to));
    out.push(setTo('port', [...WEB, 'ports', 0, 'hostPort'], to));
  }
  for (const to of PORT_NAMES)
    out.push(
      many('port-name', `port name = ${value(to)} (probes follow)`, (doc) => {
        set(doc, [...WEB, 'ports', 0, 'name'], to);
        set(doc, [...WEB, 'readinessProbe', 'httpGet', 'port'], to);
        set(doc, [...WEB, 'livenessProbe', 'tcpSocket', 'port'], to);
      }),
    );
  out.push(
    many('port', 'a second port named http', (doc) =>
      set(doc, [...WEB, 'ports', 1], { name: 'http', containerPort: 9090 }),
    ),
  );
  out.push(
    many('port', 'the same containerPort twice', (doc) => set(doc, [...WEB, 'ports', 1], { containerPort: 8080 })),
  );
  // Env names (1.20: C-like identifiers with - and .; newer servers relax this).
  for (const to of ['1MODE', 'MODE-X', 'MODE X', 'MODE=X', '', 'mode.x', 'MÖDE', '_MODE'] as Json[])
    out.push(setTo('env-name', [...WEB, 'env', 0, 'name'], to));
  out.push(setTo('env', [...WEB, 'env', 0, 'valueFrom'], { fieldRef: { fieldPath: 'metadata.name' } }));
  out.push(setTo('env', [...WEB, 'env', 1, 'valueFrom', 'fieldRef', 'fieldPath'], 'metadata.nme'));
  out.push(setTo('env', [...WEB, 'env', 1, 'valueFrom'], {}));
  // Quantities and resources.
  for (const to of QUANTITIES)
    for (const at of [
      ['requests', 'cpu'],
      ['requests', 'memory'],
      ['limits', 'cpu'],
      ['limits', 'memory'],
    ])
      out.push(setTo('quantity', [...WEB, 'resources', ...at], to));
  for (const [resource, request, limit] of [
    ['cpu', '600m', '500m'],
    ['memory', '512Mi', '256Mi'],
    ['cpu', '1', '1000m'],
    ['memory', '256Mi', '0.25Gi'],
    ['memory', '300Mi', '0.25Gi'],
  ])
    out.push(
      many('ranges', `${resource} request ${request} vs limit ${limit}`, (doc) => {
        set(doc, [...WEB, 'resources', 'requests', resource], request);
        set(doc, [...WEB, 'resources', 'limits', resource], limit);
      }),
    );
  for (const resource of ['cpus', 'CPU', 'example.com/gpu', 'nvidia.com/gpu', 'ephemeral-storage', 'storage'])
    out.push(setTo('resource-name', [...WEB, 'resources', 'requests', resource], '1'));
  // Probes.
  const handlers: Record<string, Json> = {
    exec: { command: ['true'] },
    httpGet: { port: 8080 },
    tcpSocket: { port: 8080 },
  };
  for (const probe of ['readinessProbe', 'livenessProbe'])
    for (const [handler, config] of Object.entries(handlers))
      out.push(setTo('probe', [...WEB, probe, handler], config));
  out.push(dropAt('probe', [...WEB, 'livenessProbe', 'tcpSocket']));
  out.push(dropAt('probe', [...WEB, 'readinessProbe', 'httpGet']));
  for (const field of [
    'successThreshold',
    'failureThreshold',
    'periodSeconds',
    'timeoutSeconds',
    'initialDelaySeconds',
  ])
    for (const to of [-1, 0, 2, 1] as Json[]) {
      out.push(setTo('probe', [...WEB, 'livenessProbe', field], to));
      out.push(setTo('probe', [...WEB, 'readinessProbe', field], to));
    }
  for (const to of [0, 70000, 'HTTP', 'http-web-server1', 'nope', '8080'] as Json[])
    out.push(setTo('probe', [...WEB, 'readinessProbe', 'httpGet', 'port'], to));
  out.push(setTo('probe', [...WEB, 'readinessProbe', 'httpGet', 'scheme'], 'https'));
  // Volumes.
  out.push(setTo('volume', [...POD, 'volumes', 0, 'configMap'], { name: 'other' }));
  out.push(setTo('volume', [...WEB, 'volumeMounts', 0, 'name'], 'missing'));
  out.push(setTo('volume', [...POD, 'volumes', 1, 'name'], 'cache'));
  out.push(setTo('volume', [...WEB, 'volumeMounts', 1, 'mountPath'], '/cache'));
  out.push(setTo('volume', [...WEB, 'volumeMounts', 0, 'mountPath'], ''));
  out.push(setTo('volume', [...WEB, 'volumeMounts', 0, 'subPath'], '../x'));
  out.push(setTo('volume', [...WEB, 'volumeMounts', 0, 'subPath'], '/abs'));
  out.push(setTo('volume', [...WEB, 'volumeMounts', 0, 'subPath'], 'sub/dir'));
  out.push(setTo('volume', [...POD, 'volumes', 0], { name: 'cache' }));
  out.push(setTo('volume', [...POD, 'volumes', 1, 'configMap', 'name'], 'Web_Config'));
  // Container and pod names duplicated, images.
  out.push(setTo('container', [...SIDECAR, 'name'], 'web'));
  out.push(setTo('container', [...WEB, 'image'], ''));
  out.push(dropAt('container', [...WEB, 'image']));
  out.push(setTo('container', [...WEB, 'image'], 'nginx: 1.25'));
  out.push(setTo('container', [...POD, 'containers'], []));
  // YAML 1.1: kubectl reads manifests with a YAML 1.1 parser (sigs.k8s.io/yaml), where these plain scalars are
  // booleans or numbers; a YAML 1.2 reader sees strings.
  for (const to of ['yes', 'on', 'off', 'y', '1_000'] as Json[])
    out.push(setTo('yaml11', [...WEB, 'env', 0, 'value'], to));
  out.push(setTo('yaml11', ['metadata', 'labels', 'extra'], 'on'));
  out.push(setTo('yaml11', ['metadata', 'annotations', 'team'], 'no'));
  out.push(setTo('yaml11', [...WEB, 'resources', 'requests', 'memory'], '128_000'));
  // Generic: drop any field, change any value's type, add unknown or misspelt fields.
  out.push(...genericMutations(base));
  return out;
}
