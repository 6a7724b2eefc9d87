import { stringify } from 'yaml';

/**
 * The mutant generator of the differential test: valid Deployments and HPAs, each broken (or nearly broken) in one
 * or two places by a near-miss value, a dropped field, a changed type, crossed ranges or an unknown field. Pure and
 * deterministic for a seed; the test sends each mutant to the real API server and to Shipshape and compares.
 *
 * A mutant keeps a unique object name derived from its id (`m0042`), so the server's answer can be matched to it,
 * even when the name itself is the mutation (`M0042`, `m0042_x`).
 */

export type MutantKind = 'Deployment' | 'HorizontalPodAutoscaler';

export interface Mutant {
  readonly id: number;
  readonly kind: MutantKind;
  /** The mutation class (`name`, `quantity`, `retype`, ...): disagreements are grouped by it. */
  readonly cls: string;
  /** What was done, e.g. `spec.replicas = "3"`; two mutations are joined with ` + `. */
  readonly mutation: string;
  /** The object name after mutation (undefined when the mutation removed or retyped it). */
  readonly name: string | undefined;
  /** The manifest as written by the user (autoscaling/v2 for HPAs). */
  readonly text: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };
type Path = ReadonlyArray<string | number>;

/** A mutation: a label for the report and the change it makes to a fresh copy of the base object. */
interface Mutation {
  readonly cls: string;
  readonly label: string;
  apply(doc: Obj, name: string): void;
}

/** mulberry32: a tiny seeded generator, so a seed reproduces the same mutants on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function baseDeployment(name: string): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app: 'web', tier: 'front' }, annotations: { team: 'platform' } },
    spec: {
      replicas: 2,
      revisionHistoryLimit: 5,
      minReadySeconds: 5,
      progressDeadlineSeconds: 600,
      selector: {
        matchLabels: { app: 'web' },
        matchExpressions: [{ key: 'tier', operator: 'In', values: ['front'] }],
      },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } },
      template: {
        metadata: { labels: { app: 'web', tier: 'front' } },
        spec: {
          restartPolicy: 'Always',
          dnsPolicy: 'ClusterFirst',
          terminationGracePeriodSeconds: 30,
          volumes: [
            { name: 'cache', emptyDir: {} },
            { name: 'config', configMap: { name: 'web-config' } },
          ],
          containers: [
            {
              name: 'web',
              image: 'nginx:1.25',
              imagePullPolicy: 'IfNotPresent',
              ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
              env: [
                { name: 'MODE', value: 'production' },
                { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
              ],
              resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
              readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10, failureThreshold: 3 },
              livenessProbe: { tcpSocket: { port: 'http' }, initialDelaySeconds: 5, successThreshold: 1 },
              volumeMounts: [
                { name: 'cache', mountPath: '/cache' },
                { name: 'config', mountPath: '/etc/web', readOnly: true },
              ],
              securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true },
            },
            {
              name: 'sidecar',
              image: 'busybox:1.36',
              command: ['sh', '-c', 'sleep 3600'],
              resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '10m', memory: '16Mi' } },
            },
          ],
        },
      },
    },
  };
}

export function baseHpa(name: string): Obj {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name, labels: { app: 'web' } },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
        { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '200Mi' } } },
        {
          type: 'Pods',
          pods: { metric: { name: 'requests_per_second' }, target: { type: 'AverageValue', averageValue: '100' } },
        },
        {
          type: 'Object',
          object: {
            describedObject: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'web' },
            metric: { name: 'requests' },
            target: { type: 'Value', value: '10k' },
          },
        },
        {
          type: 'External',
          external: {
            metric: { name: 'queue_depth', selector: { matchLabels: { queue: 'jobs' } } },
            target: { type: 'AverageValue', averageValue: '30' },
          },
        },
      ],
      behavior: {
        scaleUp: {
          stabilizationWindowSeconds: 0,
          selectPolicy: 'Max',
          policies: [
            { type: 'Percent', value: 100, periodSeconds: 15 },
            { type: 'Pods', value: 4, periodSeconds: 15 },
          ],
        },
        scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: 'Percent', value: 10, periodSeconds: 60 }] },
      },
    },
  };
}

// ---- path helpers -------------------------------------------------------------------------------------------------

function get(doc: Json, path: Path): Json | undefined {
  let node: Json | undefined = doc;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, Json>)[key];
  }
  return node;
}

function set(doc: Json, path: Path, value: Json): void {
  const parent = get(doc, path.slice(0, -1));
  if (parent === null || typeof parent !== 'object' || parent === undefined) return;
  (parent as Record<string | number, Json>)[path[path.length - 1]] = value;
}

function drop(doc: Json, path: Path): void {
  const parent = get(doc, path.slice(0, -1));
  if (parent === null || typeof parent !== 'object' || parent === undefined) return;
  const key = path[path.length - 1];
  if (Array.isArray(parent)) parent.splice(key as number, 1);
  else delete (parent as Obj)[key as string];
}

const show = (path: Path) =>
  path.map((key, index) => (typeof key === 'number' ? `[${key}]` : index === 0 ? key : `.${key}`)).join('');
const value = (json: Json | undefined) => (json === undefined ? '(dropped)' : JSON.stringify(json));

/** Every path under `spec` (and metadata) of a document, with the value there: the places generic mutations hit. */
function allPaths(doc: Json, prefix: Path = []): Array<[Path, Json]> {
  const paths: Array<[Path, Json]> = [];
  if (doc !== null && typeof doc === 'object') {
    const entries: Array<[string | number, Json]> = Array.isArray(doc)
      ? doc.map((item, index) => [index, item])
      : Object.entries(doc);
    for (const [key, child] of entries) {
      const path = [...prefix, key];
      if (prefix.length === 0 && (key === 'apiVersion' || key === 'kind')) continue;
      paths.push([path, child]);
      paths.push(...allPaths(child, path));
    }
  }
  return paths;
}

