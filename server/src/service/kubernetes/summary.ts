import { isMap, isScalar, isSeq } from 'yaml';
import type { Node, YAMLMap } from 'yaml';
import type { Range } from 'vscode-languageserver-types';
import type { Fix } from '../types';
import {
  deletePair,
  endOfMap,
  indentLines,
  insertText,
  isBlockMap,
  mapIndent,
  pairLines,
  replaceText,
} from '../yaml/edits';
import type { KnownManifest } from './manifest';
import { containerAnchor, podContainers, podLabelsPath, podSpecPath, type PodContainer } from './podSpec';
import { isWorkloadKind, type WorkloadKind } from './kinds';
import { readLabelMap, type LabelMap } from './labels';
import {
  containerPorts,
  summarizePdb,
  summarizeService,
  userFacts,
  type PdbSummary,
  type PodSourceSummary,
  type ServiceSummary,
} from './summaryServices';
import { ignoredRulesFromAnnotations } from './suppression';
import { mayBeSetLater } from './placeholders';

/**
 * What the workspace index keeps of each Deployment and HPA: identity, the facts cross-document rules need, and the
 * ranges and fixes those rules report, precomputed while the document's AST is at hand. Ranges and edits are in the
 * document's own coordinates (line 0 = its first line), like every per-document result.
 */
export type ManifestSummary = WorkloadSummary | HpaSummary | ServiceSummary | PdbSummary | PodSourceSummary;

export interface SummaryBase {
  name?: string;
  /** The namespace as written; undefined means "the namespace kubectl applies to", shared with its peers. */
  namespace?: string;
  /** Where to point at the object as a whole: its `metadata.name` value, else its `kind` value. */
  range: Range;
  /** Rule ids the object's annotations exempt it from (kube-linter, kube-score, Polaris, Shipshape's own). */
  ignored: string[];
}

export interface ContainerPort {
  name?: string;
  number?: number;
  protocol: string;
  /** The `containerPort` value (else the port's `name`). */
  range: Range;
}

export interface ContainerSummary {
  name?: string;
  image?: string;
  /** The `image` value. */
  imageRange?: Range;
  /** Declared `ports`; `portsOpen` when a template or placeholder may add some. */
  ports: ContainerPort[];
  portsOpen: boolean;
  /** `securityContext.runAsNonRoot: true` on the container or its pod (and the container does not say false). */
  runAsNonRoot?: Range;
  /** A runAsUser (container or pod) that decides the user whatever the image says. */
  runAsUser: boolean;
  /** The container's `name` value, else its first line. */
  range: Range;
  requests: { cpu: boolean; memory: boolean };
  /** Adds `resources.requests.<resource>` to this container (a placeholder the user replaces). */
  addRequest: { cpu?: Fix; memory?: Fix };
}

/** A Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob or Pod: what holds a pod template. */
export interface WorkloadSummary extends SummaryBase {
  kind: WorkloadKind;
  /** `conditional`: written under an `if`/`with`/`range` of a Helm template (`if not .Values.autoscaling.enabled`). */
  replicas?: { range: Range; remove: Fix; value?: number; conditional?: boolean };
  containers: ContainerSummary[];
  /** The pod template's labels (what Services and PodDisruptionBudgets select). */
  podLabels: LabelMap;
  /** A StatefulSet's `serviceName`. */
  serviceName?: { name: string; range: Range };
}

/** The summary of a Deployment; kept as a name for the HPA rules written for it, which apply to every scalable kind. */
export type DeploymentSummary = WorkloadSummary;

export function isWorkloadSummary(summary: ManifestSummary): summary is WorkloadSummary {
  return isWorkloadKind(summary.kind);
}

export interface ResourceMetric {
  resource: 'cpu' | 'memory';
  /** Set for ContainerResource metrics: only that container's request counts. */
  container?: string;
  containerRange?: Range;
  /** The metric's resource name, or where the implicit default (80% cpu) applies. */
  range: Range;
  implicit: boolean;
}

export interface HpaSummary extends SummaryBase {
  kind: 'HorizontalPodAutoscaler';
  target?: { apiVersion?: string; kind?: string; name?: string; range: Range };
  /** Utilization targets on cpu or memory: these need requests on the target's containers. */
  utilization: ResourceMetric[];
}

/** Placeholder requests that a fix inserts: small, common starting values, meant to be edited. */
export const PLACEHOLDER_REQUESTS = { cpu: '100m', memory: '128Mi' } as const;

export function summarize(manifest: KnownManifest): ManifestSummary {
  const base: SummaryBase = {
    name: manifest.name,
    namespace: manifest.namespace,
    range: identityRange(manifest),
    ignored: ignoredRulesFromAnnotations(manifest.mapAt(['metadata', 'annotations']), manifest),
  };
  if (manifest.kind === 'HorizontalPodAutoscaler') return summarizeHpa(manifest, base);
  if (manifest.kind === 'Service') return summarizeService(manifest, base);
  if (manifest.kind === 'PodDisruptionBudget') return summarizePdb(manifest, base);
  return summarizeWorkload(manifest, base);
}

