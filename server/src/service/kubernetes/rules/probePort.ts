import { isMap, isScalar } from 'yaml';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { closestMatch } from '../../common/closest';
import type { Fix, RuleFinding } from '../../types';
import { replaceNode } from '../../yaml/edits';
import { formatPath } from '../../yaml/parsedYaml';
import { isPlaceholder } from '../placeholders';
import { podContainers } from '../podSpec';
import type { KubernetesRule } from './rule';
import { WORKLOAD_KINDS } from '../kinds';

const PROBES = ['readinessProbe', 'livenessProbe', 'startupProbe'] as const;
const HANDLERS = ['httpGet', 'tcpSocket', 'grpc'] as const;

export const messages = {
  unknownName: (path: string, name: string, declared: string[]) =>
    `${path}: no port named "${name}" in this container (it declares ${declared.length ? declared.map((n) => `"${n}"`).join(', ') : 'no named ports'}): the probe fails and the pod is never ready or keeps restarting`,
  rename: (name: string) => `Use port "${name}"`,
};

/**
 * A probe that names a port (`port: http`) the container does not declare. Kubernetes accepts the manifest; the
 * kubelet then probes nothing and the pod is never ready, or restarts in a loop.
 */
export const probePortRule: KubernetesRule = {
  id: 'k8s/probe-port',
  severity: DiagnosticSeverity.Warning,
  description: 'a probe that names a port the container does not declare (`port: http` with no port named `http`)',
  family: 'kubernetes-deployment',
  reference: 'pkg/kubelet/prober: a named port the container does not declare fails every probe',
  fix: 'the near-miss port name',
  kinds: WORKLOAD_KINDS,
  check(manifest) {
    const findings: RuleFinding[] = [];
    for (const container of podContainers(manifest, ['initContainers', 'containers'])) {
      const declared = (manifest.seqAt(['ports'], container.map)?.items ?? []).flatMap((item) => {
        const port = manifest.resolve(item);
        const name = isMap(port) ? manifest.stringAt(['name'], port) : undefined;
        return name === undefined ? [] : [name];
      });
      for (const probe of PROBES) {
        for (const handler of HANDLERS) {
          const node = manifest.nodeAt([probe, handler, 'port'], container.map);
          if (
            !isScalar(node) ||
            typeof node.value !== 'string' ||
            /^\d+$/.test(node.value) ||
            declared.includes(node.value) ||
            isPlaceholder(node.value)
          )
            continue;
          const suggestion = closestMatch(node.value, declared) ?? (declared.length === 1 ? declared[0] : undefined);
          const fixes: Fix[] = suggestion
            ? [
                {
                  title: messages.rename(suggestion),
                  edits: [replaceNode(manifest, node, suggestion)],
                  isPreferred: true,
                },
              ]
            : [];
          findings.push({
            range: manifest.rangeOf(node),
            message: messages.unknownName(
              formatPath([...container.path, probe, handler, 'port']),
              node.value,
              declared,
            ),
            fixes,
          });
        }
      }
    }
    return findings;
  },
};
