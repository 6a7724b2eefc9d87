// Generates the offline JSON schemas that the language server bundles, from the Kubernetes models that
// @kubernetes/client-node (a pinned devDependency) generates from the Kubernetes OpenAPI spec. The models'
// .js files carry each field's JSON name, type and format; their .d.ts files carry the OpenAPI descriptions
// and which fields are required. Run at build time: `node scripts/gen-schemas.mjs <outdir>`.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';

const require = createRequire(import.meta.url);
const packageJson = require.resolve('@kubernetes/client-node/package.json');
const modelsDir = join(dirname(packageJson), 'dist', 'gen', 'models');
const clientVersion = JSON.parse(readFileSync(packageJson, 'utf8')).version;

/**
 * The documents we validate: one schema per apiVersion+kind, so validation dispatches instead of trying a oneOf. `id` is
 * the SchemaId the language service names it by (server/src/service/kubernetes/schemas.ts: BundledSchemaId).
 */
const ROOTS = [
  { id: 'deployment-apps-v1', model: 'V1Deployment', apiVersion: 'apps/v1', kind: 'Deployment' },
  {
    id: 'hpa-autoscaling-v2',
    model: 'V2HorizontalPodAutoscaler',
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
  },
  {
    id: 'hpa-autoscaling-v1',
    model: 'V1HorizontalPodAutoscaler',
    apiVersion: 'autoscaling/v1',
    kind: 'HorizontalPodAutoscaler',
  },
  { id: 'statefulset-apps-v1', model: 'V1StatefulSet', apiVersion: 'apps/v1', kind: 'StatefulSet' },
  { id: 'daemonset-apps-v1', model: 'V1DaemonSet', apiVersion: 'apps/v1', kind: 'DaemonSet' },
  { id: 'replicaset-apps-v1', model: 'V1ReplicaSet', apiVersion: 'apps/v1', kind: 'ReplicaSet' },
  { id: 'job-batch-v1', model: 'V1Job', apiVersion: 'batch/v1', kind: 'Job' },
  { id: 'cronjob-batch-v1', model: 'V1CronJob', apiVersion: 'batch/v1', kind: 'CronJob' },
  { id: 'pod-v1', model: 'V1Pod', apiVersion: 'v1', kind: 'Pod' },
  { id: 'service-v1', model: 'V1Service', apiVersion: 'v1', kind: 'Service' },
  { id: 'pdb-policy-v1', model: 'V1PodDisruptionBudget', apiVersion: 'policy/v1', kind: 'PodDisruptionBudget' },
];

// The generator flattens resource.Quantity to `string`, but the API server accepts numbers for it (`cpu: 1`), so
// these fields take a string or a number. Listed by hand: the generated models keep no trace of Quantity.
const QUANTITY_FIELDS = {
  V1ResourceRequirements: ['limits', 'requests'],
  V1VolumeResourceRequirements: ['limits', 'requests'],
  V1PodSpec: ['overhead'],
  V1EmptyDirVolumeSource: ['sizeLimit'],
  V1ResourceFieldSelector: ['divisor'],
  V1PodResourceClaimStatus: [],
  V2MetricTarget: ['averageValue', 'value'],
  V2MetricValueStatus: ['averageValue', 'value'],
  V1CSIVolumeSource: [],
};

