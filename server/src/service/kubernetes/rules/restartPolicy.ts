import { isScalar } from 'yaml';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Fix, RuleFinding } from '../../types';
import { formatPath } from '../../yaml/parsedYaml';
import { endOfMap, indentLines, insertText, isBlockMap, mapIndent, replaceNode } from '../../yaml/edits';
import { isPlaceholder, mayBeSetLater } from '../placeholders';
import { podSpecPath } from '../podSpec';
import type { KubernetesRule } from './rule';

const RUN_TO_COMPLETION = ['OnFailure', 'Never'];

export const messages = {
  jobMissing: (kind: string, path: string) =>
    `${path}: a ${kind} needs restartPolicy OnFailure or Never; without one the pod defaults to Always, which the API server rejects for a ${kind}`,
  jobWrong: (kind: string, path: string, value: string) =>
    `${path}: "${value}" is not allowed in a ${kind}: use OnFailure or Never`,
  longRunningWrong: (kind: string, path: string, value: string) =>
    `${path}: "${value}" is not allowed in a ${kind}: its pods must restart (Always)`,
  set: (value: string) => `Set restartPolicy: ${value}`,
};

/**
 * A pod template's `restartPolicy` must suit its controller: a Job's (and so a CronJob's) pods run to completion
 * (OnFailure or Never; a missing one defaults to Always and is rejected), while the pods of a StatefulSet, DaemonSet or
 * ReplicaSet must always restart (a Deployment's: k8s/pod-template-policy). A bare Pod may use any.
 */
export const restartPolicyRule: KubernetesRule = {
  id: 'k8s/restart-policy',
  severity: DiagnosticSeverity.Error,
  description:
    'a Job or CronJob pod template without `restartPolicy: OnFailure` or `Never` (the default, Always, is rejected), or a StatefulSet/DaemonSet/ReplicaSet template with anything but Always',
  family: 'kubernetes-workloads',
  reference:
    'pkg/apis/batch/validation: ValidateJobSpec (restartPolicy OnFailure or Never); pkg/apis/apps/validation: ValidatePodTemplateSpecForReplicaSet / ForStatefulSet, ValidateDaemonSetSpec (Always only); pkg/apis/core/v1/defaults.go: SetDefaults_PodSpec (Always)',
  fix: 'suggestion: set OnFailure or Never (a Job) / Always (the others)',
  // A Deployment's is k8s/pod-template-policy's (with its other template checks): one finding per value.
  kinds: ['Job', 'CronJob', 'StatefulSet', 'DaemonSet', 'ReplicaSet'],
  check(manifest) {
    const podPath = podSpecPath(manifest);
    const path = formatPath([...podPath, 'restartPolicy']);
    const podSpec = manifest.mapAt(podPath);
    if (!podSpec || !manifest.root) return [];
    const node = manifest.nodeAt(['restartPolicy'], podSpec);
    const runsToCompletion = manifest.kind === 'Job' || manifest.kind === 'CronJob';
    if (node === undefined || (isScalar(node) && node.value === null)) {
      if (!runsToCompletion || mayBeSetLater(manifest, manifest.root, [...podPath, 'restartPolicy'])) return [];
      const anchor = manifest.pairAt(podPath)?.key ?? manifest.pairAt(podPath.slice(0, -1))?.key;
      if (!anchor) return [];
      const pair = manifest.pairIn(podSpec, 'restartPolicy');
      const fixes: Fix[] =
        isBlockMap(podSpec) && !pair
          ? RUN_TO_COMPLETION.map((value) => ({
              title: messages.set(value),
              edits: [
                insertText(
                  manifest,
                  endOfMap(manifest, podSpec),
                  indentLines([`restartPolicy: ${value}`], mapIndent(manifest, podSpec)),
                ),
              ],
              // OnFailure retries in place, Never makes a new pod: the user's choice, never fix-all's.
              isPreferred: false,
            }))
          : [];
      return [{ range: manifest.rangeOf(anchor), message: messages.jobMissing(manifest.kind, path), fixes }];
    }
    if (!isScalar(node) || typeof node.value !== 'string' || isPlaceholder(node.value)) return [];
    const value = node.value;
    const allowed = runsToCompletion ? RUN_TO_COMPLETION : ['Always'];
    // An unknown word (`Sometimes`) is the schema's enum finding; this rule speaks of the values that exist.
    if (allowed.includes(value) || !['Always', 'OnFailure', 'Never'].includes(value)) return [];
    const finding: RuleFinding = {
      range: manifest.rangeOf(node),
      message: runsToCompletion
        ? messages.jobWrong(manifest.kind, path, value)
        : messages.longRunningWrong(manifest.kind, path, value),
      fixes: allowed.map((choice) => ({
        title: messages.set(choice),
        edits: [replaceNode(manifest, node, choice)],
        // Always is the only value a long-running template accepts: nothing is invented.
        isPreferred: !runsToCompletion,
      })),
    };
    return [finding];
  },
};
