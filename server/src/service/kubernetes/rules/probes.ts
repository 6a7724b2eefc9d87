import { isMap, isScalar } from 'yaml';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Fix, RuleFinding } from '../../types';
import { endOfMap, indentLines, insertText, isBlockMap, mapIndent } from '../../yaml/edits';
import { containerAnchor, containerLabel, podContainers } from '../podSpec';
import type { KubernetesRule } from './rule';
import { LONG_RUNNING_KINDS } from '../kinds';
import { mayBeSetLater } from '../placeholders';

/** What goes wrong without each probe: a message names only what its missing probes cause. */
const WITHOUT = {
  readinessProbe: 'traffic arrives before it is ready',
  livenessProbe: 'a hung process is never restarted',
} as const;

export const messages = {
  missing: (container: string, probes: ReadonlyArray<keyof typeof WITHOUT>) =>
    `${container} has no ${probes.join(' and no ')}: ${probes.map((probe) => WITHOUT[probe]).join(' and ')}`,
  fixTitle: (port: string) => `Add tcpSocket probes on port ${port}`,
};

const RUNS_TO_COMPLETION = new Set(['Never', 'OnFailure']);

/**
 * Containers without readiness and liveness probes. The fix adds tcpSocket probes on the container's first port: a
 * check every server passes once it listens, which the user can sharpen into an httpGet on a health path.
 */
export const probesRule: KubernetesRule = {
  id: 'k8s/probes',
  severity: DiagnosticSeverity.Information,
  description:
    'a container without readiness or liveness probe (not in pods that run to completion: Jobs, CronJobs, Pods with restartPolicy Never or OnFailure)',
  family: 'kubernetes-deployment',
  reference: 'kube-score container-probes, kube-linter no-readiness-probe / no-liveness-probe',
  fix: 'suggestion: add tcpSocket probes on its first port (a snippet in VS Code)',
  // Not Jobs and CronJobs: a pod that runs to completion takes no traffic, and a liveness restart re-runs its work.
  kinds: LONG_RUNNING_KINDS,
  check(manifest) {
    const findings: RuleFinding[] = [];
    // Nor a bare Pod that runs to completion (a `helm test` hook, a one-off task): restartPolicy Never or OnFailure.
    if (manifest.kind === 'Pod' && RUNS_TO_COMPLETION.has(manifest.stringAt(['spec', 'restartPolicy']) ?? 'Always'))
      return findings;
    for (const container of podContainers(manifest)) {
      const missing = (['readinessProbe', 'livenessProbe'] as const).filter(
        (probe) => !manifest.pairIn(container.map, probe) && !mayBeSetLater(manifest, container.map, [probe]),
      );
      if (missing.length === 0) continue;
      const fixes: Fix[] = [];
      const firstPort = manifest.nodeAt(['ports', 0], container.map);
      const portNode = isMap(firstPort)
        ? (manifest.nodeAt(['name'], firstPort) ?? manifest.nodeAt(['containerPort'], firstPort))
        : undefined;
      if (isScalar(portNode) && isBlockMap(container.map)) {
        const port = String(portNode.value);
        // Plain, and as a snippet whose tab stops are the values a user is most likely to change.
        const lines = (snippet: boolean) => {
          let stop = 0;
          const value = (text: string) => (snippet ? `\${${++stop}:${text}}` : text);
          return missing.flatMap((probe) => [
            `${probe}:`,
            '  tcpSocket:',
            `    port: ${value(port)}`,
            ...(probe === 'livenessProbe'
              ? [`  initialDelaySeconds: ${value('10')}`, `  periodSeconds: ${value('10')}`]
              : [`  periodSeconds: ${value('5')}`]),
          ]);
        };
        const at = endOfMap(manifest, container.map);
        const indent = mapIndent(manifest, container.map);
        fixes.push({
          title: messages.fixTitle(port),
          edits: [insertText(manifest, at, indentLines(lines(false), indent))],
          snippet: insertText(manifest, at, indentLines(lines(true), indent)),
          // Placeholder handler and port: a suggestion, never applied by fix-all or --fix.
          isPreferred: false,
        });
      }
      findings.push({
        range: containerAnchor(manifest, container),
        message: messages.missing(containerLabel(container), [...missing]),
        fixes,
      });
    }
    return findings;
  },
};
