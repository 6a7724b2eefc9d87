/** The pieces mutations are made of: path helpers, mutation makers, near-miss values, generic mutations. */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Obj = { [key: string]: Json };
export type Path = ReadonlyArray<string | number>;

/** A mutation: a label for the report and the change it makes to a fresh copy of the base object. */
export interface Mutation {
  readonly cls: string;
  readonly label: string;
  apply(doc: Obj, name: string): void;
}

// ---- path helpers -------------------------------------------------------------------------------------------------

export function get(doc: Json, path: Path): Json | undefined {
  let node: Json | undefined = doc;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, Json>)[key];
  }
  return node;
}

export function set(doc: Json, path: Path, value: Json): void {
  const parent = get(doc, path.slice(0, -1));
  if (parent === null || typeof parent !== 'object' || parent === undefined) return;
  (parent as Record<string | number, Json>)[path[path.length - 1]] = value;
}

export function drop(doc: Json, path: Path): void {
  const parent = get(doc, path.slice(0, -1));
  if (parent === null || typeof parent !== 'object' || parent === undefined) return;
  const key = path[path.length - 1];
  if (Array.isArray(parent)) parent.splice(key as number, 1);
  else delete (parent as Obj)[key as string];
}

export const show = (path: Path) =>
  path.map((key, index) => (typeof key === 'number' ? `[${key}]` : index === 0 ? key : `.${key}`)).join('');
export const value = (json: Json | undefined) => (json === undefined ? '(dropped)' : JSON.stringify(json));

/** Every path under `spec` (and metadata) of a document, with the value there: the places generic mutations hit. */
export function allPaths(doc: Json, prefix: Path = []): Array<[Path, Json]> {
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

export const setTo = (cls: string, path: Path, to: Json): Mutation => ({
  cls,
  label: `${show(path)} = ${value(to)}`,
  // A copy each time: a value shared between documents (or placed twice in one) would become a YAML alias.
  apply: (doc) => set(doc, path, structuredClone(to)),
});
export const dropAt = (cls: string, path: Path): Mutation => ({
  cls,
  label: `${show(path)} dropped`,
  apply: (doc) => drop(doc, path),
});
export const many = (cls: string, label: string, apply: (doc: Obj, name: string) => void): Mutation => ({
  cls,
  label,
  apply,
});

// ---- near-miss values ---------------------------------------------------------------------------------------------

export const LONG = (length: number, stem = 'a') => stem + 'a'.repeat(Math.max(0, length - stem.length));

export const DNS_LABELS: Json[] = [
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
export const LABEL_VALUES: Json[] = [
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
export const LABEL_KEYS: string[] = [
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
export const PORT_NAMES: Json[] = [
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
export const PORT_NUMBERS: Json[] = [0, -1, 1, 65535, 65536, 70000, '8080', 8080.5];
export const QUANTITIES: Json[] = [
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
export const COUNTS: Json[] = [-1, 0, 1, 2147483647, 2147483648, 1.5, '3', -100];
export const INT_OR_PERCENT: Json[] = ['0', 0, '0%', '150%', 'abc%', '25', '25%%', '-1', -1, '1.5%', '100%', 2, '%'];
export const ENUMS: Record<string, Json[]> = {
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

/** Drops, type changes and unknown fields at every path of the base document. */
export function genericMutations(base: Obj): Mutation[] {
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
