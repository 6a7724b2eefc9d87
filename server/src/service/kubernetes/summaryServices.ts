import { isMap, isScalar, isSeq } from 'yaml';
import type { YAMLMap } from 'yaml';
import type { Range } from 'vscode-languageserver-types';
import type { KnownManifest } from './manifest';
import { readLabelSelector, readServiceSelector, type LabelSelector } from './labels';
import { isPlaceholder, mayBeSetLater } from './placeholders';
import type { ContainerPort, SummaryBase } from './summary';

/** One entry of a Service's `ports`. */
export interface ServicePortSummary {
  name?: string;
  port?: number;
  /** As written (a number or a port name); undefined when absent (it defaults to `port`) or templated. */
  targetPort?: number | string;
  /** `targetPort` is written but is a placeholder: known only once rendered. */
  targetOpen: boolean;
  protocol: string;
  /** The `targetPort` value, else the `port` value, else the entry's first key. */
  range: Range;
}

export interface ServiceSummary extends SummaryBase {
  kind: 'Service';
  /** `ExternalName` Services select no pods; undefined = ClusterIP. */
  type?: string;
  /** Absent or empty: the endpoints are managed elsewhere (an EndpointSlice written by hand, an operator). */
  selector?: LabelSelector;
  ports: ServicePortSummary[];
  /** `clusterIP: None`: where it is written. */
  headless?: Range;
}

export interface PdbSummary extends SummaryBase {
  kind: 'PodDisruptionBudget';
  selector?: LabelSelector;
  /** An integer, or a percentage (a string); undefined when absent or templated. */
  minAvailable?: { value: number | string; range: Range };
}

/** A container's declared ports (`name`, `containerPort`, `protocol`). */
export function containerPorts(
  manifest: KnownManifest,
  container: YAMLMap,
): { ports: ContainerPort[]; portsOpen: boolean } {
  const ports: ContainerPort[] = [];
  let portsOpen = mayBeSetLater(manifest, container, ['ports']);
  const seq = manifest.nodeAt(['ports'], container);
  for (const item of isSeq(seq) ? seq.items : []) {
    const port = manifest.resolve(item);
    if (!isMap(port)) {
      portsOpen = true;
      continue;
    }
    const numberNode = manifest.nodeAt(['containerPort'], port);
    const nameNode = manifest.nodeAt(['name'], port);
    const number = isScalar(numberNode) && typeof numberNode.value === 'number' ? numberNode.value : undefined;
    const name = manifest.stringAt(['name'], port);
    if ((number === undefined && numberNode !== undefined) || (name !== undefined && isPlaceholder(name)))
      portsOpen = true;
    const anchor = numberNode ?? nameNode;
    if (!anchor) continue;
    ports.push({
      name,
      number,
      protocol: manifest.stringAt(['protocol'], port) ?? 'TCP',
      range: manifest.rangeOf(anchor),
    });
  }
  return { ports, portsOpen };
}

/** The facts about the user a container runs as that a Dockerfile's final USER can contradict. */
export function userFacts(
  manifest: KnownManifest,
  container: YAMLMap,
  pod: YAMLMap | undefined,
): { runAsNonRoot?: Range; runAsUser: boolean } {
  const own = manifest.nodeAt(['securityContext', 'runAsNonRoot'], container);
  const podLevel = pod ? manifest.nodeAt(['securityContext', 'runAsNonRoot'], pod) : undefined;
  const decided = isScalar(own) ? own : podLevel;
  const runAsUser =
    manifest.nodeAt(['securityContext', 'runAsUser'], container) !== undefined ||
    (pod !== undefined && manifest.nodeAt(['securityContext', 'runAsUser'], pod) !== undefined);
  return {
    runAsNonRoot: isScalar(decided) && decided.value === true ? manifest.rangeOf(decided) : undefined,
    runAsUser,
  };
}

export function summarizeService(manifest: KnownManifest, base: SummaryBase): ServiceSummary {
  const clusterIp = manifest.nodeAt(['spec', 'clusterIP']);
  const ports: ServicePortSummary[] = [];
  const seq = manifest.nodeAt(['spec', 'ports']);
  for (const item of isSeq(seq) ? seq.items : []) {
    const entry = manifest.resolve(item);
    if (!isMap(entry) || !entry.range) continue;
    const portNode = manifest.nodeAt(['port'], entry);
    const targetNode = manifest.nodeAt(['targetPort'], entry);
    const target = isScalar(targetNode) ? targetNode.value : undefined;
    const targetOpen =
      mayBeSetLater(manifest, entry, ['targetPort']) ||
      (targetNode !== undefined && !(typeof target === 'number' || typeof target === 'string'));
    const anchor = targetNode ?? portNode;
    ports.push({
      name: manifest.stringAt(['name'], entry),
      port: isScalar(portNode) && typeof portNode.value === 'number' ? portNode.value : undefined,
      targetPort: targetOpen || (typeof target !== 'number' && typeof target !== 'string') ? undefined : target,
      targetOpen: targetOpen || (portNode !== undefined && mayBeSetLater(manifest, entry, ['port'])),
      protocol: manifest.stringAt(['protocol'], entry) ?? 'TCP',
      range: anchor ? manifest.rangeOf(anchor) : manifest.rangeAt(entry.range[0], entry.range[0]),
    });
  }
  return {
    ...base,
    kind: 'Service',
    type: manifest.stringAt(['spec', 'type']),
    selector: readServiceSelector(manifest),
    ports,
    headless: isScalar(clusterIp) && String(clusterIp.value) === 'None' ? manifest.rangeOf(clusterIp) : undefined,
  };
}

export function summarizePdb(manifest: KnownManifest, base: SummaryBase): PdbSummary {
  const minNode = manifest.nodeAt(['spec', 'minAvailable']);
  const min = isScalar(minNode) ? minNode.value : undefined;
  return {
    ...base,
    kind: 'PodDisruptionBudget',
    selector: readLabelSelector(manifest, ['spec', 'selector']),
    minAvailable:
      minNode && (typeof min === 'number' || (typeof min === 'string' && /^\d+%$/.test(min)))
        ? { value: min, range: manifest.rangeOf(minNode) }
        : undefined,
  };
}

/**
 * A document of a kind Shipshape does not check that may create pods: a ReplicationController, or a custom resource
 * (an operator's database cluster, an Argo Rollout, a LeaderWorkerSet). A Service or PodDisruptionBudget whose
 * selector matches no pod template of the unit may be selecting its pods, so those rules stay quiet beside one.
 */
export interface PodSourceSummary extends SummaryBase {
  kind: 'PodSource';
}

const TOP_KIND = /^kind:[ \t]*["']?([A-Za-z][A-Za-z0-9]*)/m;
const TOP_API_VERSION = /^apiVersion:[ \t]*["']?([^\s"'#]+)/m;

/** Read from the text alone (two regular expressions, no parse): this runs on every document of every YAML file. */
export function podSourceSummary(text: string): PodSourceSummary | undefined {
  const kind = TOP_KIND.exec(text);
  if (!kind) return undefined;
  const apiVersion = TOP_API_VERSION.exec(text)?.[1] ?? '';
  const slash = apiVersion.indexOf('/');
  const group = slash === -1 ? '' : apiVersion.slice(0, slash);
  const custom = group.includes('.') && !group.endsWith('k8s.io');
  if (kind[1] !== 'ReplicationController' && !custom) return undefined;
  const line = text.slice(0, kind.index).split('\n').length - 1;
  const range = { start: { line, character: 0 }, end: { line, character: kind[0].length } };
  return { kind: 'PodSource', range, ignored: [] };
}
