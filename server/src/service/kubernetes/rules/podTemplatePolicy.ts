import { isAlias, isMap, isSeq } from 'yaml';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import { deletePair, replaceNode } from '../../yaml/edits';
import type { KindName } from '../kinds';
import { mayBeSetLater } from '../placeholders';
import { podSpecPath } from '../podSpec';
import { WORKLOAD_KINDS } from '../kinds';
import { isLiteral, literalString } from '../validation/literals';
import { templateOf } from '../validation/template';
import type { KubernetesRule } from './rule';

/** The restart policies each workload's pod template may have (ValidatePodTemplateSpecForReplicaSet: Always only). */
const RESTART_POLICIES: Partial<Record<KindName, readonly string[]>> = { Deployment: ['Always'] };
/** Workloads whose pods run forever: a pod deadline is forbidden (ValidatePodTemplateSpecForReplicaSet). */
const NO_DEADLINE: readonly KindName[] = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'];
const MAX_NAMESERVERS = 3;

export const messages = {
  restartPolicy: (kind: string, found: string, allowed: readonly string[]) =>
    `spec.template.spec.restartPolicy: "${found}" is not supported for a ${kind}: supported values: ${allowed.map((value) => `"${value}"`).join(', ')}`,
  activeDeadline: (kind: string) =>
    `spec.template.spec.activeDeadlineSeconds is forbidden in a ${kind}'s pod template (its pods run until replaced)`,
  ephemeral: 'spec.template.spec.ephemeralContainers: ephemeral containers are not allowed in a pod template',
  dnsNone: 'spec.template.spec.dnsPolicy None needs dnsConfig with at least one nameserver: the API server rejects it',
  tooManyNameservers: (count: number) =>
    `spec.template.spec.dnsConfig.nameservers: ${count} nameservers, at most ${MAX_NAMESERVERS} are allowed`,
  noContainers: 'containers: a pod needs at least one container: the API server rejects an empty list',
  setRestartPolicy: (value: string) => `Change to ${value}`,
  removeDeadline: 'Remove activeDeadlineSeconds',
};

/**
 * What a workload's pod template may not have, beyond the schema: a Deployment's pods restart Always and have no
 * activeDeadlineSeconds (pkg/apis/apps/validation: ValidatePodTemplateSpecForReplicaSet); no template has ephemeral
 * containers (pkg/apis/core/validation: ValidatePodTemplateSpec; the 1.20 server drops them silently); dnsPolicy
 * None needs a nameserver, and there are at most 3 (validatePodDNSConfig).
 */
export const podTemplatePolicyRule: KubernetesRule = {
  id: 'k8s/pod-template-policy',
  severity: DiagnosticSeverity.Error,
  description:
    'a pod template a Deployment cannot have: no containers (`containers: []`), restartPolicy other than Always, activeDeadlineSeconds, ephemeralContainers, dnsPolicy None without a nameserver or over 3 nameservers',
  family: 'kubernetes-deployment',
  reference:
    'pkg/apis/apps/validation: ValidatePodTemplateSpecForReplicaSet; pkg/apis/core/validation: ValidatePodTemplateSpec, validatePodDNSConfig',
  fix: 'restartPolicy: Always; suggestion: remove activeDeadlineSeconds',
  kinds: WORKLOAD_KINDS,
  check(manifest) {
    const findings: RuleFinding[] = [];
    const { spec } = templateOf(manifest);
    if (!spec) return findings;
    // `containers: []`: a pod needs at least one (validateContainers: Required value). Absent is the schema's finding.
    const containersPair = manifest.pairIn(spec, 'containers');
    const containers = manifest.resolve(containersPair?.value);
    if (containersPair && isSeq(containers) && containers.items.length === 0 && !isAlias(containersPair.value))
      findings.push({ range: manifest.rangeOf(containers), message: messages.noContainers });
    const allowed = RESTART_POLICIES[manifest.kind];
    const restartNode = manifest.nodeAt(['restartPolicy'], spec);
    const restart = literalString(restartNode);
    // A value outside every policy is the schema's enum error; this is the one the kind does not take.
    if (
      allowed &&
      restartNode &&
      restart !== undefined &&
      !allowed.includes(restart) &&
      ['Always', 'OnFailure', 'Never'].includes(restart)
    )
      findings.push({
        range: manifest.rangeOf(restartNode),
        message: messages.restartPolicy(manifest.kind, restart, allowed),
        fixes:
          allowed.length === 1
            ? [
                {
                  title: messages.setRestartPolicy(allowed[0]),
                  edits: [replaceNode(manifest, restartNode, allowed[0])],
                  isPreferred: true,
                },
              ]
            : [],
      });
    const deadline = manifest.pairIn(spec, 'activeDeadlineSeconds');
    const deadlineValue = manifest.resolve(deadline?.value);
    if (
      NO_DEADLINE.includes(manifest.kind) &&
      deadline &&
      deadlineValue &&
      'value' in deadlineValue &&
      deadlineValue.value !== null
    )
      findings.push({
        range: manifest.rangeOf(deadline.key),
        message: messages.activeDeadline(manifest.kind),
        fixes: spec.flow
          ? []
          : [{ title: messages.removeDeadline, edits: [deletePair(manifest, deadline)], isPreferred: false }],
      });
    const ephemeral = manifest.pairIn(spec, 'ephemeralContainers');
    const ephemeralValue = manifest.resolve(ephemeral?.value);
    if (ephemeral && isSeq(ephemeralValue) && ephemeralValue.items.length > 0)
      findings.push({ range: manifest.rangeOf(ephemeral.key), message: messages.ephemeral });
    const dnsNode = manifest.nodeAt(['dnsPolicy'], spec);
    const nameservers = manifest.nodeAt(['dnsConfig', 'nameservers'], spec);
    if (
      dnsNode &&
      literalString(dnsNode) === 'None' &&
      !(isSeq(nameservers) && nameservers.items.length > 0) &&
      !mayBeSetLater(manifest, spec, ['dnsConfig', 'nameservers'])
    )
      findings.push({ range: manifest.rangeOf(dnsNode), message: messages.dnsNone });
    if (
      isSeq(nameservers) &&
      nameservers.items.length > MAX_NAMESERVERS &&
      nameservers.items.every((item) => isLiteral(manifest.resolve(item))) &&
      isMap(manifest.nodeAt(['dnsConfig'], spec))
    )
      findings.push({
        range: manifest.rangeOf(manifest.pairAt([...podSpecPath(manifest), 'dnsConfig', 'nameservers'])!.key),
        message: messages.tooManyNameservers(nameservers.items.length),
      });
    return findings;
  },
};
