import { posix } from 'node:path';
import { isMap, isSeq, parseAllDocuments, visit, type YAMLMap } from 'yaml';

/**
 * Skaffold projects: a `skaffold.yaml` names the images it builds (`build.artifacts[].image`, in profiles too), and
 * when it deploys the manifests below it, it replaces each of those image names with the tag or digest it built
 * (`image: web` runs as `web:v1.2-3-gabc@sha256:...`). So such an image written without a tag is pinned when it runs.
 * A profile may add artifacts with a JSON patch (`path: /build/artifacts/1`, `value: {image: ...}`): those count too.
 */
export const SKAFFOLD_NAME = 'skaffold.yaml';
/** How many folders up a skaffold.yaml is looked for: a project keeps it at its root, its manifests a few levels below. */
export const SKAFFOLD_DEPTH = 6;

/** One artifact a skaffold.yaml builds. */
export interface SkaffoldArtifact {
  image: string;
  /** The build context, relative to the skaffold.yaml's folder (`.` when not given). */
  context: string;
  /**
   * The Dockerfile, relative to the context, when the artifact is built from one: the docker builder (skaffold's
   * default, with no builder written) and kaniko; undefined for jib, ko, buildpacks, bazel and custom builds.
   */
  dockerfile?: string;
}

/** The builders that build from a Dockerfile, and their field naming it (default `Dockerfile`). */
const DOCKERFILE_BUILDERS = ['docker', 'kaniko'];
const OTHER_BUILDERS = ['jib', 'ko', 'buildpacks', 'bazel', 'custom'];

/** The image names a skaffold.yaml builds: every `image` of an `artifacts` list, whatever document or profile. */
export function skaffoldArtifactImages(text: string): string[] {
  return [...new Set(skaffoldArtifacts(text).map((artifact) => artifact.image))];
}

/**
 * The skaffold.yaml files of a folder and the folders above it (`/`-separated paths, up to SKAFFOLD_DEPTH), nearest
 * first, each with its folder and artifacts. `read` gives a file's text by path (undefined: no such file).
 */
export function skaffoldProjectsAbove(
  folder: string,
  read: (path: string) => string | undefined,
): Array<{ folder: string; artifacts: readonly SkaffoldArtifact[] }> {
  const projects: Array<{ folder: string; artifacts: readonly SkaffoldArtifact[] }> = [];
  for (let depth = 0; depth < SKAFFOLD_DEPTH; depth++) {
    const text = read(posix.join(folder, SKAFFOLD_NAME));
    if (text !== undefined) projects.push({ folder, artifacts: skaffoldArtifacts(text) });
    const parent = posix.dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  return projects;
}

/** Parsed skaffold.yaml texts: asked at every validation of the manifests below one (the port caches the reads). */
const parsed = new Map<string, readonly SkaffoldArtifact[]>();

/** Every artifact of a skaffold.yaml, whatever document or profile (a broken file: what parsed); parsed once per text. */
export function skaffoldArtifacts(text: string): readonly SkaffoldArtifact[] {
  let artifacts = parsed.get(text);
  if (!artifacts) {
    if (parsed.size >= 64) parsed.clear();
    artifacts = parseArtifacts(text);
    parsed.set(text, artifacts);
  }
  return artifacts;
}

function parseArtifacts(text: string): SkaffoldArtifact[] {
  const artifacts: SkaffoldArtifact[] = [];
  let documents;
  try {
    documents = parseAllDocuments(text);
  } catch {
    return [];
  }
  for (const document of Array.isArray(documents) ? documents : [documents]) {
    visit(document, {
      Pair(_key, pair) {
        if (!isScalarKey(pair.key, 'artifacts') || !isSeq(pair.value)) return undefined;
        for (const item of pair.value.items) addArtifact(item, artifacts);
        return visit.SKIP;
      },
      Map(_key, map) {
        const path = map.get('path');
        if (typeof path === 'string' && path.startsWith('/build/artifacts'))
          addArtifact(map.get('value', true), artifacts);
        return undefined;
      },
    });
  }
  return artifacts;
}

function addArtifact(item: unknown, artifacts: SkaffoldArtifact[]): void {
  if (!isMap(item)) return;
  const image = item.get('image');
  if (typeof image !== 'string' || image === '') return;
  const context = item.get('context');
  artifacts.push({
    image,
    context: typeof context === 'string' && context !== '' ? context : '.',
    ...dockerfileOf(item),
  });
}

function dockerfileOf(artifact: YAMLMap): { dockerfile?: string } {
  if (OTHER_BUILDERS.some((builder) => artifact.has(builder))) return {};
  const builder = DOCKERFILE_BUILDERS.find((name) => artifact.has(name));
  const settings = builder === undefined ? undefined : artifact.get(builder, true);
  const named = isMap(settings) ? settings.get('dockerfile') : undefined;
  return { dockerfile: typeof named === 'string' && named !== '' ? named : 'Dockerfile' };
}

function isScalarKey(key: unknown, name: string): boolean {
  return typeof key === 'object' && key !== null && 'value' in key && (key as { value: unknown }).value === name;
}