const setTo = (cls: string, path: Path, to: Json): Mutation => ({
  cls,
  label: `${show(path)} = ${value(to)}`,
  // A copy each time: a value shared between documents (or placed twice in one) would become a YAML alias.
  apply: (doc) => set(doc, path, structuredClone(to)),
});
const dropAt = (cls: string, path: Path): Mutation => ({
  cls,
  label: `${show(path)} dropped`,
  apply: (doc) => drop(doc, path),
});
const many = (cls: string, label: string, apply: (doc: Obj, name: string) => void): Mutation => ({ cls, label, apply });

// ---- near-miss values ---------------------------------------------------------------------------------------------

const LONG = (length: number, stem = 'a') => stem + 'a'.repeat(Math.max(0, length - stem.length));

const DNS_LABELS: Json[] = [
  'Web',
  'web_1',
  '-web',
  'web-',
  LONG(63, 'web'),
  LONG(64, 'web'),
  'web.x',
  '1web',
  'web x',
  '',
];
const LABEL_VALUES: Json[] = [
  '',
  'Web',
  'web_1',
  '-web',
  'web-',
  LONG(63, 'web'),
  LONG(64, 'web'),
  'web x',
  'web/x',
  'web.x',
  'web:x',
  'web-1.2_3',
];
const LABEL_KEYS: string[] = [
  'app_',
  'App',
  'example.com/app',
  'Example.com/app',
  '/app',
  'a/b/c',
  LONG(63, 'key'),
  LONG(64, 'key'),
  '-app',
  'app.kubernetes.io/name',
  'app name',
  'example_com/app',
  `${LONG(254, 'x')}.com/app`,
];
const PORT_NAMES: Json[] = [
  'HTTP',
  'http-web-server1',
  'http-web-server',
  '8080',
  'http--x',
  '-http',
  'http-',
  'http_x',
  'h',
  'web8080',
];
const PORT_NUMBERS: Json[] = [0, -1, 1, 65535, 65536, 70000, '8080', 8080.5];
const QUANTITIES: Json[] = [
  '100 m',
  '1.5.5',
  '-1',
  '-100m',
  '1e3',
  '0.5',
  '1Ki',
  '1KB',
  '1kb',
  '100M',
  '1_000',
  '',
  'abc',
  '.5',
  '1Gi ',
  '0x10',
  '1e-3',
  0,
  1.5,
  '2',
  'm',
];
const COUNTS: Json[] = [-1, 0, 1, 2147483647, 2147483648, 1.5, '3', -100];
const INT_OR_PERCENT: Json[] = ['0', 0, '0%', '150%', 'abc%', '25', '25%%', '-1', -1, '1.5%', '100%', 2, '%'];
const ENUMS: Record<string, Json[]> = {
  imagePullPolicy: ['Always', 'Never', 'always', 'IfNotPresnt', '', 'Sometimes'],
  restartPolicy: ['OnFailure', 'Never', 'always', 'Always'],
  dnsPolicy: ['Default', 'default', 'None', 'ClusterFirstWithHostNet', 'Cluster'],
  strategyType: ['Recreate', 'rollingUpdate', 'Rolling', 'RollingUpdate'],
  protocol: ['tcp', 'HTTP', 'UDP', 'SCTP', 'Tcp'],
  operator: ['NotIn', 'Exists', 'DoesNotExist', 'in', 'Equals', 'Gt'],
  metricType: ['resource', 'Container', 'Pod', 'Resources', 'External', 'Object', 'Pods'],
  targetType: ['utilization', 'Average', 'AverageValue', 'Value', 'Utilization', 'Percent'],
  selectPolicy: ['Min', 'Disabled', 'max', 'Maximum', 'Max'],
  policyType: ['pods', 'Percentage', 'Pods', 'Percent', 'Replicas'],
};

// ---- Deployment mutations -----------------------------------------------------------------------------------------

const POD: Path = ['spec', 'template', 'spec'];
const WEB: Path = [...POD, 'containers', 0];
const SIDECAR: Path = [...POD, 'containers', 1];

