import { isScalar } from 'yaml';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import { WORKLOAD_KINDS } from '../kinds';
import { isBareToken, isPlaceholder } from '../placeholders';
import { containerLabel, podContainers } from '../podSpec';
import type { KubernetesRule } from './rule';
import {
  holdsSubstitutionToken,
  imageNameTooLong,
  isBuildToolImage,
  matchesImageGrammar,
} from '../../common/imageReference';

export const messages = {
  whitespace: (container: string, image: string) =>
    `${container}: image ${JSON.stringify(image)} has leading or trailing whitespace: the API server rejects it in a Pod, and the kubelet cannot pull it (InvalidImageName)`,
  upperCase: (container: string, image: string) =>
    `${container}: image "${image}" is not a valid reference: the repository must be lower-case. The kubelet cannot pull it (InvalidImageName) and the container never starts`,
  invalid: (container: string, image: string) =>
    `${container}: image "${image}" is not a valid reference ([registry/]repository[:tag][@digest]): the kubelet cannot pull it (InvalidImageName) and the container never starts`,
};

type Problem = { kind: 'whitespace' | 'invalid' } | { kind: 'upperCase'; lowered: string };

/** Why an image cannot be parsed (with the reference lower-cased, when that would do), or undefined when it can. */
export function imageReferenceProblem(image: string): Problem | undefined {
  if (image.trim() !== image) return { kind: imageReferenceProblem(image.trim()) ? 'invalid' : 'whitespace' };
  if (matchesImageGrammar(image)) return imageNameTooLong(image) ? { kind: 'invalid' } : undefined;
  // The same reference with its repository (what follows the domain) lower-cased would do.
  const slash = image.indexOf('/');
  const first = slash < 0 ? '' : image.slice(0, slash);
  const hasDomain = slash >= 0 && (/[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first);
  const at = image.indexOf('@');
  const path = image.slice(hasDomain ? slash + 1 : 0, at < 0 ? undefined : at);
  const colon = path.lastIndexOf(':');
  const repository = colon < 0 ? path : path.slice(0, colon);
  const lowered =
    image.slice(0, hasDomain ? slash + 1 : 0) +
    repository.toLowerCase() +
    image.slice((hasDomain ? slash + 1 : 0) + repository.length);
  return repository !== repository.toLowerCase() && matchesImageGrammar(lowered)
    ? { kind: 'upperCase', lowered }
    : { kind: 'invalid' };
}

/**
 * An image the kubelet cannot parse (`acme/MyApp:1.0`, `nginx:1.2:3`, `" nginx"`): the pod is scheduled and its
 * container waits in InvalidImageName forever. Templated images are someone else's to resolve.
 */
export const imageReferenceRule: KubernetesRule = {
  id: 'k8s/image-reference',
  severity: DiagnosticSeverity.Error,
  description:
    'an image that is not a valid reference (an upper-case repository, a stray `:` or space): `InvalidImageName`',
  family: 'kubernetes-deployment',
  fix: 'remove the whitespace around the image; suggestion: lower-case the repository',
  reference: 'kubelet: applyDefaultImageTag (reference.ParseNormalizedNamed → ErrInvalidImageName)',
  kinds: WORKLOAD_KINDS,
  check(manifest) {
    const findings: RuleFinding[] = [];
    for (const container of podContainers(manifest, ['initContainers', 'containers'])) {
      const node = manifest.nodeAt(['image'], container.map);
      if (!isScalar(node) || typeof node.value !== 'string' || node.value === '') continue;
      const image = node.value;
      if (image.length > 4096 || isPlaceholder(image) || isBareToken(image.trim()) || image.includes('$')) continue;
      if (holdsSubstitutionToken(image) || isBuildToolImage(image)) continue;
      const problem = imageReferenceProblem(image);
      if (!problem) continue;
      const range = manifest.rangeOf(node);
      findings.push({
        range,
        message: messages[problem.kind](containerLabel(container), image),
        // The whitespace's removal keeps the meaning (applied by fix-all); the lower-cased repository is likely what
        // was meant, but which image runs is the user's to say (a suggestion).
        ...(problem.kind === 'whitespace'
          ? {
              fixes: [
                {
                  title: `Remove the whitespace around the image: ${image.trim()}`,
                  edits: [{ range, newText: JSON.stringify(image.trim()) }],
                  isPreferred: true,
                },
              ],
            }
          : problem.kind === 'upperCase'
            ? {
                fixes: [
                  {
                    title: `Lower-case the repository: ${problem.lowered}`,
                    edits: [{ range, newText: problem.lowered }],
                  },
                ],
              }
            : {}),
      });
    }
    return findings;
  },
};
