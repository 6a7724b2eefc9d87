import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { SCALABLE_KINDS } from '../kinds';
import { isEmptySelector, selects } from '../labels';
import type { WorkloadSummary } from '../summary';
import type { PdbSummary } from '../summaryServices';
import type { IndexedManifest } from '../workspaceIndex';
import { isWorkloadSummary } from '../summary';
import {
  describe,
  isAnswerable,
  link,
  managersOf,
  placed,
  sameNamespace,
  selectionCandidates,
  type WorkspaceRule,
} from './rule';

export const messages = {
  nothing: 'spec.selector selects none of the pod templates of this unit: the budget protects nothing',
  blocks: (minAvailable: string, replicas: number, workloads: string[]) =>
    `minAvailable ${minAvailable} leaves no disruption allowed: ${workloads.join(', ')} ${workloads.length === 1 ? 'has' : 'have'} ${replicas} replica${replicas === 1 ? '' : 's'}${workloads.length === 1 ? '' : ' in all'}, so a node drain never proceeds`,
};

/** A PodDisruptionBudget whose selector selects no pod template of its unit (quiet when the unit has no workloads). */
export const pdbSelectsNothingRule: WorkspaceRule = {
  id: 'k8s/pdb-selects-nothing',
  severity: DiagnosticSeverity.Warning,
  description:
    "a PodDisruptionBudget whose selector matches the pod labels of none of its unit's workloads (quiet when the unit has none)",
  family: 'kubernetes-workspace',
  reference: 'pkg/controller/disruption: the budget counts the pods its selector selects',
  kinds: ['PodDisruptionBudget'],
  related: (entry, { index }) => selectionCandidates(entry, (entry.summary as PdbSummary).selector, index),
  check(entry, candidates) {
    const pdb = entry as IndexedManifest<PdbSummary>;
    const selector = pdb.summary.selector;
    // policy/v1: an empty selector selects every pod of the namespace; an absent one, none (the schema's business).
    if (!selector || isEmptySelector(selector) || !isAnswerable(selector)) return [];
    if (
      !candidates.some((other) => other.unit === pdb.unit) ||
      candidates.some((other) => other.summary.kind === 'PodSource')
    )
      return [];
    const all = (candidates as IndexedManifest<WorkloadSummary>[]).filter((workload) =>
      sameNamespace(workload.summary, pdb.summary),
    );
    if (all.some((workload) => selects(selector, workload.summary.podLabels) !== false)) return [];
    return [{ range: placed(pdb, selector.range), message: messages.nothing }];
  },
};

/**
 * A PodDisruptionBudget whose minAvailable is at least the replicas of what it selects: the disruption controller
 * never allows an eviction, so `kubectl drain` waits forever. Only when every selected workload's replica count is
 * known (Deployments, StatefulSets, ReplicaSets not scaled by an HPA).
 */
export const pdbBlocksDrainRule: WorkspaceRule = {
  id: 'k8s/pdb-blocks-drain',
  severity: DiagnosticSeverity.Warning,
  description:
    'a PodDisruptionBudget whose `minAvailable` (a number, or 100%) is at least the replicas of the workloads it selects: no eviction is ever allowed, drains never proceed',
  family: 'kubernetes-workspace',
  reference: 'pkg/controller/disruption: disruptionsAllowed = currentHealthy - desiredHealthy',
  kinds: ['PodDisruptionBudget'],
  related: (entry, { index }) => {
    const candidates = selectionCandidates(entry, (entry.summary as PdbSummary).selector, index).filter(
      (other) =>
        other.unit === entry.unit && isWorkloadSummary(other.summary) && sameNamespace(other.summary, entry.summary),
    );
    return [...candidates, ...candidates.flatMap((workload) => managersOf(workload, index))];
  },
  check(entry, related) {
    const pdb = entry as IndexedManifest<PdbSummary>;
    const { selector, minAvailable } = pdb.summary;
    if (!selector || isEmptySelector(selector) || !isAnswerable(selector) || !minAvailable) return [];
    const workloads = related.filter(
      (other): other is IndexedManifest<WorkloadSummary> => other.summary.kind !== 'HorizontalPodAutoscaler',
    );
    const verdicts = workloads.map((workload) => selects(selector, workload.summary.podLabels));
    if (verdicts.includes(undefined)) return [];
    const selected = workloads.filter((_, index) => verdicts[index] === true);
    if (selected.length === 0) return [];
    const managed = new Set(
      related.flatMap((other) =>
        other.summary.kind === 'HorizontalPodAutoscaler' && other.summary.target?.name !== undefined
          ? [`${other.summary.target.kind}/${other.summary.target.name}`]
          : [],
      ),
    );
    let replicas = 0;
    for (const workload of selected) {
      const { kind, name } = workload.summary;
      if (!(SCALABLE_KINDS as readonly string[]).includes(kind) || managed.has(`${kind}/${name}`)) return [];
      const count = workload.summary.replicas ? workload.summary.replicas.value : 1;
      if (count === undefined) return [];
      replicas += count;
    }
    const value = minAvailable.value;
    const blocks = typeof value === 'number' ? value >= replicas : value === '100%';
    if (!blocks || replicas === 0) return [];
    return [
      {
        range: placed(pdb, minAvailable.range),
        message: messages.blocks(
          String(value),
          replicas,
          selected.map((workload) => describe(workload, entry)),
        ),
        related: selected.map((workload) =>
          link(
            workload,
            `${describe(workload, entry)}: ${workload.summary.replicas?.value ?? 1} replicas`,
            workload.summary.replicas?.range,
          ),
        ),
      },
    ];
  },
};
