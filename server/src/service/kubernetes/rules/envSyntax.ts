import { isMap, isScalar } from 'yaml';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import { formatPath } from '../../yaml/parsedYaml';
import { hasPlaceholderKey, literalString, mapItems, mayBeTemplateBranches, setKeys } from '../validation/literals';
import { relaxedEnvVarNameErrors, strictEnvVarNameErrors } from '../validation/names';
import { templateOf } from '../validation/template';
import { WORKLOAD_KINDS } from '../kinds';
import { isPlaceholder } from '../placeholders';
import type { KubernetesRule } from './rule';

/** EnvVarSource's sources (fileKeyRef: 1.34, alpha). */
const VALUE_SOURCES = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef', 'fileKeyRef'] as const;
const ENV_FROM_SOURCES = ['configMapRef', 'secretRef'] as const;

export const messages = {
  name: (path: string, name: string, reasons: string[]) =>
    `${path}: "${name}" is not a valid environment variable name: ${reasons.join('; ')}`,
  oldName: (path: string, name: string) =>
    `${path}: "${name}" is accepted since Kubernetes 1.32 (any printable ASCII but '='); older API servers reject it: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit`,
  noSource: (path: string, sources: readonly string[]) =>
    `${path}: must specify one of: ${sources.map((source) => `\`${source}\``).join(', ')}`,
  fieldPath: (path: string, fieldPath: string) =>
    `${path}: "${fieldPath}" is not a field an env var can read: supported values: ${ENV_FIELD_PATHS.join(', ')}, metadata.labels['<key>'], metadata.annotations['<key>']`,
  twoSources: (path: string) => `${path}: may not have more than one field specified at a time`,
  valueAndValueFrom: (path: string) => `${path}: may not be specified when \`value\` is not empty`,
};

/**
 * Environment variables as ValidateEnv and ValidateEnvFrom (pkg/apis/core/validation) check them: a name (and an
 * envFrom prefix) of printable ASCII other than '=' (IsRelaxedEnvVarName, on by default since 1.32; what older servers
 * reject beyond that, `[-._a-zA-Z][-._a-zA-Z0-9]*`, is a warning), a valueFrom with exactly one source and no `value`
 * beside it (validateEnvVarValueFrom), an envFrom with exactly one of configMapRef and secretRef.
 */
export const envSyntaxRule: KubernetesRule = {
  id: 'k8s/env-syntax',
  severity: DiagnosticSeverity.Error,
  description:
    "an env var name with '=' or a non-printable character (a warning for names servers before 1.32 reject), a valueFrom with no source or two, a fieldRef to a field the pod does not offer, `value` beside valueFrom, or an envFrom with no source or two",
  family: 'kubernetes-deployment',
  reference:
    'pkg/apis/core/validation: ValidateEnv, validateEnvVarValueFrom, ValidateEnvFrom; util/validation: IsRelaxedEnvVarName, IsEnvVarName',
  kinds: WORKLOAD_KINDS,
  check(manifest) {
    const findings: RuleFinding[] = [];
    for (const container of templateOf(manifest).containers) {
      mapItems(manifest, manifest.nodeAt(['env'], container.map)).forEach((entry, index) => {
        const path = [...container.path, 'env', index];
        const nameNode = manifest.nodeAt(['name'], entry);
        const name = literalString(nameNode);
        if (nameNode && name !== undefined)
          checkName(name, formatPath([...path, 'name']), manifest.rangeOf(nameNode), findings);
        const fromPair = manifest.pairIn(entry, 'valueFrom');
        const from = manifest.resolve(fromPair?.value);
        if (!fromPair || !isMap(from) || hasPlaceholderKey(from)) return;
        const sources = setKeys(manifest, from, VALUE_SOURCES);
        const fromPath = () => formatPath([...path, 'valueFrom']);
        if (sources.length === 0)
          findings.push({
            range: manifest.rangeOf(fromPair.key),
            message: messages.noSource(fromPath(), VALUE_SOURCES.slice(0, 4)),
          });
        else if (
          sources.length > 1 &&
          !mayBeTemplateBranches(manifest.text, sources[0].key.range![0], sources[1].key.range![0])
        )
          findings.push({ range: manifest.rangeOf(sources[1].key), message: messages.twoSources(fromPath()) });
        const fieldPathNode = manifest.nodeAt(['fieldRef', 'fieldPath'], from);
        const fieldPath = literalString(fieldPathNode);
        if (fieldPathNode && fieldPath !== undefined && !isPlaceholder(fieldPath) && !envFieldPathSupported(fieldPath))
          findings.push({
            range: manifest.rangeOf(fieldPathNode),
            message: messages.fieldPath(formatPath([...path, 'valueFrom', 'fieldRef', 'fieldPath']), fieldPath),
          });
        const value = manifest.nodeAt(['value'], entry);
        if (
          sources.length > 0 &&
          isScalar(value) &&
          value.value !== null &&
          String(value.value) !== '' &&
          !mayBeTemplateBranches(manifest.text, entry.range![0], entry.range![1])
        )
          findings.push({ range: manifest.rangeOf(fromPair.key), message: messages.valueAndValueFrom(fromPath()) });
      });
      mapItems(manifest, manifest.nodeAt(['envFrom'], container.map)).forEach((entry, index) => {
        const path = [...container.path, 'envFrom', index];
        const prefixNode = manifest.nodeAt(['prefix'], entry);
        const prefix = literalString(prefixNode);
        if (prefixNode && prefix !== undefined && prefix !== '')
          checkName(prefix, formatPath([...path, 'prefix']), manifest.rangeOf(prefixNode), findings);
        if (hasPlaceholderKey(entry)) return;
        const sources = setKeys(manifest, entry, ENV_FROM_SOURCES);
        if (
          sources.length > 1 &&
          !mayBeTemplateBranches(manifest.text, sources[0].key.range![0], sources[1].key.range![0])
        )
          findings.push({ range: manifest.rangeOf(sources[1].key), message: messages.twoSources(formatPath(path)) });
      });
    }
    return findings;
  },
};

/** The pod fields an env var may read (validateEnvVarValueFrom: validEnvDownwardAPIFieldPathExpressions). */
const ENV_FIELD_PATHS = [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
];

function envFieldPathSupported(fieldPath: string): boolean {
  // One label or annotation by its key: metadata.labels['app'] (the whole map is for volumes only).
  return ENV_FIELD_PATHS.includes(fieldPath) || /^metadata\.(labels|annotations)\['[^']+'\]$/.test(fieldPath);
}

function checkName(name: string, path: string, range: RuleFinding['range'], findings: RuleFinding[]): void {
  const reasons = relaxedEnvVarNameErrors(name);
  if (reasons.length > 0) findings.push({ range, message: messages.name(path, name, reasons) });
  else if (strictEnvVarNameErrors(name).length > 0)
    findings.push({ range, message: messages.oldName(path, name), severity: DiagnosticSeverity.Warning });
}