function deploymentMutations(): Mutation[] {
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

/** Drops, type changes and unknown fields at every path of the base document. */
function genericMutations(base: Obj): Mutation[] {
  const out: Mutation[] = [];
  for (const [path, current] of allPaths(base)) {
    if (path[0] === 'metadata' && path[1] === 'name') continue; // kept: it identifies the mutant
    out.push(dropAt('drop', path));
    const others: Json[] =
      typeof current === 'string'
        ? [7, [current], true]
        : typeof current === 'number'
          ? [String(current), [current], true]
          : typeof current === 'boolean'
            ? [String(current), 1]
            : Array.isArray(current)
              ? ['x', current[0] ?? {}]
              : current !== null
                ? ['x', [current]]
                : [];
    for (const to of others) out.push(setTo('retype', path, to));
    if (current !== null && typeof current === 'object' && !Array.isArray(current)) {
      const keys = Object.keys(current);
      const labelMap = ['labels', 'matchLabels', 'annotations'].includes(String(path[path.length - 1]));
      if (labelMap || keys.length === 0) continue; // free-form maps take any key; {} sources take none
      out.push(setTo('unknown', [...path, 'extraField'], 'x'));
      const first = keys[0];
      const misspelt = first.length > 3 ? first.slice(0, -1) : `${first}s`;
      out.push(
        many('unknown', `${show([...path, first])} misspelt ${misspelt}`, (doc) => {
          const map = get(doc, path) as Obj;
          map[misspelt] = map[first];
          delete map[first];
        }),
      );
      out.push(
        many('unknown', `${show([...path, first])} in lower case`, (doc) => {
          const lower = first.toLowerCase();
          if (lower === first) return;
          const map = get(doc, path) as Obj;
          map[lower] = map[first];
          delete map[first];
        }),
      );
    }
  }
  return out;
}

// ---- HPA mutations ------------------------------------------------------------------------------------------------

const METRIC = (index: number): Path => ['spec', 'metrics', index];
const SOURCE_OF = ['resource', 'resource', 'pods', 'object', 'external'];
const TARGET = (index: number): Path => [...METRIC(index), SOURCE_OF[index], 'target'];

function hpaMutations(): Mutation[] {
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

// ---- assembly -----------------------------------------------------------------------------------------------------

function render(kind: MutantKind, id: number, chosen: readonly Mutation[]): Mutant | undefined {
  const name = `m${String(id).padStart(4, '0')}`;
  const doc = kind === 'Deployment' ? baseDeployment(name) : baseHpa(name);
  try {
    for (const mutation of chosen) mutation.apply(doc, name);
  } catch {
    return undefined; // the first mutation removed what the second changes: not a pair worth sending
  }
  const finalName = get(doc, ['metadata', 'name']);
  return {
    id,
    kind,
    cls: chosen.map((mutation) => mutation.cls).join('+'),
    mutation: chosen.map((mutation) => mutation.label).join(' + '),
    name: typeof finalName === 'string' ? finalName : undefined,
    text: stringify(doc, { lineWidth: 0 }),
  };
}

/**
 * `count` mutants for `seed`: every single mutation of both kinds once (in an order the seed shuffles), then pairs of
 * mutations drawn by the seed until `count` is reached. Identical texts are generated once.
 */
export function generateMutants(seed: number, count: number): Mutant[] {
  const random = seededRandom(seed);
  const pools: Array<[MutantKind, Mutation[]]> = [
    ['Deployment', deploymentMutations()],
    ['HorizontalPodAutoscaler', hpaMutations()],
  ];
  const plan: Array<[MutantKind, Mutation[]]> = [];
  for (const [kind, pool] of pools) for (const mutation of pool) plan.push([kind, [mutation]]);
  shuffle(plan, random);
  while (plan.length < count * 2) {
    const [kind, pool] = pools[random() < 0.65 ? 0 : 1];
    const first = pool[Math.floor(random() * pool.length)];
    const second = pool[Math.floor(random() * pool.length)];
    if (first !== second) plan.push([kind, [first, second]]);
  }
  const mutants: Mutant[] = [];
  const seen = new Set<string>();
  for (const [kind, chosen] of plan) {
    if (mutants.length >= count) break;
    const mutant = render(kind, mutants.length + 1, chosen);
    if (!mutant) continue;
    const key = `${kind}\n${mutant.text.replace(/m\d{4}/g, 'NAME')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    mutants.push(mutant);
  }
  return mutants;
}

function shuffle<T>(items: T[], random: () => number): void {
  for (let index = items.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [items[index], items[other]] = [items[other], items[index]];
  }
}

/** The unmutated bases, as text: the test first checks both are accepted by the server and clean in Shipshape. */
export function baseTexts(): Record<MutantKind, string> {
  return {
    Deployment: stringify(baseDeployment('base'), { lineWidth: 0 }),
    HorizontalPodAutoscaler: stringify(baseHpa('base'), { lineWidth: 0 }),
  };
}
