import { isMap, isPair, isScalar, type Node, type YAMLMap } from 'yaml';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import { formatPath, type YamlPath } from '../../yaml/parsedYaml';
import { WORKLOAD_KINDS } from '../kinds';
import { mayBeSetLater } from '../placeholders';
import { podSpecPath } from '../podSpec';
import { templateOf } from '../validation/template';
import { hasPlaceholderKey, mapItems } from '../validation/literals';
import type { KubernetesRule } from './rule';

/**
 * The object references a volume source must name. The OpenAPI schema leaves them optional (LocalObjectReference's
 * `name` is optional in general), but validateConfigMapVolumeSource, validateSecretVolumeSource and
 * validateProjectionSources require them.
 */
const VOLUME_SOURCE_NAMES: ReadonlyArray<readonly [source: string, field: string]> = [
  ['configMap', 'name'],
  ['secret', 'secretName'],
];
const PROJECTION_SOURCE_NAMES: ReadonlyArray<readonly [source: string, field: string]> = [
  ['configMap', 'name'],
  ['secret', 'name'],
];

/** The key node of `key` in a map, for a finding about what its value lacks. */
function keyNode(map: YAMLMap, key: string): Node | undefined {
  const pair = map.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === key);
  return pair && isScalar(pair.key) ? pair.key : undefined;
}

export const messages = {
  missing: (path: string, field: string) =>
    `${path}: required field "${field}" is missing: the API server rejects a volume that names no object to mount`,
  empty: (path: string) => `${path}: must not be empty: the API server rejects a volume that names no object to mount`,
};

/**
 * A configMap or secret volume (or projected source) that names no object: the API server rejects the pod template
 * ("configMap.name: Required value", "secret.secretName: Required value"). Only on whole objects (analyze.ts): a
 * Kustomize patch changes a volume's other fields and its base names the object. No fix: the name is the user's.
 */
export const volumeSourceNameRule: KubernetesRule = {
  id: 'k8s/volume-source-name',
  severity: DiagnosticSeverity.Error,
  description: 'a configMap or secret volume (or projected source) without the name of the object it mounts',
  family: 'kubernetes-deployment',
  reference:
    'pkg/apis/core/validation: validateConfigMapVolumeSource, validateSecretVolumeSource, validateProjectionSources',
  kinds: WORKLOAD_KINDS,
  check(manifest) {
    const findings: RuleFinding[] = [];
    const checkSources = (
      owner: YAMLMap,
      ownerPath: YamlPath,
      sources: ReadonlyArray<readonly [string, string]>,
    ): void => {
      for (const [source, field] of sources) {
        const sourceNode = manifest.nodeAt([source], owner);
        const sourceMap = manifest.resolve(sourceNode);
        if (!isMap(sourceMap) || hasPlaceholderKey(sourceMap) || mayBeSetLater(manifest, sourceMap, [field])) continue;
        const path = formatPath([...ownerPath, source, field]);
        const nameNode = manifest.nodeAt([field], sourceMap);
        if (nameNode === undefined || (isScalar(nameNode) && (nameNode.value === null || nameNode.value === undefined)))
          findings.push({
            range: manifest.rangeOf(nameNode ?? keyNode(owner, source) ?? sourceMap),
            message: messages.missing(formatPath([...ownerPath, source]), field),
          });
        else if (isScalar(nameNode) && nameNode.value === '')
          findings.push({ range: manifest.rangeOf(nameNode), message: messages.empty(path) });
      }
    };
    templateOf(manifest).volumes.forEach((volume, index) => {
      const volumePath = [...podSpecPath(manifest), 'volumes', index];
      checkSources(volume, volumePath, VOLUME_SOURCE_NAMES);
      const projected = manifest.resolve(manifest.nodeAt(['projected'], volume));
      if (!isMap(projected)) return;
      mapItems(manifest, manifest.nodeAt(['sources'], projected)).forEach((projection, at) =>
        checkSources(projection, [...volumePath, 'projected', 'sources', at], PROJECTION_SOURCE_NAMES),
      );
    });
    return findings;
  },
};
