import type { YAMLMap } from 'yaml';
import type { KnownManifest } from '../manifest';
import { POD_SPEC, podContainers, type PodContainer } from '../podSpec';
import { mapItems } from './literals';

/** The parts of a pod template the API-server rules read, found once per parsed document and shared by them all. */
export interface TemplateView {
  spec: YAMLMap | undefined;
  /** Init containers, then containers (one name space, and every rule reads both). */
  containers: PodContainer[];
  volumes: YAMLMap[];
}

const views = new WeakMap<KnownManifest, TemplateView>();

/**
 * The pod template of a workload, walked once: a dozen rules each walking the document from its root again cost a
 * tenth of a large file's first validation.
 */
export function templateOf(manifest: KnownManifest): TemplateView {
  let view = views.get(manifest);
  if (!view) {
    const spec = manifest.mapAt(POD_SPEC);
    view = {
      spec,
      containers: spec ? podContainers(manifest, ['initContainers', 'containers']) : [],
      volumes: spec ? mapItems(manifest, manifest.nodeAt(['volumes'], spec)) : [],
    };
    views.set(manifest, view);
  }
  return view;
}
