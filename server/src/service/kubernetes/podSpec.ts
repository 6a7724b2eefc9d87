import { isMap } from 'yaml';
import type { Node, YAMLMap } from 'yaml';
import type { Range } from 'vscode-languageserver-types';
import type { YamlPath } from '../yaml/parsedYaml';
import type { KnownManifest } from './manifest';

export const POD_SPEC: YamlPath = ['spec', 'template', 'spec'];

export interface PodContainer {
  map: YAMLMap;
  path: YamlPath;
  /** `containers` or `initContainers`. */
  group: 'containers' | 'initContainers';
  name: string | undefined;
}

/** The containers of a Deployment's pod template (init containers too when asked), with their paths. */
export function podContainers(
  manifest: KnownManifest,
  groups: ReadonlyArray<PodContainer['group']> = ['containers'],
): PodContainer[] {
  const result: PodContainer[] = [];
  for (const group of groups) {
    const seq = manifest.seqAt([...POD_SPEC, group]);
    seq?.items.forEach((item, index) => {
      const map = manifest.resolve(item);
      if (isMap(map))
        result.push({ map, path: [...POD_SPEC, group, index], group, name: manifest.stringAt(['name'], map) });
    });
  }
  return result;
}

export function containerLabel(container: PodContainer): string {
  return container.name !== undefined
    ? `container "${container.name}"`
    : `${container.group}[${String(container.path[container.path.length - 1])}]`;
}

/** A container's `name` value, else the first line of the container: where container findings point. */
export function containerAnchor(manifest: KnownManifest, container: PodContainer): Range {
  const name = manifest.nodeAt(['name'], container.map);
  return name ? manifest.rangeOf(name) : firstLine(manifest, container.map);
}

export function firstLine(manifest: KnownManifest, node: Node): Range {
  const [start, end] = node.range ?? [0, 0];
  const lineEnd = manifest.text.indexOf('\n', start);
  return manifest.rangeAt(start, lineEnd === -1 ? end : Math.min(end, lineEnd));
}
