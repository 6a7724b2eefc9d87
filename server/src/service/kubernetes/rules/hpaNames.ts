import { isMap, isScalar, type Node } from 'yaml';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import { formatPath, type YamlPath } from '../../yaml/parsedYaml';
import { isPlaceholder } from '../placeholders';
import { pathSegmentNameErrors } from '../validation/hpaValues';
import { dns1123LabelErrors, dns1123SubdomainErrors } from '../validation/names';
import type { KubernetesRule } from './rule';

export const messages = {
  empty: (path: YamlPath) => `${formatPath(path)} is empty: the API server requires it`,
  invalid: (path: YamlPath, name: string, why: readonly string[]) =>
    `${formatPath(path)} "${name}" ${why.join('; ')}: the API server refuses it`,
};

type Check = (name: string) => string[];

/** Where each source keeps its metric identifier. */
const METRIC_NAME_AT: Record<string, YamlPath> = {
  pods: ['pods', 'metric', 'name'],
  object: ['object', 'metric', 'name'],
  external: ['external', 'metric', 'name'],
};

/**
 * Names in an HPA that the API server checks: its own name (a DNS-1123 subdomain), the kind and name of
 * scaleTargetRef and of an Object metric's describedObject, and metric names (URL path segments: no `/` or `%`,
 * not `.` or `..`; upper case is fine), resource names (required) and a ContainerResource's container (DNS-1123
 * label). An empty string is refused where the field is required; an absent field is the schema's finding.
 */
export const hpaNamesRule: KubernetesRule = {
  id: 'k8s/hpa-names',
  severity: DiagnosticSeverity.Error,
  description:
    'HPA names the API server refuses: its own name (DNS-1123 subdomain), scaleTargetRef/describedObject kind and name and metric names (path segments: no `/`, `%`, `.` or `..`), an empty resource name or container',
  family: 'kubernetes-hpa',
  reference:
    'pkg/apis/autoscaling/validation: ValidateHorizontalPodAutoscalerName, ValidateCrossVersionObjectReference, validateMetricIdentifier, validateResourceSource, validateContainerResourceSource; apimachinery path.IsValidPathSegmentName',
  kinds: ['HorizontalPodAutoscaler'],
  check(manifest) {
    const findings: RuleFinding[] = [];
    const at = (path: YamlPath, check: Check, from?: Node) => {
      const node = manifest.nodeAt(path, from);
      const found = checkName(node, check);
      if (found && node) findings.push({ range: manifest.rangeOf(node), message: found(path) });
    };
    at(['metadata', 'name'], dns1123SubdomainErrors);
    at(['spec', 'scaleTargetRef', 'kind'], pathSegmentNameErrors);
    at(['spec', 'scaleTargetRef', 'name'], pathSegmentNameErrors);
    if (manifest.apiVersion === 'autoscaling/v1') return findings;
    manifest.seqAt(['spec', 'metrics'])?.items.forEach((item, index) => {
      const metric = manifest.resolve(item);
      if (!isMap(metric)) return;
      const base: YamlPath = ['spec', 'metrics', index];
      const add = (relative: YamlPath, check: Check) => {
        const node = manifest.nodeAt(relative, metric);
        const found = checkName(node, check);
        if (found && node) findings.push({ range: manifest.rangeOf(node), message: found([...base, ...relative]) });
      };
      for (const relative of Object.values(METRIC_NAME_AT)) add(relative, pathSegmentNameErrors);
      add(['object', 'describedObject', 'kind'], pathSegmentNameErrors);
      add(['object', 'describedObject', 'name'], pathSegmentNameErrors);
      add(['resource', 'name'], () => []);
      add(['containerResource', 'name'], () => []);
      add(['containerResource', 'container'], dns1123LabelErrors);
    });
    return findings;
  },
};

/** The message maker for a bad name at a node, or undefined when it is fine, not a literal string, or a placeholder. */
function checkName(node: Node | undefined, check: Check): ((path: YamlPath) => string) | undefined {
  if (!isScalar(node) || typeof node.value !== 'string' || isPlaceholder(node.value)) return undefined;
  const name = node.value;
  if (name === '') return (path) => messages.empty(path);
  const why = check(name);
  return why.length ? (path) => messages.invalid(path, name, why) : undefined;
}
