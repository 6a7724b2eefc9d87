import type { DockerfileContext, Stage } from '../context';

/** An image reference split the way registries read it: `registry/name:tag@digest`. */
export interface ImageReference {
  registry: string | undefined;
  name: string;
  tag: string | undefined;
  digest: string | undefined;
}

export function parseImage(reference: string): ImageReference {
  let rest = reference;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const slash = rest.indexOf('/');
  const first = slash === -1 ? '' : rest.slice(0, slash);
  const registry = first && (first.includes('.') || first.includes(':') || first === 'localhost') ? first : undefined;
  return { registry, name: rest, tag, digest };
}

/** The FROM images that name a real image: not `scratch`, not an earlier stage, not built from variables. */
export function externalImages(context: DockerfileContext): Array<{ stage: Stage; reference: ImageReference }> {
  const result: Array<{ stage: Stage; reference: ImageReference }> = [];
  for (const stage of context.stages) {
    const image = stage.image;
    if (!image || stage.parent || image.value.includes('$') || image.value.toLowerCase() === 'scratch') continue;
    if (context.stageNamed(image.value, stage)) continue;
    result.push({ stage, reference: parseImage(image.value) });
  }
  return result;
}
