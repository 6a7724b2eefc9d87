import { isMap, isScalar } from 'yaml';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import { podContainers } from '../podSpec';
import type { KubernetesRule } from './rule';
import { WORKLOAD_KINDS } from '../kinds';

export const messages = {
  outOfRange: (port: string) => `containerPort ${port} is out of range: ports are 1 to 65535`,
  duplicate: (port: number, protocol: string, other: string) =>
    `containerPort ${port}/${protocol} is already declared by ${other}: the API server warns about it, and a Service or probe that names the port gets one of them`,
  duplicateName: (name: string) => `port name "${name}" is used twice in this container: the API server rejects it`,
  duplicateNameAcrossContainers: (name: string, other: string) =>
    `port name "${name}" is also used by ${other}: a Service targetPort "${name}" picks one of them`,
};

/**
 * Mirrors the API server (pkg/apis/core/validation: validateContainerPorts): a containerPort out of 1-65535 and a
 * port name used twice in one container are rejected. A port number declared twice draws only a warning from the
 * API server (pkg/api/pod/warnings.go: "duplicate port definition"), so it is a warning here; a name shared by two
 * containers of one pod is accepted, so it is only information.
 */
export const containerPortRule: KubernetesRule = {
  id: 'k8s/container-port',
  severity: DiagnosticSeverity.Error,
  description:
    'a containerPort outside 1-65535, or a port name used twice in one container (both rejected); a port number declared twice in the pod is a warning (the API server warns), a port name shared by two containers information',
  family: 'kubernetes-deployment',
  reference: 'pkg/apis/core/validation: validateContainerPorts; pkg/api/pod/warnings.go (duplicate port definition)',
  kinds: WORKLOAD_KINDS,
  check(manifest) {
    const findings: RuleFinding[] = [];
    const seenPorts = new Map<string, string>();
    const namesInPod = new Map<string, string>();
    for (const container of podContainers(manifest)) {
      const owner = `container "${container.name ?? '?'}"`;
      const namesInContainer = new Set<string>();
      const ports = manifest.seqAt(['ports'], container.map);
      for (const item of ports?.items ?? []) {
        const port = manifest.resolve(item);
        if (!isMap(port)) continue;
        const numberNode = manifest.nodeAt(['containerPort'], port);
        if (isScalar(numberNode) && typeof numberNode.value === 'number') {
          const value = numberNode.value;
          if (!Number.isInteger(value) || value < 1 || value > 65535) {
            findings.push({ range: manifest.rangeOf(numberNode), message: messages.outOfRange(String(value)) });
          } else {
            const protocol = manifest.stringAt(['protocol'], port) ?? 'TCP';
            const key = `${value}/${protocol}`;
            const other = seenPorts.get(key);
            if (other)
              findings.push({
                range: manifest.rangeOf(numberNode),
                message: messages.duplicate(value, protocol, other),
                severity: DiagnosticSeverity.Warning,
              });
            else seenPorts.set(key, owner);
          }
        }
        const nameNode = manifest.nodeAt(['name'], port);
        if (isScalar(nameNode) && nameNode.value !== null) {
          const name = String(nameNode.value);
          const otherContainer = namesInPod.get(name);
          if (namesInContainer.has(name)) {
            findings.push({ range: manifest.rangeOf(nameNode), message: messages.duplicateName(name) });
          } else if (otherContainer !== undefined && otherContainer !== owner) {
            findings.push({
              range: manifest.rangeOf(nameNode),
              message: messages.duplicateNameAcrossContainers(name, otherContainer),
              severity: DiagnosticSeverity.Information,
            });
          }
          namesInContainer.add(name);
          if (!namesInPod.has(name)) namesInPod.set(name, owner);
        }
      }
    }
    return findings;
  },
};
