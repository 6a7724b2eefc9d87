import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Node } from 'yaml';
import type { Fix, RuleFinding } from '../../types';
import { replaceNode } from '../../yaml/edits';
import type { KnownManifest } from '../manifest';
import { literalString, mapItems } from '../validation/literals';
import { dns1123LabelErrors, dns1123SubdomainErrors, lowerCaseFix } from '../validation/names';
import { templateOf } from '../validation/template';
import type { KubernetesRule } from './rule';

export const messages = {
  invalid: (what: string, name: string, syntax: string, reasons: string[]) =>
    `${what} "${name}" is not a valid ${syntax}: ${reasons.join('; ')} (the API server rejects it)`,
  lowerCase: (name: string) => `Rename to "${name}"`,
};

/**
 * Names the API server checks for syntax (pkg/apis/core/validation and apimachinery ValidateObjectMeta): the object's
 * name (a Deployment's is a DNS-1123 subdomain: NameIsDNSSubdomain), its namespace (a DNS-1123 label:
 * ValidateNamespaceName), and in the pod template the names of containers and init containers
 * (validateContainerCommon: ValidateDNS1123Label) and of volumes (ValidateVolumes: ValidateDNS1123Label).
 */
export const nameSyntaxRule: KubernetesRule = {
  id: 'k8s/name-syntax',
  severity: DiagnosticSeverity.Error,
  description:
    'an object name that is not a DNS-1123 subdomain, or a namespace, container or volume name that is not a DNS-1123 label (lower case alphanumerics and `-`, at most 63 characters)',
  family: 'kubernetes-deployment',
  reference:
    'apimachinery ValidateObjectMeta (NameIsDNSSubdomain, ValidateNamespaceName); pkg/apis/core/validation: validateContainerCommon, ValidateVolumes (ValidateDNS1123Label)',
  fix: 'lower-case the name when that is all it takes (a volume rename renames its mounts); suggestion for the object name',
  kinds: ['Deployment'],
  check(manifest) {
    const findings: RuleFinding[] = [];
    const check = (node: Node | undefined, what: string, label: boolean, rename: (to: string) => Fix | undefined) => {
      const name = literalString(node);
      if (name === undefined || !node) return;
      const errorsOf = label ? dns1123LabelErrors : dns1123SubdomainErrors;
      const reasons = errorsOf(name);
      if (reasons.length === 0) return;
      const lower = lowerCaseFix(name, errorsOf);
      const fix = lower !== undefined ? rename(lower) : undefined;
      findings.push({
        range: manifest.rangeOf(node),
        message: messages.invalid(what, name, label ? 'DNS-1123 label' : 'DNS-1123 subdomain', reasons),
        fixes: fix ? [fix] : [],
      });
    };
    const nameNode = manifest.nodeAt(['metadata', 'name']);
    // Other objects (an HPA's scaleTargetRef, a Service) may name it as written: offered, not applied by fix-all.
    check(nameNode, 'metadata.name', false, (to) => ({
      title: messages.lowerCase(to),
      edits: [replaceNode(manifest, nameNode!, to)],
      isPreferred: false,
    }));
    check(manifest.nodeAt(['metadata', 'namespace']), 'metadata.namespace', true, () => undefined);
    for (const container of templateOf(manifest).containers) {
      const node = manifest.nodeAt(['name'], container.map);
      // Nothing refers to a container by name inside the manifest: the rename is safe.
      check(node, container.group === 'containers' ? 'container name' : 'init container name', true, (to) => ({
        title: messages.lowerCase(to),
        edits: [replaceNode(manifest, node!, to)],
        isPreferred: true,
      }));
    }
    const volumes = templateOf(manifest).volumes;
    for (const volume of volumes) {
      const node = manifest.nodeAt(['name'], volume);
      const name = literalString(node);
      check(node, 'volume name', true, (to) => ({
        title: messages.lowerCase(to),
        edits: [replaceNode(manifest, node!, to), ...mountsNamed(manifest, name!, to)],
        isPreferred: true,
      }));
    }
    return findings;
  },
};

/** The volumeMounts (and volumeDevices) of every container that name a volume: renamed with it. */
function mountsNamed(manifest: KnownManifest, name: string, to: string) {
  const edits = [];
  for (const container of templateOf(manifest).containers) {
    for (const list of ['volumeMounts', 'volumeDevices']) {
      for (const mount of mapItems(manifest, manifest.nodeAt([list], container.map))) {
        const node = manifest.nodeAt(['name'], mount);
        if (node && literalString(node) === name) edits.push(replaceNode(manifest, node, to));
      }
    }
  }
  return edits;
}
