import { isMap, isScalar } from 'yaml';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import { podContainers } from '../podSpec';
import type { KubernetesRule } from './rule';

export const messages = {
  outOfRange: (port: string) => `containerPort ${port} is out of range: ports are 1 to 65535`,
  duplicate: (port: number, protocol: string, other: string) => `containerPort ${port}/${protocol} is already declared by ${other}`,
  duplicateName: (name: string) => `port name "${name}" is used twice in this pod`,
};

/** Port numbers out of range, and ports or port names declared twice in one pod (probes and Services then pick one at random). */
export const containerPortRule: KubernetesRule = {
  id: 'k8s/container-port',
  severity: DiagnosticSeverity.Error,
  description: 'A containerPort out of 1-65535, or a port number or name declared twice in one pod.',
  kinds: ['Deployment'],
  check(manifest) {
    const findings: RuleFinding[] = [];
    const seenPorts = new Map<string, string>();
    const seenNames = new Set<string>();
    for (const container of podContainers(manifest)) {
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
            const owner = `container "${container.name ?? '?'}"`;
            const other = seenPorts.get(key);
            if (other) findings.push({ range: manifest.rangeOf(numberNode), message: messages.duplicate(value, protocol, other) });
            else seenPorts.set(key, owner);
          }
        }
        const nameNode = manifest.nodeAt(['name'], port);
        if (isScalar(nameNode) && nameNode.value !== null) {
          const name = String(nameNode.value);
          if (seenNames.has(name)) findings.push({ range: manifest.rangeOf(nameNode), message: messages.duplicateName(name) });
          seenNames.add(name);
        }
      }
    }
    return findings;
  },
};
