import { isScalar } from 'yaml';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import { WORKLOAD_KINDS } from '../kinds';
import { isBareToken, isPlaceholder } from '../placeholders';
import { containerLabel, podContainers } from '../podSpec';
import type { KubernetesRule } from './rule';

/**
 * The grammar of an image reference, as distribution/reference (which the kubelet parses every image with, through
 * ParseNormalizedNamed) writes it: `[domain/]path[:tag][@digest]`, the path lower-case.
 */
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*(?::${TAG})?(?:@${DIGEST})?$`);
/** The name alone may be at most 255 characters (NameTotalLengthMax). */
const NAME_MAX = 255;

/**
 * A token left for a later substitution inside an image: `<PROJECT_ID>`, or an upper-case word of 3 or more
 * characters between separators (`REGION-docker.pkg.dev/PROJECT_ID/repo/app`), as tutorials write images that a
 * `sed` or the reader fills in. Measured: all 26 findings on the public corpus (GKE samples, Kubernetes examples) were such images.
 */
const EMBEDDED_TOKEN = /<[^<>]+>|(?:^|[^A-Za-z0-9])[A-Z][A-Z0-9_]{2,}(?![A-Za-z0-9])/;

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
  const name = image.split('@')[0].replace(/:[^/:]*$/, '');
  if (REFERENCE.test(image)) return name.length <= NAME_MAX ? undefined : { kind: 'invalid' };
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
  return repository !== repository.toLowerCase() && REFERENCE.test(lowered)
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
      if (EMBEDDED_TOKEN.test(image)) continue;
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
