import type { ErrorObject } from 'ajv';
import { isMap, isScalar, isSeq } from 'yaml';
import type { Node, Scalar } from 'yaml';
import { DiagnosticSeverity, type Range } from 'vscode-languageserver-types';
import { mayHaveYaml11Scalars, yaml11Scalars, yaml11TypeOf } from './yaml11';
import { closestMatch } from '../common/closest';
import { formatPath, scalarsWithPaths, type YamlPath } from '../yaml/parsedYaml';
import { replaceNode } from '../yaml/edits';
import type { Finding, Fix } from '../types';
import { SOURCE } from '../types';
import { schemaFor } from './kinds';
import type { KnownManifest } from './manifest';
import { isBareToken, isFillInBlank, isPlaceholder } from './placeholders';
import { schemaAt, validatorFor } from './schemas';
import { checkFieldVersions } from './fieldVersions';
import { otherVersionWithField } from './otherVersions';
import { NEWEST_KUBERNETES_VERSION, type KubernetesVersion } from '../../../../common/src/contract';

/** Stable codes for schema findings: one per kind of mistake, so settings and suppressions can name them. */
export const SCHEMA_CODES = {
  required: 'k8s/schema-required',
  unknownField: 'k8s/schema-unknown-field',
  type: 'k8s/schema-type',
  enum: 'k8s/schema-enum',
  other: 'k8s/schema',
} as const;

export const schemaMessages = {
  required: (path: YamlPath, field: string) => `${formatPath(path)}: missing required field "${field}"`,
  unknownField: (path: YamlPath, field: string, suggestion?: string) =>
    `${formatPath([...path, field])}: unknown field "${field}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`,
  type: (path: YamlPath, expected: string, found: string) =>
    `${formatPath(path)}: expected ${expected}, found ${found}`,
  int32: (path: YamlPath, value: string) =>
    `${formatPath(path)}: ${value} does not fit this field, a 32-bit integer (at most 2147483647): the API server cannot read the object`,
  yaml11: (path: YamlPath, source: string, kind: 'boolean' | 'number') =>
    `${formatPath(path)}: kubectl reads a plain ${source} as a ${kind} (YAML 1.1), and this field takes a string: quote it`,
  enum: (path: YamlPath, found: string, allowed: readonly unknown[]) =>
    `${formatPath(path)}: "${found}" is not one of ${allowed.map(String).join(', ')}`,
};

/**
 * Validates a manifest against its kind's schema and maps each error to the exact key or value at fault; then, for a
 * target version older than the newest, the fields that version does not have yet.
 */