function identityRange(manifest: KnownManifest): Range {
  const node = manifest.nodeAt(['metadata', 'name']) ?? manifest.nodeAt(['kind']);
  return node ? manifest.rangeOf(node) : manifest.rangeAt(0, 0);
}

function summarizeWorkload(manifest: KnownManifest, base: SummaryBase): WorkloadSummary {
  const replicasPair = manifest.pairAt(['spec', 'replicas']);
  const replicasValue = manifest.resolve(replicasPair?.value);
  const serviceNameNode = manifest.kind === 'StatefulSet' ? manifest.nodeAt(['spec', 'serviceName']) : undefined;
  const serviceName = manifest.kind === 'StatefulSet' ? manifest.stringAt(['spec', 'serviceName']) : undefined;
  const pod = manifest.mapAt(podSpecPath(manifest));
  return {
    ...base,
    kind: manifest.kind as WorkloadKind,
    serviceName:
      serviceNameNode && serviceName !== undefined && serviceName !== ''
        ? { name: serviceName, range: manifest.rangeOf(serviceNameNode) }
        : undefined,
    podLabels: readLabelMap(manifest, podLabelsPath(manifest)),
    replicas: replicasPair
      ? {
          value: isScalar(replicasValue) && typeof replicasValue.value === 'number' ? replicasValue.value : undefined,
          range: manifest.rangeOf(replicasPair.key),
          // Not preferred: on a Deployment that is already running, the first client-side apply without the field
          // sets it to 1 until the HPA scales back up (the Kubernetes docs' "migrating to autoscaling" caveat).
          remove: {
            title: 'Remove spec.replicas (the HPA sets it)',
            edits: [deletePair(manifest, replicasPair)],
            isPreferred: false,
          },
        }
      : undefined,
    containers: podContainers(manifest).map((container) => summarizeContainer(manifest, container, pod)),
  };
}

function summarizeContainer(manifest: KnownManifest, container: PodContainer, pod?: YAMLMap): ContainerSummary {
  return {
    name: container.name,
    image: manifest.stringAt(['image'], container.map),
    imageRange: imageRangeOf(manifest, container.map),
    ...containerPorts(manifest, container.map),
    ...userFacts(manifest, container.map, pod),
    range: containerAnchor(manifest, container),
    requests: {
      cpu: hasRequest(manifest, container.map, 'cpu'),
      memory: hasRequest(manifest, container.map, 'memory'),
    },
    addRequest: {
      cpu: addRequestFix(manifest, container.map, ['cpu']),
      memory: addRequestFix(manifest, container.map, ['memory']),
    },
  };
}

function imageRangeOf(manifest: KnownManifest, container: YAMLMap): Range | undefined {
  const node = manifest.nodeAt(['image'], container);
  return node ? manifest.rangeOf(node) : undefined;
}

/**
 * Whether a container requests a resource: in `resources.requests`, or through a limit, which the API server copies
 * into a missing request (SetDefaults_Container in pkg/apis/core/v1/defaults.go). A `null` value is unset.
 */
export function hasRequest(manifest: KnownManifest, container: YAMLMap, resource: 'cpu' | 'memory'): boolean {
  if (mayBeSetLater(manifest, container, ['resources', 'requests', resource])) return true;
  return (['requests', 'limits'] as const).some((section) => {
    const values = manifest.nodeAt(['resources', section], container);
    if (!isMap(values)) return false;
    const value = manifest.nodeAt([resource], values);
    return value !== undefined && !(isScalar(value) && (value.value === null || value.value === undefined));
  });
}

