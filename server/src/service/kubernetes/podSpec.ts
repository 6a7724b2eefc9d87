import { isMap } from 'yaml';
import type { Node, YAMLMap } from 'yaml';
import type { Range } from 'vscode-languageserver-types';
import type { YamlPath } from '../yaml/parsedYaml';
import type { KindName } from './kinds';
import type { KnownManifest } from './manifest';

/** A Deployment's pod spec. Rules use `podSpecPath(manifest)`: every workload kind keeps its pod template elsewhere. */
export const POD_SPEC: YamlPath = ['spec', 'template', 'spec'];

const TEMPLATE_PATHS: Partial<Record<KindName, YamlPath>> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  // A Pod is its own template: its metadata and spec sit at the top.
  Pod: [],
};

/**
 * Where a kind keeps its pod template (the map with the pod's `metadata` and `spec`); undefined for kinds without
 * one. Every pod-spec rule reads through this, so it applies to each workload kind alike.
 */
export function podTemplatePath(kind: KindName): YamlPath | undefined {
  return TEMPLATE_PATHS[kind];
}

/** The pod spec of a manifest's template (`spec.template.spec`, `spec.jobTemplate.spec.template.spec`, `spec`). */
export function podSpecPath(manifest: KnownManifest): YamlPath {
  const template = TEMPLATE_PATHS[manifest.kind];
  return template ? [...template, 'spec'] : POD_SPEC;
}

/** The template's `metadata.labels` path. */
export function podLabelsPath(manifest: KnownManifest): YamlPath {
  const template = TEMPLATE_PATHS[manifest.kind];
  return [...(template ?? ['spec', 'template']), 'metadata', 'labels'];
}

export interface PodContainer {
  map: YAMLMap;
  path: YamlPath;
  /** `containers` or `initContainers`. */
  group: 'containers' | 'initContainers';
  name: string | undefined;
}

/** The containers of a workload's pod template (init containers too when asked), with their paths. */
export function podContainers(
  manifest: KnownManifest,
  groups: ReadonlyArray<PodContainer['group']> = ['containers'],
): PodContainer[] {
  const result: PodContainer[] = [];
  if (TEMPLATE_PATHS[manifest.kind] === undefined) return result;
  const podSpec = podSpecPath(manifest);
  for (const group of groups) {
    const seq = manifest.seqAt([...podSpec, group]);
    seq?.items.forEach((item, index) => {
      const map = manifest.resolve(item);
      if (isMap(map))
        result.push({ map, path: [...podSpec, group, index], group, name: manifest.stringAt(['name'], map) });
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
