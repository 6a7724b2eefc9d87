import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { closestMatch } from '../../common/closest';
import type { DiagnosticRelatedInformation } from 'vscode-languageserver-types';
import { isEmptySelector, selects } from '../labels';
import { isWorkloadSummary } from '../summary';
import type { WorkloadSummary } from '../summary';
import type { ServiceSummary } from '../summaryServices';
import type { IndexedManifest } from '../workspaceIndex';
import {
  describe,
  isAnswerable,
  link,
  placed,
  sameNamespace,
  selectionCandidates,
  type WorkspaceFinding,
  type WorkspaceRule,
} from './rule';

export const messages = {
  name: (name: string, protocol: string, declared: string[]) =>
    `targetPort "${name}": no container of the selected pods declares a ${protocol} port of that name (they declare ${declared.map((port) => `"${port}"`).join(', ') || 'no named port'}); the Service has no endpoints for it`,
  number: (port: number, defaulted: boolean, declared: number[]) =>
    `${defaulted ? `port ${port} (targetPort defaults to it)` : `targetPort ${port}`}: no container of the selected pods declares it (they declare ${declared.join(', ')}); unless a container listens on it undeclared, the Service's traffic finds nothing there`,
  rename: (name: string) => `Change targetPort to "${name}"`,
};

/**
 * A Service port whose target the selected pods do not have. A named targetPort is looked up in the containers'
 * declared ports (by name and protocol): absent, the endpoint controller leaves that port without endpoints. A
 * number is sent as is, so it is reported only when the selected containers declare ports and none is that number.
 */
export const serviceTargetPortRule: WorkspaceRule = {
  id: 'k8s/service-target-port',
  severity: DiagnosticSeverity.Warning,
  description:
    'a Service `targetPort` name that no container of the selected pods declares; a number (or the `port` it defaults to) that none of their declared ports is (information: a number is sent as is, the port may be undeclared)',
  family: 'kubernetes-workspace',
  reference: 'pkg/api/v1/pod: FindPort (a named targetPort must match a container port name and protocol)',
  fix: 'suggestion: the near-miss port name',
  kinds: ['Service'],
  related: (entry, { index }) =>
    selectionCandidates(entry, (entry.summary as ServiceSummary).selector, index).filter(
      (other) =>
        other.unit === entry.unit &&
        (isWorkloadSummary(other.summary) || other.summary.kind === 'PodSource') &&
        sameNamespace(other.summary, entry.summary),
    ),
  check(entry, candidates) {
    const service = entry as IndexedManifest<ServiceSummary>;
    const selector = service.summary.selector;
    if (!selector || !isAnswerable(selector) || isEmptySelector(selector) || service.summary.type === 'ExternalName')
      return [];
    // A document of the unit that makes pods Shipshape does not read (a ReplicationController, a custom resource)
    // may be the one that declares the port.
    if (candidates.some((other) => other.summary.kind === 'PodSource')) return [];
    const workloads = candidates;
    // Which pods, exactly: a template that may or may not be selected leaves the ports unknown.
    const verdicts = (workloads as IndexedManifest<WorkloadSummary>[]).map((workload) => ({
      workload,
      selected: selects(selector, workload.summary.podLabels, true),
    }));
    if (verdicts.some(({ selected }) => selected === undefined)) return [];
    const selected = verdicts.filter(({ selected }) => selected).map(({ workload }) => workload);
    if (selected.length === 0) return [];
    const containers = selected.flatMap((workload) =>
      workload.summary.containers.map((container) => ({ workload, container })),
    );
    if (containers.length === 0 || containers.some(({ container }) => container.portsOpen)) return [];
    const findings: WorkspaceFinding[] = [];
    for (const port of service.summary.ports) {
      if (port.targetOpen) continue;
      const target = port.targetPort ?? port.port;
      if (target === undefined || target === 0 || target === '') continue;
      const declared = containers.flatMap(({ workload, container }) =>
        container.ports.map((declaredPort) => ({ workload, port: declaredPort })),
      );
      const related = (filter: (candidate: (typeof declared)[number]) => boolean): DiagnosticRelatedInformation[] =>
        declared
          .filter(filter)
          .slice(0, 5)
          .map(({ workload, port: declaredPort }) =>
            link(
              workload,
              `${describe(workload, entry)} declares ${declaredPort.name !== undefined ? `"${declaredPort.name}" ` : ''}${declaredPort.number ?? ''}`,
              declaredPort.range,
            ),
          );
      const range = placed(service, port.range);
      if (typeof target === 'string') {
        if (/^\d+$/.test(target)) continue; // a quoted number: the port rule says what the API server makes of it
        const sameProtocol = declared.filter(({ port: candidate }) => candidate.protocol === port.protocol);
        if (sameProtocol.some(({ port: candidate }) => candidate.name === target)) continue;
        const names = [...new Set(sameProtocol.flatMap(({ port: candidate }) => candidate.name ?? []))];
        const suggestion = closestMatch(target, names) ?? (names.length === 1 ? names[0] : undefined);
        findings.push({
          range,
          message: messages.name(target, port.protocol, names),
          // A guess at what was meant: offered, never applied by fix-all.
          fixes: suggestion
            ? [{ title: messages.rename(suggestion), edits: [{ range, newText: suggestion }], isPreferred: false }]
            : [],
          related: related(({ port: candidate }) => candidate.name !== undefined),
        });
      } else {
        const numbers = [...new Set(declared.flatMap(({ port: candidate }) => candidate.number ?? []))];
        if (numbers.length === 0 || numbers.includes(target)) continue;
        // containerPort is informational and a number is sent as is: the process may well listen there anyway.
        findings.push({
          range,
          message: messages.number(target, port.targetPort === undefined, numbers),
          related: related(() => true),
          severity: DiagnosticSeverity.Information,
        });
      }
    }
    return findings;
  },
};
