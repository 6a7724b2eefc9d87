import { isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import { imageName } from '../build/imageRef';

/** One `image:` value to replace, by source offsets (quotes excluded). */
export interface ImageEdit {
  start: number;
  end: number;
  /** The reference now written there. */
  current: string;
  deployment: string;
}

const WORKLOAD_KINDS = new Set(['Deployment']);

/**
 * The `image:` values of Deployment containers (and init containers) that name the same image as `newRef`
 * but a different tag, as offsets into `text` (comments and quoting around them stay as they are).
 */
export function findImageUpdates(text: string, newRef: string): ImageEdit[] {
  const wanted = imageName(newRef);
  const edits: ImageEdit[] = [];
  for (const document of parseAllDocuments(text)) {
    if (!('contents' in document) || !isMap(document.contents)) continue;
    if (!WORKLOAD_KINDS.has(String(document.get('kind')))) continue;
    const name = String(document.getIn(['metadata', 'name']) ?? '');
    for (const key of ['containers', 'initContainers']) {
      const list = document.getIn(['spec', 'template', 'spec', key], true);
      if (!isSeq(list)) continue;
      for (const container of list.items) {
        if (!isMap(container)) continue;
        const image = container.get('image', true);
        if (!isScalar(image) || typeof image.value !== 'string' || !image.range) continue;
        if (image.value === newRef || imageName(image.value) !== wanted) continue;
        const [start, valueEnd] = image.range;
        // For quoted scalars the range includes the quotes.
        const quoted = image.type === 'QUOTE_DOUBLE' || image.type === 'QUOTE_SINGLE';
        edits.push({
          start: quoted ? start + 1 : start,
          end: quoted ? valueEnd - 1 : valueEnd,
          current: image.value,
          deployment: name,
        });
      }
    }
  }
  return edits;
}

/** Applies edits (from {@link findImageUpdates}) to text: for tests and for files not open in an editor. */
export function applyImageUpdates(text: string, edits: readonly ImageEdit[], newRef: string): string {
  let result = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start))
    result = result.slice(0, edit.start) + newRef + result.slice(edit.end);
  return result;
}
