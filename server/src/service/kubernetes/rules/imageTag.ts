import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import { containerLabel, podContainers } from '../podSpec';
import type { KubernetesRule } from './rule';
import { WORKLOAD_KINDS } from '../kinds';
import { isBareToken } from '../placeholders';
import { isBuildToolImage } from '../../common/imageReference';
import { imageReferenceProblem } from './imageReference';

export const messages = {
  latest: (image: string) =>
    `image "${image}" uses :latest: every node may run a different build, and rollbacks go nowhere. Pin a version or a digest`,
  untagged: (image: string) => `image "${image}" has no tag, which means :latest. Pin a version or a digest`,
};

/** Splits an image reference into name, tag and digest (the registry's `host:port/` is not a tag). */
export function parseImageReference(image: string): { name: string; tag?: string; digest?: string } {
  const [withoutDigest, digest] = image.split('@', 2);
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  return colon === -1
    ? { name: withoutDigest, digest }
    : { name: withoutDigest.slice(0, colon), tag: withoutDigest.slice(colon + 1), digest };
}

/**
 * `image: nginx` or `image: nginx:latest`: mutable, so what runs is not what was reviewed. Quiet when a
 * kustomization that builds the manifest sets the image's tag or digest (`images: [{name: nginx, newTag: 1.27}]`):
 * kustomize replaces the tag, so what runs is pinned (an entry with only newName keeps the tag as written); and when
 * a skaffold.yaml above the file builds the image (skaffold deploys it with the tag it built).
 */
export const imageTagRule: KubernetesRule = {
  id: 'k8s/image-tag',
  severity: DiagnosticSeverity.Warning,
  description:
    'an image with no tag or `:latest` (quiet when a kustomization `images:` entry that builds the file, or a skaffold.yaml above it, sets the tag)',
  family: 'kubernetes-deployment',
  reference: 'pkg/apis/core/v1/defaults.go: SetDefaults_Container (:latest implies imagePullPolicy Always)',
  kinds: WORKLOAD_KINDS,
  check(manifest, target) {
    const findings: RuleFinding[] = [];
    const tagged = new Set(target?.taggedImages);
    for (const container of podContainers(manifest, ['initContainers', 'containers'])) {
      const node = manifest.nodeAt(['image'], container.map);
      const image = manifest.stringAt(['image'], container.map);
      // Templated images are someone else's to resolve: `${IMAGE}`, or a bare `CONTAINER_IMAGE` meant for sed.
      if (!node || image === undefined || image.includes('$') || isBareToken(image.trim())) continue;
      // No image, or none that parses (k8s/container-image-required and k8s/image-reference say so), or one a build
      // tool writes in (ko://): no tag to speak of.
      if (image.trim() === '' || isBuildToolImage(image) || imageReferenceProblem(image.trim()) !== undefined) continue;
      const reference = parseImageReference(image.trim());
      if (reference.digest || tagged.has(reference.name)) continue;
      if (reference.tag === 'latest')
        findings.push({
          range: manifest.rangeOf(node),
          message: messages.latest(image),
          data: { container: containerLabel(container) },
        });
      else if (reference.tag === undefined)
        findings.push({
          range: manifest.rangeOf(node),
          message: messages.untagged(image),
          data: { container: containerLabel(container) },
        });
    }
    return findings;
  },
};
