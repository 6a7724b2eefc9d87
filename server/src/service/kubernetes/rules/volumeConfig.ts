import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import { formatPath } from '../../yaml/parsedYaml';
import { podSpecPath } from '../podSpec';
import { bundledSchema } from '../schemas';
import { hasPlaceholderKey, literalString, mapItems, mayBeTemplateBranches, setKeys } from '../validation/literals';
import { templateOf } from '../validation/template';
import { WORKLOAD_KINDS } from '../kinds';
import type { KubernetesRule } from './rule';

/** Every volume source the served schema knows: a volume's keys but its name (read on first use, not at start-up). */
let volumeSources: readonly string[] | undefined;
const VOLUME_SOURCES = (): readonly string[] =>
  (volumeSources ??= Object.keys(bundledSchema('deployment-apps-v1').definitions?.V1Volume?.properties ?? {}).filter(
    (key) => key !== 'name',
  ));

export const messages = {
  twoSources: (path: string, first: string, second: string) =>
    `${path}: may not specify more than 1 volume type (this volume has ${first} and ${second})`,
  duplicateName: (name: string) => `volume name "${name}" is used twice in this pod: the API server rejects it`,
  emptyMountPath: (path: string) => `${path}: required: a volume is mounted at a path, and this one is empty`,
  duplicateMountPath: (path: string, mountPath: string) =>
    `${path}: mountPath "${mountPath}" is mounted twice in this container: it must be unique`,
  subPathAbsolute: (path: string) => `${path}: must be a relative path`,
  subPathBackstep: (path: string) => `${path}: must not contain '..'`,
};

/**
 * Volumes and mounts as ValidateVolumes, validateVolumeSource and validateVolumeMounts (pkg/apis/core/validation)
 * check them: one source per volume (none is fine: it defaults to emptyDir), unique volume names, a mountPath once per
 * container, a subPath relative and without '..' (validateLocalDescendingPath). Whether each mount names a volume is
 * k8s/volume-mount-missing.
 */
export const volumeConfigRule: KubernetesRule = {
  id: 'k8s/volume-config',
  severity: DiagnosticSeverity.Error,
  description:
    "a volume with two sources, two volumes of one name, a mountPath empty or mounted twice in a container, or a subPath that is absolute or contains '..'",
  family: 'kubernetes-deployment',
  reference:
    'pkg/apis/core/validation: ValidateVolumes, validateVolumeSource, validateVolumeMounts, validateLocalDescendingPath',
  kinds: WORKLOAD_KINDS,
  check(manifest) {
    const findings: RuleFinding[] = [];
    const names = new Map<string, number>();
    templateOf(manifest).volumes.forEach((volume, index) => {
      const path = [...podSpecPath(manifest), 'volumes', index];
      if (!hasPlaceholderKey(volume)) {
        const sources = setKeys(manifest, volume, VOLUME_SOURCES());
        if (
          sources.length > 1 &&
          !mayBeTemplateBranches(manifest.text, sources[0].key.range![0], sources[1].key.range![0])
        )
          findings.push({
            range: manifest.rangeOf(sources[1].key),
            message: messages.twoSources(formatPath(path), String(sources[0].key.value), String(sources[1].key.value)),
          });
      }
      const nameNode = manifest.nodeAt(['name'], volume);
      const name = literalString(nameNode);
      if (!nameNode || name === undefined) return;
      const first = names.get(name);
      if (first !== undefined && !mayBeTemplateBranches(manifest.text, first, nameNode.range![0]))
        findings.push({ range: manifest.rangeOf(nameNode), message: messages.duplicateName(name) });
      if (first === undefined) names.set(name, nameNode.range![0]);
    });
    for (const container of templateOf(manifest).containers) {
      const mountPaths = new Map<string, number>();
      mapItems(manifest, manifest.nodeAt(['volumeMounts'], container.map)).forEach((mount, index) => {
        const path = [...container.path, 'volumeMounts', index];
        const mountPathNode = manifest.nodeAt(['mountPath'], mount);
        const mountPath = literalString(mountPathNode);
        // Written but empty: the API server requires it (validateVolumeMounts: mountPath Required value).
        if (mountPathNode && mountPath === '')
          findings.push({
            range: manifest.rangeOf(mountPathNode),
            message: messages.emptyMountPath(formatPath([...path, 'mountPath'])),
          });
        if (mountPathNode && mountPath !== undefined && mountPath !== '') {
          const first = mountPaths.get(mountPath);
          if (first !== undefined && !mayBeTemplateBranches(manifest.text, first, mountPathNode.range![0]))
            findings.push({
              range: manifest.rangeOf(mountPathNode),
              message: messages.duplicateMountPath(formatPath([...path, 'mountPath']), mountPath),
            });
          if (first === undefined) mountPaths.set(mountPath, mountPathNode.range![0]);
        }
        const subPathNode = manifest.nodeAt(['subPath'], mount);
        const subPath = literalString(subPathNode);
        if (!subPathNode || subPath === undefined || subPath === '') return;
        if (subPath.startsWith('/'))
          findings.push({
            range: manifest.rangeOf(subPathNode),
            message: messages.subPathAbsolute(formatPath([...path, 'subPath'])),
          });
        else if (subPath.split(/[\\/]/).includes('..'))
          findings.push({
            range: manifest.rangeOf(subPathNode),
            message: messages.subPathBackstep(formatPath([...path, 'subPath'])),
          });
      });
    }
    return findings;
  },
};