// The OpenAPI v2 models carry no enums; these are the closed value sets that the API server enforces for the
// fields a Deployment or HPA author types most. They feed completion and validation.
const ENUMS = {
  V1Container: {
    imagePullPolicy: ['Always', 'IfNotPresent', 'Never'],
    terminationMessagePolicy: ['File', 'FallbackToLogsOnError'],
  },
  V1ContainerPort: { protocol: ['TCP', 'UDP', 'SCTP'] },
  V1ServicePort: { protocol: ['TCP', 'UDP', 'SCTP'] },
  V1PodSpec: {
    restartPolicy: ['Always', 'OnFailure', 'Never'],
    dnsPolicy: ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'],
    preemptionPolicy: ['PreemptLowerPriority', 'Never'],
  },
  V1DeploymentStrategy: { type: ['RollingUpdate', 'Recreate'] },
  V1LabelSelectorRequirement: { operator: ['In', 'NotIn', 'Exists', 'DoesNotExist'] },
  V1NodeSelectorRequirement: { operator: ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'] },
  V1Toleration: { operator: ['Exists', 'Equal'], effect: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] },
  V1SeccompProfile: { type: ['Localhost', 'RuntimeDefault', 'Unconfined'] },
  V1AppArmorProfile: { type: ['Localhost', 'RuntimeDefault', 'Unconfined'] },
  V1HTTPGetAction: { scheme: ['HTTP', 'HTTPS'] },
  V1TopologySpreadConstraint: { whenUnsatisfiable: ['DoNotSchedule', 'ScheduleAnyway'] },
  V2MetricTarget: { type: ['Utilization', 'Value', 'AverageValue'] },
  V2MetricSpec: { type: ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'] },
  V2HPAScalingPolicy: { type: ['Pods', 'Percent'] },
  V2HPAScalingRules: { selectPolicy: ['Max', 'Min', 'Disabled'] },
  // The workload kinds, Service and PodDisruptionBudget (pkg/apis/*/types.go: the constants of each enum type).
  V1StatefulSetSpec: { podManagementPolicy: ['OrderedReady', 'Parallel'] },
  V1StatefulSetUpdateStrategy: { type: ['RollingUpdate', 'OnDelete'] },
  V1StatefulSetPersistentVolumeClaimRetentionPolicy: {
    whenDeleted: ['Retain', 'Delete'],
    whenScaled: ['Retain', 'Delete'],
  },
  V1DaemonSetUpdateStrategy: { type: ['RollingUpdate', 'OnDelete'] },
  V1JobSpec: { completionMode: ['NonIndexed', 'Indexed'], podReplacementPolicy: ['TerminatingOrFailed', 'Failed'] },
  V1CronJobSpec: { concurrencyPolicy: ['Allow', 'Forbid', 'Replace'] },
  V1ServiceSpec: {
    type: ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'],
    sessionAffinity: ['ClientIP', 'None'],
    externalTrafficPolicy: ['Cluster', 'Local'],
    internalTrafficPolicy: ['Cluster', 'Local'],
    ipFamilyPolicy: ['SingleStack', 'PreferDualStack', 'RequireDualStack'],
  },
  V1PodDisruptionBudgetSpec: { unhealthyPodEvictionPolicy: ['IfHealthyBudget', 'AlwaysAllow'] },
};

/** Reads the class description and per-field descriptions and required markers from a model's .d.ts. */
function readDeclarations(model) {
  const text = readFileSync(join(modelsDir, `${model}.d.ts`), 'utf8');
  const clean = (comment) =>
    comment
      .split('\n')
      .map((line) => line.replace(/^\s*\*\s?/, '').trim())
      .filter(Boolean)
      .join(' ')
      .replace(/\\(['"])/g, '$1')
      .trim();
  const classMatch = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*export declare class/.exec(text);
  const fields = {};
  const fieldPattern = /(?:\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*)?'([^']+)'(\??):/g;
  for (let m; (m = fieldPattern.exec(text));) {
    fields[m[2]] = { description: m[1] ? clean(m[1]) : undefined, required: m[3] !== '?' };
  }
  return { description: classMatch ? clean(classMatch[1]) : undefined, fields };
}

async function readAttributes(model) {
  const module = await import(pathToFileURL(join(modelsDir, `${model}.js`)).href);
  return module[model].attributeTypeMap;
}

/** A field's type as the Kubernetes API reference writes it: `[]Container`, `map[string]string`, `integer (int32)`. */
function apiTypeName(type, format, quantity) {
  const array = ARRAY_TYPE.exec(type);
  if (array) return `[]${apiTypeName(array[1], '', quantity)}`;
  const map = MAP_TYPE.exec(type);
  if (map) return `map[string]${apiTypeName(map[1], '', quantity)}`;
  switch (type) {
    case 'string':
      return quantity ? 'Quantity' : 'string';
    case 'number':
      return format === 'double' ? 'number (double)' : `integer${format ? ` (${format})` : ''}`;
    case 'Date':
      return 'Time';
    case 'any':
      return 'object';
    default:
      return type.replace(/^V\d+(?:alpha\d+|beta\d+)?/, '');
  }
}

/**
 * Which Kubernetes version added or removed a field, from scripts/kubernetes-versions.json (checked in; made by
 * scripts/gen-kubernetes-versions.mjs from the pinned packages of each release): annotations that the language service
 * reads, which the validators ignore.
 */
const kubernetesVersions = JSON.parse(readFileSync(new URL('./kubernetes-versions.json', import.meta.url), 'utf8'));

function versionAnnotations(model, field) {
  const entry = kubernetesVersions.fields[model]?.[field];
  if (!entry) return {};
  return {
    ...(entry.added ? { 'x-kubernetes-added': entry.added } : {}),
    ...(entry.addedBy ? { 'x-kubernetes-added-by': entry.addedBy } : {}),
    ...(entry.removed ? { 'x-kubernetes-removed': entry.removed } : {}),
  };
}

const MAP_TYPE = /^\{ \[key: string\]: (.+); \}$/;
const ARRAY_TYPE = /^Array<(.+)>$/;

function scalarSchema(type, format) {
  switch (type) {
    case 'string':
      return format === 'byte' ? { type: 'string', contentEncoding: 'base64' } : { type: 'string' };
    case 'number':
      return format === 'double' ? { type: 'number' } : { type: 'integer' };
    case 'boolean':
      return { type: 'boolean' };
    case 'Date':
      return { type: 'string' };
    case 'IntOrString':
      return { type: ['integer', 'string'] };
    case 'any':
      return {};
    default:
      return undefined;
  }
}

async function generate(root) {
  const definitions = {};
  const pending = [root.model];
  const seen = new Set(pending);
  const refTo = (model) => {
    if (!seen.has(model)) {
      seen.add(model);
      pending.push(model);
    }
    return { $ref: `#/definitions/${model}` };
  };
  const typeSchema = (type, format, quantity) => {
    const scalar = scalarSchema(type, format);
    if (scalar) return quantity && type === 'string' ? { type: ['string', 'number'] } : scalar;
    const array = ARRAY_TYPE.exec(type);
    if (array) return { type: 'array', items: typeSchema(array[1], '', quantity) };
    const map = MAP_TYPE.exec(type);
    if (map) return { type: 'object', additionalProperties: typeSchema(map[1], '', quantity) };
    return refTo(type);
  };
  while (pending.length) {
    const model = pending.shift();
    const declarations = readDeclarations(model);
    const properties = {};
    const required = [];
    for (const attribute of await readAttributes(model)) {
      const declared = declarations.fields[attribute.name] ?? {};
      const quantity = QUANTITY_FIELDS[model]?.includes(attribute.name);
      const schema = { ...typeSchema(attribute.type, attribute.format, quantity) };
      const values = ENUMS[model]?.[attribute.name];
      if (values) schema.enum = values;
      if (declared.description) schema.description = declared.description;
      schema['x-kubernetes-type'] = apiTypeName(attribute.type, attribute.format, quantity);
      Object.assign(schema, versionAnnotations(model, attribute.baseName));
      properties[attribute.baseName] = schema;
      if (declared.required) required.push(attribute.baseName);
    }
    definitions[model] = {
      type: 'object',
      ...(declarations.description ? { description: declarations.description } : {}),
      properties,
      ...(required.length ? { required } : {}),
      additionalProperties: false,
    };
  }
  // Fields whose own description the generator dropped (a $ref's sibling description) get the referenced type's.
  for (const definition of Object.values(definitions)) {
    for (const property of Object.values(definition.properties)) {
      const ref = property.$ref ?? property.items?.$ref;
      if (!property.description && ref) {
        const target = definitions[ref.slice('#/definitions/'.length)];
        if (target?.description) property.description = target.description;
      }
    }
  }
  return definitions;
}

const outDir = process.argv[2] ?? 'server/schemas';
mkdirSync(outDir, { recursive: true });
// One set of definitions for every kind (a model is the same wherever it is used: a Deployment's PodSpec is a Job's),
// and per kind only its header and the names of the definitions it reaches. Bundled once instead of once per kind.
const definitions = {};
const roots = {};
for (const root of ROOTS) {
  const own = await generate(root);
  Object.assign(definitions, own);
  const top = own[root.model];
  roots[root.id] = {
    title: `${root.kind} (${root.apiVersion})`,
    description: top.description,
    'x-kubernetes-group-version-kind': { apiVersion: root.apiVersion, kind: root.kind },
    model: root.model,
    definitions: Object.keys(own).sort(),
  };
}
const source = `@kubernetes/client-node@${clientVersion}`;
writeFileSync(join(outDir, 'definitions.json'), JSON.stringify({ 'x-generated-from': source, definitions }) + '\n');
writeFileSync(join(outDir, 'roots.json'), JSON.stringify(roots) + '\n');
// Each kind's schema on its own too, self-contained as before (not bundled: the bench gives them to
// yaml-language-server, and any JSON-schema tool can use them).
for (const root of ROOTS) {
  const header = roots[root.id];
  const schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `shipshape://schemas/${root.id}.json`,
    title: header.title,
    description: header.description,
    'x-kubernetes-group-version-kind': header['x-kubernetes-group-version-kind'],
    'x-generated-from': source,
    ...definitions[root.model],
    definitions: Object.fromEntries(header.definitions.map((name) => [name, definitions[name]])),
  };
  writeFileSync(join(outDir, `${root.id}.json`), JSON.stringify(schema, null, 1) + '\n');
}
// The container fields a pod spec does not have (rules/podFieldMisplaced.ts), listed here so that the rule need not
// parse the definitions when it loads: a check that reads no schema node then never does (issue 16 item 2).
const podSpecFields = new Set(Object.keys(definitions.V1PodSpec.properties));
const containerOnlyFields = Object.keys(definitions.V1Container.properties).filter(
  (field) => !podSpecFields.has(field) && field !== 'name',
);
writeFileSync(
  join(outDir, 'podFields.ts'),
  '// Generated by scripts/gen-schemas.mjs from the V1Container and V1PodSpec definitions. Do not edit.\n' +
    '/** Fields of a container that a pod spec does not have (`name` aside: both have it). */\n' +
    `export const CONTAINER_ONLY_FIELDS: readonly string[] = ${JSON.stringify(containerOnlyFields)};\n`,
);
writeFileSync(
  join(outDir, 'versions.json'),
  JSON.stringify({ versions: kubernetesVersions.versions, sources: kubernetesVersions.sources }) + '\n',
);

// Ajv validators compiled here, at build time, into plain JavaScript: the server and the CLI start validating at once
// instead of compiling ~150 definitions on the first document they see. Each kind's validator is a `$ref` into the
// shared definitions, so the code that checks a PodSpec is emitted once for all the workload kinds.
const DEFINITIONS_ID = 'shipshape://schemas/definitions.json';
// @ts-expect-error -- ajv's CommonJS export is the class itself at run time; its types describe `.default`
const ajv = new Ajv({
  allErrors: true,
  strict: false,
  validateSchema: false,
  // Each definition its own function, called where it is used, instead of copied into every function that uses it:
  // V8 compiles only the functions a document reaches (a small Deployment: a handful), so the code is 10% smaller and
  // so is the engine's code cache that `shipshape check` reads at every start (issue 16 item 2). Same errors.
  inlineRefs: false,
  code: { source: true, esm: true },
});
// Without the annotations (descriptions, types, versions): they do not validate, and Ajv copies some schemas into
// its code as they are.
const bare = JSON.parse(
  JSON.stringify(definitions, (key, value) =>
    (key === 'description' || key.startsWith('x-')) && typeof value === 'string' ? undefined : value,
  ),
);
ajv.addSchema({ $id: DEFINITIONS_ID, definitions: bare });
const exportNames = {};
for (const root of ROOTS) {
  ajv.addSchema(
    { $id: `shipshape://schemas/${root.id}.json`, $ref: `${DEFINITIONS_ID}#/definitions/${root.model}` },
    root.id,
  );
  exportNames[root.id.replace(/-([a-z0-9])/g, (_, letter) => letter.toUpperCase())] = root.id;
}
// Written as a .ts module so that tsc emits it beside the rest and esbuild bundles it; it is generated code, so
// type checking is off for it (schemas.ts gives it its types).
writeFileSync(
  join(outDir, 'validators.ts'),
  '// @ts-nocheck\n/* eslint-disable */\n// Generated by scripts/gen-schemas.mjs. Do not edit.\n' +
    // @ts-expect-error -- as Ajv above: the CommonJS export is the function
    standaloneCode(ajv, exportNames),
);
const index = ROOTS.map((root) => ({
  id: root.id,
  apiVersion: root.apiVersion,
  kind: root.kind,
  definitions: roots[root.id].definitions.length,
}));
writeFileSync(join(outDir, 'index.json'), JSON.stringify({ source, schemas: index }, null, 1) + '\n');
console.log(
  `gen-schemas: ${index.map((s) => `${s.kind} ${s.apiVersion} (${s.definitions})`).join(', ')}; ${Object.keys(definitions).length} definitions -> ${outDir}`,
);
