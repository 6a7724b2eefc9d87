import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { SCALABLE_KINDS } from '../kinds';
import type { DeploymentSummary } from '../summary';
import type { IndexedManifest } from '../workspaceIndex';
import { describe, link, managersOf, placed, placedFix, type WorkspaceRule } from './rule';

export const messages = {
  fights: (hpa: string, kind = 'Deployment') =>
    `spec.replicas is set while ${hpa} manages this ${kind}'s replicas: every apply resets the count the autoscaler chose`,
};

/**
 * A Deployment that sets `spec.replicas` while an HPA scales it: each `kubectl apply` fights the autoscaler. In a Helm
 * template, a `replicas` written under a condition is the chart's switch between the two (`helm create`:
 * `{{- if not .Values.autoscaling.enabled }}` around it, `{{- if .Values.autoscaling.enabled }}` around the HPA): not
 * reported. An unconditional `replicas` is, even when the HPA is behind a switch: turning autoscaling on is what the
 * switch is for, and then every upgrade resets the autoscaler's count.
 */
export const replicasWithHpaRule: WorkspaceRule = {
  id: 'k8s/replicas-with-hpa',
  severity: DiagnosticSeverity.Warning,
  description: "the HPA's Deployment sets `spec.replicas`: every apply fights the autoscaler",
  family: 'kubernetes-workspace',
  reference:
    'kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale: migrating Deployments to horizontal autoscaling',
  fix: 'suggestion: remove `replicas` (on a running Deployment the next client-side apply drops it to 1 until the HPA scales back)',
  kinds: SCALABLE_KINDS,
  related: (entry, { index }) => managersOf(entry, index),
  check(entry, managers) {
    const deployment = entry as IndexedManifest<DeploymentSummary>;
    const replicas = deployment.summary.replicas;
    if (!replicas || replicas.conditional || managers.length === 0) return [];
    return [
      {
        range: placed(deployment, replicas.range),
        message: messages.fights(describe(managers[0], entry), deployment.summary.kind),
        fixes: [placedFix(deployment, replicas.remove)],
        related: managers.map((hpa) => link(hpa, `${describe(hpa, entry)} manages the replicas`)),
      },
    ];
  },
};
