import { isMap, isSeq, type Node } from 'yaml';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import {
  compareKubernetesVersions,
  NEWEST_KUBERNETES_VERSION,
  type KubernetesVersion,
} from '../../../../common/src/contract';
import { formatPath, type YamlPath } from '../yaml/parsedYaml';
import type { Finding } from '../types';
import { SOURCE } from '../types';
import type { KnownManifest } from './manifest';
import { bundledSchema, type BundledSchemaId, type JsonSchema } from './schemas';

/**
 * Which Kubernetes version has a field: the bundled schemas are the newest release's, each field annotated with the
 * release that added it (`x-kubernetes-added`; `x-kubernetes-added-by` when no package tracks the releases between)
 * by scripts/gen-schemas.mjs from scripts/kubernetes-versions.json.
 */
export interface FieldVersion {
  added?: string;
  addedBy?: string;
  removed?: string;
}

export function fieldVersionOf(schema: JsonSchema | undefined): FieldVersion {
  const annotated = schema as Record<string, unknown> | undefined;
  return {
    added: annotated?.['x-kubernetes-added'] as string | undefined,
    addedBy: annotated?.['x-kubernetes-added-by'] as string | undefined,
    removed: annotated?.['x-kubernetes-removed'] as string | undefined,
  };
}

/** "1.32", or "1.35 or 1.36" where the sources cannot tell which of two releases added it. */
export function addedIn(version: FieldVersion): string | undefined {
  if (!version.added) return undefined;
  return version.addedBy ? `${version.added} or ${version.addedBy}` : version.added;
}

/**
 * Whether a target version lacks a field. Where the release that added it is uncertain, only versions before the
 * earliest candidate lack it: no error is ever raised for a field the target may have.
 */
export function lacksField(version: FieldVersion, target: string): boolean {
  if (version.added && compareKubernetesVersions(target, version.added) < 0) return true;
  return !!version.removed && compareKubernetesVersions(target, version.removed) >= 0;
}

export const FIELD_VERSION_CODE = 'k8s/schema-field-version';

export const fieldVersionMessages = {
  tooNew: (path: YamlPath, field: string, added: string, target: string) =>
    `${formatPath([...path, field])}: "${field}" was added in Kubernetes ${added}; the target version, ${target}, does not have it`,
  removed: (path: YamlPath, field: string, removed: string, target: string) =>
    `${formatPath([...path, field])}: "${field}" was removed in Kubernetes ${removed}; the target version, ${target}, does not have it`,
};

/** Per schema, per definition: whether a field at or below it is versioned (the walk skips the rest). */
const versionedBelow = new Map<BundledSchemaId, Map<JsonSchema, boolean>>();

function hasVersionedField(id: BundledSchemaId, node: JsonSchema | undefined, seen = new Set<JsonSchema>()): boolean {
  if (!node) return false;
  const root = bundledSchema(id);
  const resolved = node.$ref ? root.definitions?.[node.$ref.slice('#/definitions/'.length)] : node;
  if (!resolved) return false;
  let memo = versionedBelow.get(id);
  if (!memo) versionedBelow.set(id, (memo = new Map()));
  const known = memo.get(resolved);
  if (known !== undefined) return known;
  if (seen.has(resolved)) return false;
  seen.add(resolved);
  let found = false;
  for (const property of Object.values(resolved.properties ?? {})) {
    const version = fieldVersionOf(property);
    if (version.added || version.removed || hasVersionedField(id, property, seen)) found = true;
  }
  if (typeof resolved.additionalProperties === 'object' && hasVersionedField(id, resolved.additionalProperties, seen))
    found = true;
  if (resolved.items && hasVersionedField(id, resolved.items, seen)) found = true;
  memo.set(resolved, found);
  return found;
}

/**
 * The fields of a document that the target version does not have: errors (the API server of that version rejects
 * an unknown field on create, or drops it silently under a non-strict decoder: either way the object does not work as
 * written). Nothing to do for the newest bundled version, the default.
 */
export function checkFieldVersions(manifest: KnownManifest, id: BundledSchemaId, target: KubernetesVersion): Finding[] {
  if (target === NEWEST_KUBERNETES_VERSION) return [];
  const root = bundledSchema(id);
  const findings: Finding[] = [];
  const visit = (node: Node | null | undefined, schema: JsonSchema | undefined, path: YamlPath): void => {
    const resolved = schema?.$ref ? root.definitions?.[schema.$ref.slice('#/definitions/'.length)] : schema;
    if (!resolved || !node || !hasVersionedField(id, resolved)) return;
    if (isSeq(node)) {
      node.items.forEach((item, index) => visit(item as Node, resolved.items, [...path, index]));
      return;
    }
    if (!isMap(node)) return;
    for (const pair of node.items) {
      const key = (pair.key as { value?: unknown } | null)?.value;
      // `status` is not validated (schemaValidation.ts: asTheServerReadsIt); neither are its fields' versions.
      if (typeof key !== 'string' || (path.length === 0 && key === 'status')) continue;
      const property =
        resolved.properties?.[key] ??
        (typeof resolved.additionalProperties === 'object' ? resolved.additionalProperties : undefined);
      if (!property) continue;
      const version = fieldVersionOf(property);
      if (lacksField(version, target) && pair.key) {
        const message =
          version.removed && compareKubernetesVersions(target, version.removed) >= 0
            ? fieldVersionMessages.removed(path, key, version.removed, target)
            : fieldVersionMessages.tooNew(path, key, addedIn(version) ?? '?', target);
        findings.push({
          code: FIELD_VERSION_CODE,
          message,
          range: manifest.rangeOf(pair.key as Node),
          severity: DiagnosticSeverity.Error,
          source: SOURCE,
          fixes: [],
        });
        continue;
      }
      visit(pair.value as Node, property, [...path, key]);
    }
  };
  visit(manifest.document.contents as Node | null, root, []);
  return findings;
}
