import { isMap, isSeq, parseAllDocuments, visit } from 'yaml';

/**
 * Skaffold projects: a `skaffold.yaml` names the images it builds (`build.artifacts[].image`, in profiles too), and
 * when it deploys the manifests below it, it replaces each of those image names with the tag or digest it built
 * (`image: web` runs as `web:v1.2-3-gabc@sha256:...`). So such an image written without a tag is pinned when it runs.
 */
export const SKAFFOLD_NAME = 'skaffold.yaml';

/** The image names a skaffold.yaml builds: every `image` of an `artifacts` list, whatever document or profile. */
export function skaffoldArtifactImages(text: string): string[] {
  const images = new Set<string>();
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
        for (const artifact of pair.value.items) addImageOf(artifact, images);
        return visit.SKIP;
      },
      // A profile's JSON patch that adds an artifact: `{op: add, path: /build/artifacts/1, value: {image: ...}}`.
      Map(_key, map) {
        const path = map.get('path');
        if (typeof path === 'string' && path.startsWith('/build/artifacts')) addImageOf(map.get('value', true), images);
        return undefined;
      },
    });
  }
  return [...images];
}

function addImageOf(artifact: unknown, images: Set<string>): void {
  if (!isMap(artifact)) return;
  const image = artifact.get('image');
  if (typeof image === 'string' && image !== '') images.add(image);
}

function isScalarKey(key: unknown, name: string): boolean {
  return typeof key === 'object' && key !== null && 'value' in key && (key as { value: unknown }).value === name;
}
