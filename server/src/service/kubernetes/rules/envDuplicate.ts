import { isMap, isScalar } from 'yaml';
import type { Pair } from 'yaml';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import { pairLines, replaceText } from '../../yaml/edits';
import { containerLabel, podContainers } from '../podSpec';
import type { KubernetesRule } from './rule';
import { WORKLOAD_KINDS } from '../kinds';

export const messages = {
  duplicate: (name: string, container: string) =>
    `env var ${name} is set twice in ${container}; the last one wins, so this one does nothing`,
  fixTitle: (name: string) => `Remove this ${name} (the later one wins)`,
};

/** An env var set twice in one container: the earlier value is dead, and usually not the one the author meant. */
export const envDuplicateRule: KubernetesRule = {
  id: 'k8s/env-duplicate',
  severity: DiagnosticSeverity.Warning,
  description: 'an env var set twice in one container (the later one silently wins)',
  family: 'kubernetes-deployment',
  reference: 'pkg/kubelet/kuberuntime: the later definition of a name wins; pkg/api/pod/warnings.go',
  fix: 'remove the dead one',
  kinds: WORKLOAD_KINDS,
  check(manifest) {
    const findings: RuleFinding[] = [];
    for (const container of podContainers(manifest, ['initContainers', 'containers'])) {
      const env = manifest.seqAt(['env'], container.map);
      if (!env) continue;
      const entries = env.items.flatMap((item) => {
        const entry = manifest.resolve(item);
        const nameNode = isMap(entry) ? manifest.nodeAt(['name'], entry) : undefined;
        return isMap(entry) && isScalar(nameNode) ? [{ entry, nameNode, name: String(nameNode.value) }] : [];
      });
      entries.forEach((current, index) => {
        if (!entries.slice(index + 1).some((later) => later.name === current.name)) return;
        const fixes = [];
        if (!env.flow && current.entry.range) {
          // A block item `- name: X` spans from its dash's line to its last line.
          const start = manifest.lineStart(current.entry.range[0]);
          const end = pairLines(manifest, current.entry.items[current.entry.items.length - 1] as Pair).end;
          fixes.push({
            title: messages.fixTitle(current.name),
            edits: [replaceText(manifest, start, end, '')],
            isPreferred: true,
          });
        }
        findings.push({
          range: manifest.rangeOf(current.nameNode),
          message: messages.duplicate(current.name, containerLabel(container)),
          fixes,
        });
      });
    }
    return findings;
  },
};
