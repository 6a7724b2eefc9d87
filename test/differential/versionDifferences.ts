import type { Finding } from '../../server/src/service';
import type { Mutant } from './generator';
import type { ServerVerdict } from './serverVerdicts';

/**
 * Where the 1.20 API server of the harness and current Kubernetes (what Shipshape checks against) disagree, so a
 * difference between Shipshape and this server is not a Shipshape defect. Each entry names the change. Only a
 * disagreement that one of these explains is left out of the agreement count.
 */
const DIFFERENCES: ReadonlyArray<{
  readonly reason: string;
  matches(mutant: Mutant, server: ServerVerdict, errors: readonly Finding[]): boolean;
}> = [
  {
    reason:
      'ContainerResource metrics: alpha behind the HPAContainerMetrics gate (off) in 1.20, so the server drops the source; GA and on since 1.30',
    matches: (_mutant, server) =>
      !server.accepted && /only allowed when HPAContainerMetrics feature is enabled/.test(server.message),
  },
  {
    reason:
      'environment variable names: 1.20 wants a C-like identifier; since 1.34 (RelaxedEnvironmentVariableValidation) any printable ASCII but "=" is accepted',
    matches: (_mutant, server, errors) =>
      !server.accepted &&
      errors.length === 0 &&
      /a valid environment variable name must consist of/.test(server.message) &&
      [...server.message.matchAll(/env\[\d+\]\.name: Invalid value: "([^"]*)"/g)].every(
        (match) => match[1] !== '' && /^[\x20-\x7e]+$/.test(match[1]) && !match[1].includes('='),
      ),
  },
];

export function versionDifference(
  mutant: Mutant,
  server: ServerVerdict,
  errors: readonly Finding[],
): string | undefined {
  return DIFFERENCES.find((difference) => difference.matches(mutant, server, errors))?.reason;
}

/**
 * Disagreements that follow from the house rule "an error is what the server rejects, or what cannot work as
 * written": the server accepts these, and the kubelet or the HPA controller then fails. They stay in the count; the report names
 * the reason.
 */
const CANNOT_WORK: ReadonlyArray<{
  readonly reason: string;
  matches(server: ServerVerdict, errors: readonly Finding[]): boolean;
}> = [
  {
    reason:
      'cannot work: scaleTargetRef names a group that does not serve the kind; the controller reports FailedGetScale (pkg/controller/podautoscaler/horizontal.go)',
    matches: (server, errors) => server.accepted && errors.every((found) => found.code === 'k8s/hpa-target-ref'),
  },
  {
    reason:
      'cannot work: an image the kubelet cannot parse (distribution/reference); the pod waits in InvalidImageName (pkg/kubelet/images/image_manager.go)',
    matches: (server, errors) => server.accepted && errors.every((found) => found.code === 'k8s/image-reference'),
  },
  {
    reason:
      'cannot work: an Object metric whose type names a field it does not set; computeStatusForObjectMetric goes by the type and fails',
    matches: (server, errors) =>
      server.accepted &&
      errors.every((found) => found.code === 'k8s/hpa-metric-target' && /\.object\.target/.test(found.message)),
  },
];

export function cannotWorkReason(server: ServerVerdict, errors: readonly Finding[]): string | undefined {
  if (errors.length === 0) return undefined;
  return CANNOT_WORK.find((known) => known.matches(server, errors))?.reason;
}
