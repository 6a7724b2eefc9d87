import { isScalar } from 'yaml';
import type { Node, YAMLMap } from 'yaml';
import type { TextEdit } from 'vscode-languageserver-types';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import { replaceNode } from '../../yaml/edits';
import { formatPath, type YamlPath } from '../../yaml/parsedYaml';
import type { KnownManifest } from '../manifest';
import { literalString, mapItems } from '../validation/literals';
import { portNameErrors } from '../validation/names';
import { templateOf } from '../validation/template';
import type { KubernetesRule } from './rule';

/** Where a container names or numbers a port of its own: probes and lifecycle hooks (ValidatePortNumOrName). */
const PORT_REFERENCES: readonly YamlPath[] = ['readinessProbe', 'livenessProbe', 'startupProbe']
  .flatMap((probe) => ['httpGet', 'tcpSocket'].map((handler) => [probe, handler, 'port']))
  .concat(
    ['postStart', 'preStop'].flatMap((hook) =>
      ['httpGet', 'tcpSocket'].map((handler) => ['lifecycle', hook, handler, 'port']),
    ),
  );

export const messages = {
  name: (path: string, name: string, reasons: string[]) =>
    `${path}: "${name}" is not a valid port name (IANA_SVC_NAME): ${reasons.join('; ')}`,
  number: (path: string, value: number) =>
    `${path}: ${value} is not a valid port number: must be between 1 and 65535, inclusive`,
  digits: (path: string, text: string) =>
    `${path}: "${text}" is a string, so it is read as a port name, and a port name needs a letter: write the number unquoted`,
  lowerCase: (name: string) => `Rename the port to "${name}"`,
  unquote: (text: string) => `Write ${text} as a number`,
};

/**
 * Port syntax as validateContainerPorts and ValidatePortNumOrName (pkg/apis/core/validation) check it: a port name is
 * an IANA_SVC_NAME (at most 15 characters, lower-case alphanumerics and '-', a letter, no '--', no '-' at either end:
 * util/validation IsValidPortName); a hostPort other than 0 is 1-65535; a probe's or hook's port is a number in
 * 1-65535 or such a name (a quoted "8080" is a name, and rejected). The containerPort's own range is k8s/container-port.
 */
export const portSyntaxRule: KubernetesRule = {
  id: 'k8s/port-syntax',
  severity: DiagnosticSeverity.Error,
  description:
    'a port name that is not an IANA_SVC_NAME (≤ 15 lower-case alphanumerics and `-`, with a letter), a hostPort outside 1-65535, or a probe/hook port that is neither 1-65535 nor a valid name (a quoted `"8080"`)',
  family: 'kubernetes-deployment',
  reference:
    'pkg/apis/core/validation: validateContainerPorts, ValidatePortNumOrName; util/validation: IsValidPortName, IsValidPortNum',
  fix: 'lower-case the port name (and the probes that name it); write a quoted port number as a number',
  kinds: ['Deployment'],
  check(manifest) {
    const findings: RuleFinding[] = [];
    for (const container of templateOf(manifest).containers) {
      mapItems(manifest, manifest.nodeAt(['ports'], container.map)).forEach((port, index) => {
        const nameNode = manifest.nodeAt(['name'], port);
        const name = literalString(nameNode);
        const reasons = name === undefined ? [] : portNameErrors(name);
        if (nameNode && name !== undefined && reasons.length > 0) {
          const lower = name.toLowerCase();
          const fixes =
            lower !== name && portNameErrors(lower).length === 0
              ? [
                  {
                    title: messages.lowerCase(lower),
                    edits: [
                      replaceNode(manifest, nameNode, lower),
                      ...references(manifest, container.map, name, lower),
                    ],
                    isPreferred: true,
                  },
                ]
              : [];
          findings.push({
            range: manifest.rangeOf(nameNode),
            message: messages.name(formatPath([...container.path, 'ports', index, 'name']), name, reasons),
            fixes,
          });
        }
        const hostPort = manifest.nodeAt(['hostPort'], port);
        if (
          isScalar(hostPort) &&
          typeof hostPort.value === 'number' &&
          hostPort.value !== 0 &&
          !validPortNumber(hostPort.value)
        )
          findings.push({
            range: manifest.rangeOf(hostPort),
            message: messages.number(formatPath([...container.path, 'ports', index, 'hostPort']), hostPort.value),
          });
      });
      for (const reference of PORT_REFERENCES) {
        const node = manifest.nodeAt(reference, container.map);
        if (!isScalar(node)) continue;
        const path = () => formatPath([...container.path, ...reference]);
        if (typeof node.value === 'number') {
          if (!validPortNumber(node.value))
            findings.push({ range: manifest.rangeOf(node), message: messages.number(path(), node.value) });
          continue;
        }
        const text = literalString(node);
        if (text === undefined) continue;
        if (/^\d{1,5}$/.test(text) && validPortNumber(Number(text))) {
          findings.push({
            range: manifest.rangeOf(node),
            message: messages.digits(path(), text),
            fixes: [
              {
                title: messages.unquote(text),
                edits: [replaceNode(manifest, node, String(Number(text)))],
                isPreferred: true,
              },
            ],
          });
          continue;
        }
        const reasons = portNameErrors(text);
        if (reasons.length > 0)
          findings.push({ range: manifest.rangeOf(node), message: messages.name(path(), text, reasons) });
      }
    }
    return findings;
  },
};

function validPortNumber(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= 65535;
}

/** The probe and hook ports of one container that name a port: renamed with it. */
function references(manifest: KnownManifest, container: YAMLMap, from: string, to: string): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const reference of PORT_REFERENCES) {
    const node: Node | undefined = manifest.nodeAt(reference, container);
    if (node && literalString(node) === from) edits.push(replaceNode(manifest, node, to));
  }
  return edits;
}
