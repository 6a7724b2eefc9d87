/**
 * The grammar of an image reference, as distribution/reference writes it: `[domain/]path[:tag][@digest]`, the path
 * lower-case, the name at most 255 characters. The kubelet parses every image with it (ParseNormalizedNamed), and so
 * does BuildKit every FROM once its ARGs are expanded: one grammar for the manifests' and the Dockerfiles' rules.
 */
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*(?::${TAG})?(?:@${DIGEST})?$`);
/** The name alone may be at most 255 characters (NameTotalLengthMax). */
const NAME_MAX = 255;

/** Whether an image reference parses (ParseNormalizedNamed): grammar and name length. */
export function isImageReference(image: string): boolean {
  return matchesImageGrammar(image) && !imageNameTooLong(image);
}

/** Whether the grammar alone accepts it, whatever the name's length. */
export function matchesImageGrammar(image: string): boolean {
  return REFERENCE.test(image);
}

/** Whether the name (the reference without tag and digest) is longer than a reference may name. */
export function imageNameTooLong(image: string): boolean {
  return image.split('@')[0].replace(/:[^/:]*$/, '').length > NAME_MAX;
}

/**
 * A token left for a later substitution inside an image: `<PROJECT_ID>`, or an upper-case word of 3 or more
 * characters between separators (`REGION-docker.pkg.dev/PROJECT_ID/repo/app`), as tutorials write images that a
 * `sed` or the reader fills in. Measured: all 26 findings on the public corpus (GKE samples, Kubernetes examples) were such images.
 */
const EMBEDDED_TOKEN = /<[^<>]+>|(?:^|[^A-Za-z0-9])[A-Z][A-Z0-9_]{2,}(?![A-Za-z0-9])/;

/** Whether an image holds such a token: it is a template for a later step, not an image to judge. */
export function holdsSubstitutionToken(image: string): boolean {
  return EMBEDDED_TOKEN.test(image);
}

/**
 * An image a build tool replaces before anything pulls it: `ko://github.com/org/app/cmd/server`, the import path of
 * a Go program that ko (and skaffold's ko builder) builds, pushes and writes in as a real reference.
 */
export function isBuildToolImage(image: string): boolean {
  return image.startsWith('ko://');
}
