/**
 * Image references as `docker build -t` accepts them (the grammar of distribution/reference): an optional
 * registry host[:port], lowercase path components separated by `.`, `_`, `__` or dashes, and an optional tag.
 * Unlike some tools we never rewrite a reference: `-`, `_`, `.`, `/` and `:` are kept as typed.
 */

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN_COMPONENT = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const MAX_NAME_LENGTH = 255;

export interface ImageReference {
  /** Registry host, with its port, when the reference names one. */
  domain?: string;
  /** The repository path without the domain (`team/app`). */
  path: string;
  tag?: string;
}

/** Returns why `ref` is not a valid tag for a build, or undefined when it is valid. */
export function validateImageReference(ref: string): string | undefined {
  if (ref.length === 0) return 'Enter an image name, e.g. registry.example.com/team/app:1.0';
  if (/\s/.test(ref)) return 'An image reference cannot contain spaces.';
  if (ref.includes('@')) return 'A digest (@sha256:...) cannot be used as a build tag.';
  const parsed = splitReference(ref);
  const name = parsed.domain ? `${parsed.domain}/${parsed.path}` : parsed.path;
  if (name.length > MAX_NAME_LENGTH) return `The repository name is longer than ${MAX_NAME_LENGTH} characters.`;
  if (parsed.domain !== undefined) {
    const [host, port, extra] = parsed.domain.split(':');
    if (extra !== undefined || (port !== undefined && !/^\d+$/.test(port)))
      return `"${parsed.domain}" is not a valid registry host[:port].`;
    if (!host.split('.').every((part) => DOMAIN_COMPONENT.test(part)))
      return `"${parsed.domain}" is not a valid registry host.`;
  }
  if (parsed.path.length === 0) return 'The repository name is missing.';
  for (const component of parsed.path.split('/')) {
    if (component.length === 0) return 'The repository name has an empty path component (check the slashes).';
    if (component !== component.toLowerCase()) return `Repository names must be lowercase ("${component}").`;
    if (!PATH_COMPONENT.test(component)) {
      return `"${component}" is not a valid repository name component: use lowercase letters and digits, separated by ".", "_", "__" or "-".`;
    }
  }
  if (parsed.tag !== undefined && !TAG.test(parsed.tag)) {
    return `"${parsed.tag}" is not a valid tag: up to 128 letters, digits, "_", "." and "-", not starting with "." or "-".`;
  }
  return undefined;
}

/** Splits a reference into domain, path and tag without validating it. */
export function splitReference(ref: string): ImageReference {
  let rest = ref;
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const lastColon = rest.lastIndexOf(':');
  if (lastColon > lastSlash) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
  }
  const firstSlash = rest.indexOf('/');
  if (firstSlash !== -1) {
    const first = rest.slice(0, firstSlash);
    // As docker decides: the first component is a registry when it looks like a host.
    if (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase()) {
      return { domain: first, path: rest.slice(firstSlash + 1), tag };
    }
  }
  return { path: rest, tag };
}

/** The reference without its tag or digest: what two references must share to be "the same image". */
export function imageName(ref: string): string {
  const withoutDigest = ref.split('@')[0];
  const parsed = splitReference(withoutDigest);
  const name = parsed.domain ? `${parsed.domain}/${parsed.path}` : parsed.path;
  // docker.io/library/x, docker.io/x and x are the same image.
  return name.replace(/^(?:docker\.io|index\.docker\.io)\/(?:library\/)?/, '').replace(/^library\//, '');
}

/**
 * Folder names that would make a misleading repository name: the names of well-known images (a folder called `docker`
 * proposed `docker:latest`, the Docker CLI's own image) and generic folder names that say nothing about the project.
 */
const NOT_A_PROJECT_NAME = new Set([
  // Generic folders that hold Dockerfiles.
  'app',
  'apps',
  'build',
  'ci',
  'container',
  'containers',
  'deploy',
  'deployment',
  'devcontainer',
  'docker',
  'dockerfiles',
  'image',
  'images',
  'k8s',
  'src',
  'tmp',
  // Official images people build FROM.
  'alpine',
  'amazonlinux',
  'busybox',
  'caddy',
  'centos',
  'debian',
  'eclipse-temurin',
  'elasticsearch',
  'fedora',
  'gcc',
  'golang',
  'gradle',
  'haproxy',
  'hello-world',
  'httpd',
  'jenkins',
  'mariadb',
  'maven',
  'memcached',
  'mongo',
  'mysql',
  'nginx',
  'node',
  'openjdk',
  'php',
  'postgres',
  'python',
  'rabbitmq',
  'redis',
  'registry',
  'ruby',
  'rust',
  'scratch',
  'tomcat',
  'traefik',
  'ubuntu',
  'wordpress',
]);

/** A folder name made into a valid repository name component ('' when nothing is left). */
function repositoryName(folderName: string): string {
  return folderName
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '')
    .replace(/([._-])[._-]+/g, '$1');
}

/**
 * A tag to suggest when none was used before: `<name>:<version>`, the name from the first of `folderNames` (the build
 * context's folder, then the workspace folder) that is not a well-known image's or a generic folder's name, the
 * version the commit's short sha, else `dev`. Never `:latest`, which Shipshape itself warns about in manifests.
 */
export function suggestTag(folderNames: readonly string[], version?: string): string {
  const names = folderNames.map(repositoryName).filter((name) => name.length > 0);
  const name =
    names.find((candidate) => !NOT_A_PROJECT_NAME.has(candidate)) ??
    (names.length > 0 ? `${names[names.length - 1]}-app` : 'app');
  const tag = version && TAG.test(version) ? version : 'dev';
  return `${name}:${tag}`;
}
