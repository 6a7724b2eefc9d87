import { isScalar } from 'yaml';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { closestMatch } from '../../common/closest';
import type { Fix, RuleFinding } from '../../types';
import { replaceNode } from '../../yaml/edits';
import { formatPath } from '../../yaml/parsedYaml';
import { isPlaceholder, mayBeSetLater } from '../placeholders';
import { hasPlaceholderKey, literalString, mapItems } from '../validation/literals';
import { templateOf } from '../validation/template';
import type { KubernetesRule } from './rule';

export const messages = {
  missing: (path: string, name: string, volumes: string[]) =>
    `${path}: no volume named "${name}" in this pod (it has ${volumes.length ? volumes.map((volume) => `"${volume}"`).join(', ') : 'no volumes'}): the API server rejects the mount`,
  rename: (name: string) => `Mount volume "${name}"`,
};

/**
 * A volumeMount whose name is not one of the pod's volumes (validateVolumeMounts: IsMatchedVolume, "Not found").
 * Only on whole objects: a Kustomize patch may add the mount while its base has the volume.
 */
export const volumeMountMissingRule: KubernetesRule = {
  id: 'k8s/volume-mount-missing',
  severity: DiagnosticSeverity.Error,
  description: 'a volumeMount that names no volume of the pod (`volumes:` lacks it or spells it differently)',
  family: 'kubernetes-deployment',
  reference: 'pkg/apis/core/validation: validateVolumeMounts (IsMatchedVolume)',
  fix: 'the near-miss volume name',
  kinds: ['Deployment'],
  check(manifest) {
    const findings: RuleFinding[] = [];
    const { spec, volumes: volumeItems } = templateOf(manifest);
    if (!spec || mayBeSetLater(manifest, spec, ['volumes']) || hasPlaceholderKey(spec)) return findings;
    const volumes: string[] = [];
    for (const volume of volumeItems) {
      const nameNode = manifest.nodeAt(['name'], volume);
      // A volume whose name is a placeholder may be any mount's: nothing can be said.
      if (isScalar(nameNode) && isPlaceholder(nameNode.value)) return findings;
      const name = literalString(nameNode);
      if (name !== undefined) volumes.push(name);
    }
    const volumesSeq = manifest.seqAt(['volumes'], spec);
    if (volumesSeq && volumesSeq.items.length !== volumeItems.length) return findings; // placeholder items
    for (const container of templateOf(manifest).containers) {
      mapItems(manifest, manifest.nodeAt(['volumeMounts'], container.map)).forEach((mount, index) => {
        const nameNode = manifest.nodeAt(['name'], mount);
        const name = literalString(nameNode);
        if (!nameNode || name === undefined || volumes.includes(name)) return;
        const near = closestMatch(name, volumes);
        const fixes: Fix[] = near
          ? [{ title: messages.rename(near), edits: [replaceNode(manifest, nameNode, near)], isPreferred: true }]
          : [];
        findings.push({
          range: manifest.rangeOf(nameNode),
          message: messages.missing(formatPath([...container.path, 'volumeMounts', index, 'name']), name, volumes),
          fixes,
        });
      });
    }
    return findings;
  },
};