/** Inserts `resources:`/`requests:` as needed and placeholders for the resources, keeping what is already there. */
export function addRequestFix(
  manifest: KnownManifest,
  container: YAMLMap,
  wanted: ReadonlyArray<'cpu' | 'memory'>,
): Fix | undefined {
  if (!isBlockMap(container)) return undefined;
  const resources = manifest.nodeAt(['resources'], container);
  const requests = isMap(resources) ? manifest.nodeAt(['requests'], resources) : undefined;
  const missing = wanted.filter((resource) => !(isMap(requests) && manifest.pairIn(requests, resource)));
  if (missing.length === 0) return undefined;
  const title =
    missing.length === 1
      ? `Add a ${missing[0]} request (${PLACEHOLDER_REQUESTS[missing[0]]})`
      : `Add ${missing.join(' and ')} requests (placeholders)`;
  // The same lines twice: plain values, and tab stops over them for editors that insert snippets.
  const entries = (snippet: boolean) =>
    missing.map(
      (resource, index) =>
        `${resource}: ${snippet ? `\${${index + 1}:${PLACEHOLDER_REQUESTS[resource]}}` : PLACEHOLDER_REQUESTS[resource]}`,
    );
  const insertion = (offset: number, lines: (snippet: boolean) => string[], indent: number): Fix => ({
    title,
    edits: [insertText(manifest, offset, indentLines(lines(false), indent))],
    snippet: insertText(manifest, offset, indentLines(lines(true), indent)),
  });
  if (!manifest.pairIn(container, 'resources')) {
    return insertion(
      endOfMap(manifest, container),
      (snippet) => ['resources:', '  requests:', ...entries(snippet).map((entry) => '    ' + entry)],
      mapIndent(manifest, container),
    );
  }
  if (!isBlockMap(resources)) return undefined;
  const resourcesIndent = mapIndent(manifest, resources);
  const requestsPair = manifest.pairIn(resources, 'requests');
  if (!requestsPair) {
    return insertion(
      endOfMap(manifest, resources),
      (snippet) => ['requests:', ...entries(snippet).map((entry) => '  ' + entry)],
      resourcesIndent,
    );
  }
  if (isBlockMap(requests) && requests.items.length > 0) {
    return insertion(endOfMap(manifest, requests), entries, mapIndent(manifest, requests));
  }
  if (isMap(requests) && requests.items.length > 0) return undefined; // a flow map with entries: leave it to the user
  // `requests:` with nothing (or `{}`) after it: write the block in its place.
  const lines = pairLines(manifest, requestsPair);
  const block = (snippet: boolean) =>
    indentLines(['requests:', ...entries(snippet).map((entry) => '  ' + entry)], resourcesIndent);
  return {
    title,
    edits: [replaceText(manifest, lines.start, lines.end, block(false))],
    snippet: replaceText(manifest, lines.start, lines.end, block(true)),
  };
}

const SOURCE_KEY: Record<string, string> = { Resource: 'resource', ContainerResource: 'containerResource' };

function summarizeHpa(manifest: KnownManifest, base: SummaryBase): HpaSummary {
  const ref = manifest.mapAt(['spec', 'scaleTargetRef']);
  const refName = manifest.nodeAt(['spec', 'scaleTargetRef', 'name']);
  const target = ref
    ? {
        apiVersion: manifest.stringAt(['apiVersion'], ref),
        kind: manifest.stringAt(['kind'], ref),
        name: manifest.stringAt(['name'], ref),
        range: manifest.rangeOf(refName ?? manifest.pairAt(['spec', 'scaleTargetRef'])!.key),
      }
    : undefined;
  return { ...base, kind: 'HorizontalPodAutoscaler', target, utilization: utilizationMetrics(manifest) };
}

/**
 * The cpu/memory Utilization targets of an HPA. With no metrics at all, the HPA controller defaults to 80% average
 * cpu utilisation (autoscaling/v2, and v1 without targetCPUUtilizationPercentage): that default counts too.
 */
function utilizationMetrics(manifest: KnownManifest): ResourceMetric[] {
  const specKey = manifest.pairAt(['spec'])?.key;
  if (manifest.apiVersion === 'autoscaling/v1') {
    const cpu = manifest.pairAt(['spec', 'targetCPUUtilizationPercentage']);
    const anchor = cpu?.key ?? specKey;
    return anchor ? [{ resource: 'cpu', range: manifest.rangeOf(anchor), implicit: !cpu }] : [];
  }
  const metrics = manifest.nodeAt(['spec', 'metrics']);
  if (!isSeq(metrics) || metrics.items.length === 0) {
    const anchor = manifest.pairAt(['spec', 'metrics'])?.key ?? specKey;
    return anchor ? [{ resource: 'cpu', range: manifest.rangeOf(anchor), implicit: true }] : [];
  }
  const result: ResourceMetric[] = [];
  for (const item of metrics.items) {
    const metric = manifest.resolve(item);
    if (!isMap(metric)) continue;
    const sourceKey = SOURCE_KEY[manifest.stringAt(['type'], metric) ?? ''];
    if (!sourceKey) continue;
    const source = manifest.nodeAt([sourceKey], metric);
    if (!isMap(source) || manifest.stringAt(['target', 'type'], source) !== 'Utilization') continue;
    const resource = manifest.stringAt(['name'], source);
    if (resource !== 'cpu' && resource !== 'memory') continue;
    const nameNode = manifest.nodeAt(['name'], source) as Node;
    const containerNode = manifest.nodeAt(['container'], source);
    result.push({
      resource,
      container: sourceKey === 'containerResource' ? manifest.stringAt(['container'], source) : undefined,
      containerRange: containerNode ? manifest.rangeOf(containerNode) : undefined,
      range: manifest.rangeOf(nameNode),
      implicit: false,
    });
  }
  return result;
}
