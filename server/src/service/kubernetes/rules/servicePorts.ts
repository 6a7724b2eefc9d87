import { isMap, isScalar, isSeq } from 'yaml';
import type { Node } from 'yaml';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import { isPlaceholder, mayBeSetLater } from '../placeholders';
import type { KubernetesRule } from './rule';
import { firstLine } from '../podSpec';

/** IANA_SVC_NAME (k8s.io/apimachinery validation IsValidPortName): what a named targetPort (a container port's name) may be. */
export function portNameProblem(name: string): string | undefined {
  if (name.length > 15) return 'is longer than 15 characters';
  if (!/^[-a-z0-9]+$/.test(name)) return "may hold only lowercase letters, digits and '-'";
  if (!/[a-z]/.test(name)) return 'must contain at least one letter';
  if (name.startsWith('-') || name.endsWith('-') || name.includes('--'))
    return "may not begin or end with '-' or hold '--'";
  return undefined;
}

/** A Service port's own name is a DNS-1123 label (ValidateDNS1123Label), longer and looser than a container port's. */
export function servicePortNameProblem(name: string): string | undefined {
  if (name.length > 63) return 'is longer than 63 characters';
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name))
    return "is not a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit)";
  return undefined;
}

/** `PORT`, `TARGET_PORT`: the bare upper-case placeholder a sed or envsubst step replaces (never a valid name). */
const BARE_PLACEHOLDER = /^[A-Z][A-Z0-9_]*$/;

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];

export const messages = {
  nameRequired: (index: number) =>
    `spec.ports[${index}]: a Service with more than one port must name each of them (the API server rejects it)`,
  badName: (index: number, name: string, problem: string) => `spec.ports[${index}].name: "${name}" ${problem}`,
  duplicateName: (index: number, name: string) => `spec.ports[${index}].name: "${name}" is used by another port`,
  duplicatePort: (index: number, port: number, protocol: string) =>
    `spec.ports[${index}].port: ${port}/${protocol} is declared twice`,
  portRange: (index: number, field: string, value: unknown) =>
    `spec.ports[${index}].${field}: ${String(value)} is not a port number (1-65535)`,
  targetName: (index: number, name: string, problem: string) =>
    `spec.ports[${index}].targetPort: "${name}" is neither a port number nor a port name: it ${problem}`,
  protocol: (index: number, protocol: string) =>
    `spec.ports[${index}].protocol: "${protocol}" is not one of TCP, UDP, SCTP`,
  portsRequired: 'spec.ports: a Service that is not headless or ExternalName needs at least one port',
};

/**
 * The Service port checks of the API server's validation: names (IANA_SVC_NAME, required and unique when there is
 * more than one port), port and targetPort numbers 1-65535 or a valid port name, protocol, no port/protocol twice.
 */
export const servicePortsRule: KubernetesRule = {
  id: 'k8s/service-port',
  severity: DiagnosticSeverity.Error,
  description:
    'a Service port the API server rejects: a missing name when there are several ports, a name that is not a DNS-1123 label or is used twice, a port or targetPort outside 1-65535, a targetPort name that is not an IANA service name, an unknown protocol',
  family: 'kubernetes-workloads',
  reference:
    'pkg/apis/core/validation: ValidateService, validateServicePort (name: ValidateDNS1123Label; targetPort: IsValidPortNum or IsValidPortName)',
  kinds: ['Service'],
  check(manifest) {
    const spec = manifest.mapAt(['spec']);
    if (!spec || !manifest.root) return [];
    const findings: RuleFinding[] = [];
    const ports = manifest.nodeAt(['ports'], spec);
    const type = manifest.stringAt(['type'], spec);
    const headless = manifest.stringAt(['clusterIP'], spec) === 'None';
    if (!isSeq(ports)) {
      const emptyPair = manifest.pairIn(spec, 'ports');
      if (
        ports === undefined &&
        type !== 'ExternalName' &&
        !headless &&
        !mayBeSetLater(manifest, manifest.root, ['spec', 'ports']) &&
        manifest.pairAt(['spec'])
      )
        findings.push({
          range: manifest.rangeOf(emptyPair?.key ?? manifest.pairAt(['spec'])!.key),
          message: messages.portsRequired,
        });
      return findings;
    }
    if (mayBeSetLater(manifest, spec, ['ports'])) return findings;
    const several = ports.items.length > 1;
    const names = new Map<string, number>();
    const numbers = new Set<string>();
    ports.items.forEach((item, index) => {
      const port = manifest.resolve(item);
      if (!isMap(port) || !port.range) return;
      const nameNode = manifest.nodeAt(['name'], port);
      const name = scalarText(nameNode);
      if (name === undefined || name === '') {
        if (several && nameNode === undefined && !mayBeSetLater(manifest, port, ['name']))
          findings.push({
            range: firstLine(manifest, port),
            message: messages.nameRequired(index),
          });
      } else if (!isPlaceholder(name)) {
        const problem = servicePortNameProblem(name);
        if (problem)
          findings.push({ range: manifest.rangeOf(nameNode!), message: messages.badName(index, name, problem) });
        else if (names.has(name))
          findings.push({ range: manifest.rangeOf(nameNode!), message: messages.duplicateName(index, name) });
        names.set(name, index);
      }
      const protocolNode = manifest.nodeAt(['protocol'], port);
      const protocol = scalarText(protocolNode) ?? 'TCP';
      if (protocolNode && !isPlaceholder(protocol) && !PROTOCOLS.includes(protocol))
        findings.push({ range: manifest.rangeOf(protocolNode), message: messages.protocol(index, protocol) });
      const portNode = manifest.nodeAt(['port'], port);
      if (isScalar(portNode) && typeof portNode.value === 'number') {
        if (!validPort(portNode.value))
          findings.push({
            range: manifest.rangeOf(portNode),
            message: messages.portRange(index, 'port', portNode.value),
          });
        const key = `${portNode.value}/${protocol}`;
        if (numbers.has(key))
          findings.push({
            range: manifest.rangeOf(portNode),
            message: messages.duplicatePort(index, portNode.value, protocol),
          });
        numbers.add(key);
      }
      const target = manifest.nodeAt(['targetPort'], port);
      if (isScalar(target) && typeof target.value === 'number' && target.value !== 0 && !validPort(target.value))
        findings.push({
          range: manifest.rangeOf(target),
          message: messages.portRange(index, 'targetPort', target.value),
        });
      if (
        isScalar(target) &&
        typeof target.value === 'string' &&
        target.value !== '' &&
        !isPlaceholder(target.value) &&
        !BARE_PLACEHOLDER.test(target.value)
      ) {
        const problem = portNameProblem(target.value);
        if (problem)
          findings.push({
            range: manifest.rangeOf(target),
            message: messages.targetName(index, target.value, problem),
          });
      }
    });
    return findings;
  },
};

function validPort(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= 65535;
}

function scalarText(node: Node | undefined): string | undefined {
  return isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number')
    ? String(node.value)
    : undefined;
}
