import { isScalar, type YAMLMap } from 'yaml';
import { closestMatch } from '../../common/closest';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import { WORKLOAD_KINDS } from '../kinds';
import { isPlaceholder, mayBeSetLater } from '../placeholders';
import { containerAnchor, containerLabel, podContainers } from '../podSpec';
import { hasPlaceholderKey } from '../validation/literals';
import type { KubernetesRule } from './rule';

/** A key that is `image` misspelt (`imagee`, `Image`): the schema's unknown-field finding and its fix cover it. */
function misspeltImage(container: YAMLMap): boolean {
  return container.items.some((pair) => {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    return key !== 'image' && closestMatch(key, ['image']) === 'image';
  });
}

export const messages = {
  missing: (container: string) => `${container} has no image: the API server rejects a container without one`,
  empty: (container: string) => `${container}: image is empty: the API server rejects a container without one`,
};

/**
 * A container (or init container) without an image: the OpenAPI schema leaves `image` optional, but the API server
 * requires it in every pod and pod template (validateContainers: "image: Required value"). Only on whole objects: a
 * Kustomize patch names a container to change other fields of it. No fix: the image is the user's to name.
 */
export const containerImageRequiredRule: KubernetesRule = {
  id: 'k8s/container-image-required',
  severity: DiagnosticSeverity.Error,
  description: 'a container or init container without an image (or with an empty one)',
  family: 'kubernetes-deployment',
  reference: 'pkg/apis/core/validation: validateContainers (image: Required value)',
  kinds: WORKLOAD_KINDS,
  check(manifest) {
    const findings: RuleFinding[] = [];
    for (const container of podContainers(manifest, ['initContainers', 'containers'])) {
      if (hasPlaceholderKey(container.map) || mayBeSetLater(manifest, container.map, ['image'])) continue;
      const image = manifest.nodeAt(['image'], container.map);
      if (image === undefined && misspeltImage(container.map)) continue; // the unknown-field finding says it, with a fix
      if (image === undefined || (isScalar(image) && image.value === null)) {
        findings.push({
          range: containerAnchor(manifest, container),
          message: messages.missing(containerLabel(container)),
        });
      } else if (isScalar(image) && image.value === '' && !isPlaceholder(image.value)) {
        findings.push({ range: manifest.rangeOf(image), message: messages.empty(containerLabel(container)) });
      }
    }
    return findings;
  },
};