export function validateAgainstSchema(
  manifest: KnownManifest,
  target: KubernetesVersion = NEWEST_KUBERNETES_VERSION,
): Finding[] {
  const { value, error } = manifest.plain();
  if (error !== undefined) return [];
  const schemaId = schemaFor(manifest.kind, manifest.apiVersion);
  const validate = validatorFor(schemaId);
  const versioned = checkFieldVersions(manifest, schemaId, target);
  let object: unknown;
  try {
    object = asTheServerReadsIt(value);
  } catch (error) {
    // An alias inside its own anchor (`a: &x [*x]`) has no JSON form: kubectl cannot send it, and there is no object
    // to check against a schema.
    if (error instanceof CyclicValue) return versioned;
    throw error;
  }
  const yaml11 = [...readsAsYaml11(manifest, schemaId), ...outOfInt32(manifest, schemaId)];
  if (validate(object)) return [...versioned, ...yaml11];
  const findings: Finding[] = [...versioned, ...yaml11];
  const seen = new Set<string>(yaml11.map((found) => `${found.code}|${found.message}`));
  for (const ajvError of validate.errors ?? []) {
    if (standsForLaterValue(manifest, ajvError) || acceptedAsWritten(manifest, ajvError)) continue;
    if (ofAnotherVersion(manifest, schemaId, ajvError)) continue;
    const finding = toFinding(manifest, schemaId, ajvError);
    const key = `${finding.code}|${finding.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      findings.push(finding);
    }
  }
  return findings;
}

/**
 * What the API server validates: `status` is not part of it (a create or an apply through the main resource resets
 * it; exported objects and test data carry old versions' status shapes), and null map values are unset.
 */
function asTheServerReadsIt(value: unknown): unknown {
  const object = withoutNulls(value);
  if (object === null || typeof object !== 'object' || Array.isArray(object)) return object;
  const { status: _status, ...rest } = object as Record<string, unknown>;
  void _status;
  return rest;
}

/**
 * The object as the API server decodes it: a map key whose value is `null` is unset (`creationTimestamp: null`,
 * `rollingUpdate: null` beside `type: Recreate`, `emptyDir: null`, `args:` with nothing), exactly as
 * encoding/json leaves a Go field at its zero value. List items stay: a `null` item is still an item.
 */
function withoutNulls(value: unknown, ancestors: Set<object> = new Set()): unknown {
  // Copies only the objects that hold a null somewhere below: most manifests have none, and are returned as they are.
  if (value === null || typeof value !== 'object') return value;
  if (ancestors.has(value)) throw new CyclicValue();
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      value.forEach((item, index) => {
        const stripped = withoutNulls(item, ancestors);
        if (stripped !== item) (copy ??= [...value])[index] = stripped;
      });
      return copy ?? value;
    }
    let copy: Record<string, unknown> | undefined;
    for (const [key, item] of Object.entries(value)) {
      if (item === null) {
        copy ??= { ...(value as Record<string, unknown>) };
        delete copy[key];
        continue;
      }
      const stripped = withoutNulls(item, ancestors);
      if (stripped !== item) (copy ??= { ...(value as Record<string, unknown>) })[key] = stripped;
    }
    return copy ?? value;
  } finally {
    ancestors.delete(value);
  }
}

/**
 * A plain `yes` where a string belongs, or `1_000`: kubectl reads YAML 1.1 and sends a boolean or a number, which the
 * API server refuses for a string field ("cannot unmarshal bool into Go struct field ... of type string").
 */
function readsAsYaml11(manifest: KnownManifest, schemaId: Parameters<typeof schemaAt>[0]): Finding[] {
  if (!mayHaveYaml11Scalars(manifest.text)) return [];
  const findings: Finding[] = [];
  for (const { node, path, kind } of yaml11Scalars(manifest.root)) {
    if (schemaAt(schemaId, path)?.type !== 'string' || !node.range) continue;
    const source = manifest.text.slice(node.range[0], node.range[1]);
    findings.push(
      finding(SCHEMA_CODES.type, schemaMessages.yaml11(path, source, kind), manifest.rangeOf(node), [
        { title: `Quote ${source}`, edits: [replaceNode(manifest, node, JSON.stringify(source))], isPreferred: true },
      ]),
    );
  }
  return findings;
}

/**
 * A type error on a plain `yes` where a boolean belongs (or `1_000` where a number does): kubectl sends just that.
 * And an enum error on an empty string, which the API server's defaulting reads as unset.
 */
function acceptedAsWritten(manifest: KnownManifest, error: ErrorObject): boolean {
  // An empty string where the API server defaults the field (imagePullPolicy: "", protocol: ""): Go reads it as unset.
  if (error.keyword === 'enum') {
    const path = parsePointer(manifest, error.instancePath);
    const node = manifest.nodeAt(path);
    return isScalar(node) && node.value === '' && defaultedWhenEmpty(path);
  }
  if (error.keyword !== 'type') return false;
  const kind = yaml11TypeOf(manifest.nodeAt(parsePointer(manifest, error.instancePath)));
  const expected = String((error.params as Record<string, unknown>).type);
  return (kind === 'boolean' && expected.includes('boolean')) || (kind === 'number' && /integer|number/.test(expected));
}

/** Enum fields the API server's defaulting fills in when they are empty (pkg/apis/core/v1/defaults.go and the others). */
const DEFAULTED_WHEN_EMPTY = new Set([
  'imagePullPolicy',
  'restartPolicy',
  'dnsPolicy',
  'protocol',
  'terminationMessagePolicy',
  'preemptionPolicy',
  'podManagementPolicy',
  'concurrencyPolicy',
  'sessionAffinity',
  'externalTrafficPolicy',
  'internalTrafficPolicy',
]);

function defaultedWhenEmpty(path: YamlPath): boolean {
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  return (
    (typeof last === 'string' && DEFAULTED_WHEN_EMPTY.has(last)) ||
    (last === 'type' && (parent === 'strategy' || parent === 'updateStrategy' || path.join('.') === 'spec.type'))
  );
}

/**
 * An int32 field (replicas, ports, seconds) given a number Go's int32 cannot hold: the API server cannot decode the
 * object at all ("ReadInt32: overflow"). The schema says only "integer"; its `x-kubernetes-type` says int32.
 */
function outOfInt32(manifest: KnownManifest, schemaId: Parameters<typeof schemaAt>[0]): Finding[] {
  if (!/\d{10}/.test(manifest.text)) return [];
  const findings: Finding[] = [];
  for (const { node, path } of scalarsWithPaths(manifest.root)) {
    if (typeof node.value !== 'number' || Math.abs(node.value) <= 2 ** 31 - 1) continue;
    const schema = schemaAt(schemaId, path) as { 'x-kubernetes-type'?: string } | undefined;
    if (schema?.['x-kubernetes-type'] === 'integer (int32)')
      findings.push(finding(SCHEMA_CODES.type, schemaMessages.int32(path, String(node.value)), manifest.rangeOf(node)));
  }
  return findings;
}

/** A value that contains itself (a YAML alias inside its own anchor). */
class CyclicValue extends Error {}

/**
 * An error about a value that is a placeholder (`${REPLICAS}`, `{{ .Values.image }}`, ...) or about a key that is
 * one: what it will be is known only after substitution, so it is not judged as a literal.
 */
function standsForLaterValue(manifest: KnownManifest, error: ErrorObject): boolean {
  // Under a key that is itself a template action (`{{ .Key }}: ...`, read as "{ ? { .Key } }"): all unknown.
  if (/\/\{ /.test(error.instancePath)) return true;
  const node = manifest.nodeAt(parsePointer(manifest, error.instancePath));
  if (error.keyword === 'additionalProperties') {
    const name = String((error.params as Record<string, unknown>).additionalProperty);
    // `{{ .Key }}: {{ .Value }}` parses as a flow map key, which plain data turns into "{ ? { .Key } }".
    return (
      isPlaceholder(name) ||
      name.startsWith('{ ') ||
      (isMap(node) && node.items.some((item) => isCollectionTemplate(manifest, item.key as Node)))
    );
  }
  if (error.keyword === 'required') return isCollectionTemplate(manifest, node);
  if (error.keyword === 'type' && standsForBareToken(node, (error.params as { type?: unknown }).type)) return true;
  return (isScalar(node) && isPlaceholder(node.value)) || isCollectionTemplate(manifest, node);
}

/**
 * An unknown field that another apiVersion of the kind has, in a document whose apiVersion is a placeholder
 * (`apiVersion: {{ $hpaApiVersion }}`, autoscaling/v2 or v2beta1 by the cluster's capabilities): the schema checked
 * against is a guess, and the field is usually in the branch of an `if` that renders only for the version that has
 * it. Which version applies is known once rendered (the background `helm template` checks that). A field that no
 * version has, or any field under a literal apiVersion, is still reported.
 */
function ofAnotherVersion(
  manifest: KnownManifest,
  schemaId: Parameters<typeof schemaAt>[0],
  error: ErrorObject,
): boolean {
  if (error.keyword !== 'additionalProperties' || !isPlaceholder(manifest.apiVersion)) return false;
  const field = String((error.params as Record<string, unknown>).additionalProperty);
  return (
    otherVersionWithField(manifest.kind, schemaId, parsePointer(manifest, error.instancePath), field) !== undefined
  );
}

/**
 * `containerPort: PORT`, `replicas: NUM_REPLICAS`: a bare upper-case name, unquoted, where a number or a boolean
 * belongs. Files meant for `sed s/PORT/8080/` are written so (the GKE samples keep `image: CONTAINER_IMAGE` beside
 * it); no literal of those types looks like that, so it is a token to substitute, as `${PORT}` is, not a mistake.
 * So is a blank to fill in, `lun: <ADD LUN ID Here>`.
 */
function standsForBareToken(node: Node | null | undefined, expected: unknown): boolean {
  if (!isScalar(node) || node.type !== 'PLAIN' || typeof node.value !== 'string') return false;
  const wanted = Array.isArray(expected) ? expected : [expected];
  if (!wanted.some((type) => type === 'integer' || type === 'number' || type === 'boolean')) return false;
  return isBareToken(node.value) || isFillInBlank(node.value);
}

/**
 * An unquoted Go template action (`image: {{ .Image }}`) parses as a flow map holding a flow map: it is a
 * placeholder written without quotes, not a map.
 */
function isCollectionTemplate(manifest: KnownManifest, node: Node | null | undefined): boolean {
  return (
    (isMap(node) || isSeq(node)) && node.flow === true && !!node.range && manifest.text.startsWith('{{', node.range[0])
  );
}

function toFinding(manifest: KnownManifest, schemaId: Parameters<typeof schemaAt>[0], error: ErrorObject): Finding {
  const path = parsePointer(manifest, error.instancePath);
  const node = manifest.nodeAt(path);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': {
      const field = String(params.missingProperty);
      return finding(SCHEMA_CODES.required, schemaMessages.required(path, field), anchorRange(manifest, path, node));
    }
    case 'additionalProperties': {
      const field = String(params.additionalProperty);
      const pair = isMap(node) ? manifest.pairIn(node, field) : undefined;
      const allowed = Object.keys(schemaAt(schemaId, path)?.properties ?? {});
      const suggestion = closestMatch(field, allowed);
      const fixes: Fix[] =
        pair && suggestion
          ? [
              {
                title: `Rename "${field}" to "${suggestion}"`,
                edits: [replaceNode(manifest, pair.key, suggestion)],
                isPreferred: true,
              },
            ]
          : [];
      const range = pair ? manifest.rangeOf(pair.key) : anchorRange(manifest, path, node);
      return finding(SCHEMA_CODES.unknownField, schemaMessages.unknownField(path, field, suggestion), range, fixes);
    }
    case 'type': {
      const expected = String(params.type).split(',').join(' or ');
      return finding(
        SCHEMA_CODES.type,
        schemaMessages.type(path, expected, describe(node)),
        anchorRange(manifest, path, node),
        typeFixes(manifest, node, String(params.type)),
      );
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]) ?? [];
      const found = isScalar(node) ? String(node.value) : describe(node);
      const suggestion = closestMatch(found, allowed.map(String));
      const fixes: Fix[] =
        node && suggestion
          ? [
              {
                title: `Change to "${suggestion}"`,
                edits: [replaceNode(manifest, node, suggestion)],
                isPreferred: true,
              },
            ]
          : [];
      return finding(
        SCHEMA_CODES.enum,
        schemaMessages.enum(path, found, allowed),
        anchorRange(manifest, path, node),
        fixes,
      );
    }
    default:
      return finding(
        SCHEMA_CODES.other,
        `${formatPath(path)}: ${error.message ?? 'does not match the schema'}`,
        anchorRange(manifest, path, node),
      );
  }
}

/** A quoted number where a number belongs (`replicas: "3"`) or a bare number where a string belongs (env `value: 8080`). */
function typeFixes(manifest: KnownManifest, node: Node | undefined, expected: string): Fix[] {
  if (!isScalar(node) || !node.range) return [];
  const scalar = node as Scalar;
  const source = manifest.text.slice(node.range[0], node.range[1]);
  if (typeof scalar.value === 'string' && /^(integer|number)/.test(expected) && /^-?\d+(\.\d+)?$/.test(scalar.value)) {
    if (expected.startsWith('integer') && scalar.value.includes('.')) return [];
    return [
      {
        title: `Write ${scalar.value} as a number`,
        edits: [replaceNode(manifest, node, scalar.value)],
        isPreferred: true,
      },
    ];
  }
  if ((typeof scalar.value === 'number' || typeof scalar.value === 'boolean') && expected.startsWith('string')) {
    return [
      { title: `Quote ${source}`, edits: [replaceNode(manifest, node, JSON.stringify(source))], isPreferred: true },
    ];
  }
  return [];
}

/** Where to put a finding about a node: the node's value, or its key when the value is empty or a whole block. */
function anchorRange(manifest: KnownManifest, path: YamlPath, node: Node | undefined): Range {
  const last = path[path.length - 1];
  if (typeof last === 'string') {
    const pair = manifest.pairAt(path);
    if (pair) {
      if (isScalar(node) && node.range && node.range[1] > node.range[0]) return manifest.rangeOf(node);
      return manifest.rangeOf(pair.key);
    }
  }
  if (node && (isMap(node) || isSeq(node)) && node.range) {
    // A sequence item or the document itself: its first line is enough to point at it.
    const start = node.range[0];
    const lineEnd = manifest.text.indexOf('\n', start);
    return manifest.rangeAt(start, lineEnd === -1 ? node.range[1] : Math.min(lineEnd, node.range[1]));
  }
  if (node?.range) return manifest.rangeOf(node);
  const kindPair = manifest.pairAt(['kind']);
  return kindPair ? manifest.rangeOf(kindPair.key) : manifest.rangeAt(0, 0);
}

function describe(node: Node | undefined): string {
  if (node === undefined || (isScalar(node) && node.value === null)) return 'nothing';
  if (isMap(node)) return 'a map';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const value = node.value;
    return typeof value === 'string'
      ? `string "${value.length > 40 ? value.slice(0, 40) + '…' : value}"`
      : `${typeof value} ${String(value)}`;
  }
  return 'a value';
}

/** A JSON pointer as a YAML path: a step is an index only where the node there is a sequence (keys may be "80"). */
function parsePointer(manifest: KnownManifest, pointer: string): YamlPath {
  if (pointer === '') return [];
  const path: Array<string | number> = [];
  for (const raw of pointer.slice(1).split('/')) {
    const step = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    path.push(isSeq(manifest.nodeAt(path)) && /^\d+$/.test(step) ? Number(step) : step);
  }
  return path;
}

function finding(code: string, message: string, range: Range, fixes: Fix[] = []): Finding {
  return { code, message, range, severity: DiagnosticSeverity.Error, source: SOURCE, fixes };
}
