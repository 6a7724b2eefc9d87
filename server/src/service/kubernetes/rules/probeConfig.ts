import { isMap, isScalar, isSeq } from 'yaml';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Fix, RuleFinding } from '../../types';
import { replaceNode } from '../../yaml/edits';
import { formatPath } from '../../yaml/parsedYaml';
import {
  hasPlaceholderKey,
  literalInteger,
  literalString,
  mayBeTemplateBranches,
  setKeys,
} from '../validation/literals';
import { templateOf } from '../validation/template';
import type { KubernetesRule } from './rule';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
/** validateHandler's order: the second handler written is the one reported. grpc: 1.24 and later. */
const HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;
const NON_NEGATIVE = [
  'initialDelaySeconds',
  'timeoutSeconds',
  'periodSeconds',
  'successThreshold',
  'failureThreshold',
] as const;

export const messages = {
  noHandler: (path: string) => `${path}: must specify a handler type (exec, httpGet, tcpSocket or grpc)`,
  twoHandlers: (path: string, first: string) =>
    `${path}: may not specify more than 1 handler type (this probe already has ${first})`,
  noCommand: (path: string) => `${path}: exec needs a command`,
  negative: (path: string, value: number) => `${path}: ${value} must be greater than or equal to 0`,
  successThreshold: (path: string, probe: string, value: number) =>
    `${path}: ${value} must be 1 for a ${probe} (only a readinessProbe may need several successes)`,
  grace: (path: string, value: number) => `${path}: ${value} must be greater than 0`,
  initProbe: (path: string, probe: string) =>
    `${path}: an init container may not have a ${probe} unless it is a sidecar (restartPolicy: Always)`,
  setOne: 'Set successThreshold to 1',
};

/**
 * Probes as validateProbe, validateHandler and validateContainers (pkg/apis/core/validation) check them after
 * defaulting: exactly one handler (exec with a command); no negative delay, timeout, period or threshold (0 is
 * defaulted: 1, 10, 1, 3); successThreshold 1 for liveness and startup probes; a probe's terminationGracePeriodSeconds
 * above 0; no probes on an init container that is not a sidecar (validateInitContainers).
 */
export const probeConfigRule: KubernetesRule = {
  id: 'k8s/probe-config',
  severity: DiagnosticSeverity.Error,
  description:
    'a probe with no handler or two, exec without a command, a negative delay/timeout/period/threshold, successThreshold other than 1 on a liveness or startup probe, or a probe on an init container that is not a sidecar',
  family: 'kubernetes-deployment',
  reference: 'pkg/apis/core/validation: validateProbe, validateHandler, validateContainers, validateInitContainers',
  fix: 'successThreshold: 1 on a liveness or startup probe',
  kinds: ['Deployment'],
  check(manifest) {
    const findings: RuleFinding[] = [];
    for (const container of templateOf(manifest).containers) {
      const sidecar = literalString(manifest.nodeAt(['restartPolicy'], container.map)) === 'Always';
      for (const probe of PROBES) {
        const pair = manifest.pairIn(container.map, probe);
        const map = manifest.resolve(pair?.value);
        if (!pair || !isMap(map)) continue;
        const path = [...container.path, probe];
        if (container.group === 'initContainers' && !sidecar) {
          findings.push({ range: manifest.rangeOf(pair.key), message: messages.initProbe(formatPath(path), probe) });
          continue;
        }
        if (!hasPlaceholderKey(map)) {
          const handlers = setKeys(manifest, map, HANDLERS);
          if (handlers.length === 0)
            findings.push({ range: manifest.rangeOf(pair.key), message: messages.noHandler(formatPath(path)) });
          else if (
            handlers.length > 1 &&
            !mayBeTemplateBranches(manifest.text, handlers[0].key.range![0], handlers[1].key.range![0])
          )
            findings.push({
              range: manifest.rangeOf(handlers[1].key),
              message: messages.twoHandlers(
                formatPath([...path, String(handlers[1].key.value)]),
                String(handlers[0].key.value),
              ),
            });
          const exec = manifest.nodeAt(['exec'], map);
          const command = isMap(exec) ? manifest.nodeAt(['command'], exec) : undefined;
          if (
            isMap(exec) &&
            !hasPlaceholderKey(exec) &&
            !(isSeq(command) && command.items.length > 0) &&
            !(isScalar(command) && command.value !== null)
          )
            findings.push({
              range: manifest.rangeOf(manifest.pairIn(map, 'exec')!.key),
              message: messages.noCommand(formatPath([...path, 'exec'])),
            });
        }
        for (const field of NON_NEGATIVE) {
          const node = manifest.nodeAt([field], map);
          const value = literalInteger(node);
          if (node && value !== undefined && value < 0)
            findings.push({
              range: manifest.rangeOf(node),
              message: messages.negative(formatPath([...path, field]), value),
            });
        }
        const success = manifest.nodeAt(['successThreshold'], map);
        const successValue = literalInteger(success);
        // 0 is defaulted to 1; anything else but 1 is rejected for a liveness or startup probe.
        if (success && probe !== 'readinessProbe' && successValue !== undefined && successValue > 1) {
          const fixes: Fix[] = [
            { title: messages.setOne, edits: [replaceNode(manifest, success, '1')], isPreferred: true },
          ];
          findings.push({
            range: manifest.rangeOf(success),
            message: messages.successThreshold(formatPath([...path, 'successThreshold']), probe, successValue),
            fixes,
          });
        }
        const grace = manifest.nodeAt(['terminationGracePeriodSeconds'], map);
        const graceValue = literalInteger(grace);
        if (grace && graceValue !== undefined && graceValue <= 0)
          findings.push({
            range: manifest.rangeOf(grace),
            message: messages.grace(formatPath([...path, 'terminationGracePeriodSeconds']), graceValue),
          });
      }
    }
    return findings;
  },
};
