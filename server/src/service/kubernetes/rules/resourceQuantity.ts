import { isScalar } from 'yaml';
import type { Node } from 'yaml';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { closestMatch } from '../../common/closest';
import type { Fix, RuleFinding } from '../../types';
import { replaceNode } from '../../yaml/edits';
import { formatPath, type YamlPath } from '../../yaml/parsedYaml';
import type { KnownManifest } from '../manifest';
import { isPlaceholder, mayBeSetLater } from '../placeholders';
import { yaml11TypeOf } from '../yaml11';
import { podSpecPath } from '../podSpec';
import { literalPairs } from '../validation/literals';
import { qualifiedNameErrors } from '../validation/names';
import {
  compareQuantities,
  isWholeQuantity,
  multiplierSuffix,
  parseQuantity,
  QUANTITY_SYNTAX,
  type Quantity,
} from '../validation/quantity';
import { templateOf } from '../validation/template';
import { WORKLOAD_KINDS } from '../kinds';
import type { KubernetesRule } from './rule';

const STANDARD = ['cpu', 'memory', 'ephemeral-storage'];

export const messages = {
  syntax: (path: string, text: string) =>
    `${path}: "${text}" is not a quantity: ${QUANTITY_SYNTAX} (the API server refuses the whole object)`,
  negative: (path: string, text: string) => `${path}: ${text} must be greater than or equal to 0`,
  name: (path: string, name: string) =>
    `${path}: "${name}" is not a resource a container can request: must be a standard resource (cpu, memory, ephemeral-storage, hugepages-<size>) or an extended one with a domain (example.com/gpu)`,
  overLimit: (path: string, resource: string, request: string, limit: string) =>
    `${path}: ${request} must be less than or equal to ${resource} limit of ${limit}${unitsNote(request, limit)}`,
  notEqual: (path: string, resource: string, request: string, limit: string) =>
    `${path}: ${request} must be equal to ${resource} limit of ${limit} (${resource} cannot be overcommitted)`,
  notInteger: (path: string, text: string) =>
    `${path}: ${text} must be an integer (extended resources are counted whole)`,
  limitRequired: (path: string, resource: string) =>
    `${path}: required: ${resource} cannot be overcommitted, so a request for it needs a limit (equal to it)`,
  removeSpaces: (text: string) => `Write ${text}`,
  rename: (name: string) => `Change to ${name}`,
};

/**
 * Why `64Mi` is over `64M` when it looks equal: the two suffixes count differently (`Mi` is 1024 x 1024 bytes, `M`
 * 1000 x 1000), the usual cause of this error. Said only when the request and the limit use one of each.
 */
function unitsNote(request: string, limit: string): string {
  const units = [multiplierSuffix(request), multiplierSuffix(limit)];
  const binary = units.find((unit) => unit?.base === 1024);
  const decimal = units.find((unit) => unit?.base === 1000);
  if (!binary || !decimal) return '';
  const counts = (unit: { base: number; power: number }) =>
    unit.power === 1 ? `${unit.base}` : `${unit.base}^${unit.power}`;
  return ` (${binary.suffix} counts ${counts(binary)}, ${decimal.suffix} ${counts(decimal)}: write both in the same unit)`;
}

/**
 * Resource quantities as the API server reads them: the text must parse (resource.ParseQuantity: `100m`, `1.5Gi`,
 * `1e3`; not `100 m`, `1GB`, `2 cores`); and as ValidateResourceRequirements checks them: a standard or a domain-
 * qualified extended resource name (validateContainerResourceName), no negative value
 * (ValidateResourceQuantityValue), a request no greater than its limit, equal to it for extended resources and
 * hugepages (IsOvercommitAllowed), which are also whole numbers. An emptyDir's sizeLimit parses the same way.
 */
export const resourceQuantityRule: KubernetesRule = {
  id: 'k8s/resource-quantity',
  severity: DiagnosticSeverity.Error,
  description:
    'a resource quantity that does not parse (`100 m`, `1GB`), is negative, names no container resource (`cpus`), or a request over its limit (or unequal to it, or without one, for extended resources and hugepages)',
  family: 'kubernetes-deployment',
  reference:
    'apimachinery pkg/api/resource/quantity.go: ParseQuantity; pkg/apis/core/validation: ValidateResourceRequirements, validateContainerResourceName, ValidateResourceQuantityValue',
  fix: 'remove the spaces inside a quantity (`100 m` -> `100m`); the near-miss resource name (`cpus` -> `cpu`)',
  kinds: WORKLOAD_KINDS,
  check(manifest, target) {
    const findings: RuleFinding[] = [];
    for (const container of templateOf(manifest).containers) {
      const parsed: Record<'limits' | 'requests', Map<string, { quantity: Quantity; node: Node; text: string }>> = {
        limits: new Map(),
        requests: new Map(),
      };
      for (const group of ['limits', 'requests'] as const) {
        const path: YamlPath = [...container.path, 'resources', group];
        for (const { pair, key, keyNode } of literalPairs(manifest.mapAt(['resources', group], container.map))) {
          const resourcePath = () => formatPath([...path, key]);
          if (!validResourceName(key)) {
            const near = closestMatch(key, STANDARD);
            const fixes: Fix[] = near
              ? [{ title: messages.rename(near), edits: [replaceNode(manifest, keyNode, near)], isPreferred: true }]
              : [];
            findings.push({ range: manifest.rangeOf(keyNode), message: messages.name(resourcePath(), key), fixes });
            continue;
          }
          const node = manifest.resolve(pair.value);
          const read = readQuantity(manifest, node, resourcePath, findings);
          if (!read || !node) continue;
          const extended = !overcommitAllowed(key) && !key.startsWith('hugepages-');
          if (extended && !isWholeQuantity(read.quantity)) {
            findings.push({ range: manifest.rangeOf(node), message: messages.notInteger(resourcePath(), read.text) });
            continue;
          }
          parsed[group].set(key, { ...read, node });
        }
      }
      const limitsMayBeSet = mayBeSetLater(manifest, container.map, ['resources', 'limits']);
      for (const [resource, request] of parsed.requests) {
        const limit = parsed.limits.get(resource);
        // An extended resource cannot be overcommitted: its limit is required (ValidateResourceRequirements). A
        // patch that sets only the request may be patching an object that has the limit.
        if (!limit && !overcommitAllowed(resource) && !limitsMayBeSet && !target?.partial)
          findings.push({
            range: manifest.rangeOf(request.node),
            message: messages.limitRequired(formatPath([...container.path, 'resources', 'limits', resource]), resource),
          });
        if (!limit) continue;
        const order = compareQuantities(request.quantity, limit.quantity);
        const path = () => formatPath([...container.path, 'resources', 'requests', resource]);
        if (!overcommitAllowed(resource) && order !== 0)
          findings.push({
            range: manifest.rangeOf(request.node),
            message: messages.notEqual(path(), resource, request.text, limit.text),
          });
        else if (order > 0)
          findings.push({
            range: manifest.rangeOf(request.node),
            message: messages.overLimit(path(), resource, request.text, limit.text),
          });
      }
    }
    templateOf(manifest).volumes.forEach((volume, index) => {
      const node = manifest.nodeAt(['emptyDir', 'sizeLimit'], volume);
      readQuantity(
        manifest,
        node,
        () => formatPath([...podSpecPath(manifest), 'volumes', index, 'emptyDir', 'sizeLimit']),
        findings,
      );
    });
    return findings;
  },
};

/** Parses a quantity node, reporting syntax and sign; undefined when it is not a literal or is wrong. */
function readQuantity(manifest: KnownManifest, node: Node | undefined, path: () => string, findings: RuleFinding[]) {
  if (!isScalar(node) || node.value === null || isPlaceholder(node.value)) return undefined;
  const value = node.value;
  if (typeof value === 'number' && !Number.isFinite(value)) return undefined;
  if (typeof value !== 'string' && typeof value !== 'number') return undefined; // the schema's type error
  // kubectl reads YAML 1.1: a plain 1_000 is the number 1000 to it, a valid quantity.
  const text = yaml11TypeOf(node) === 'number' ? String(Number(value.toString().replace(/_/g, ''))) : String(value);
  const quantity = parseQuantity(text);
  if (!quantity) {
    const joined = text.replace(/\s+/g, '');
    const fixes: Fix[] =
      joined !== text.trim() && parseQuantity(joined)
        ? [{ title: messages.removeSpaces(joined), edits: [replaceNode(manifest, node, joined)], isPreferred: true }]
        : [];
    findings.push({ range: manifest.rangeOf(node), message: messages.syntax(path(), text), fixes });
    return undefined;
  }
  if (quantity.negative) {
    findings.push({ range: manifest.rangeOf(node), message: messages.negative(path(), text.trim()) });
    return undefined;
  }
  return { quantity, text: text.trim() };
}

/** validateContainerResourceName: a standard name, hugepages-<size>, or a qualified name with a domain. */
function validResourceName(name: string): boolean {
  if (STANDARD.includes(name) || name.startsWith('hugepages-')) return true;
  if (!name.includes('/')) return false;
  return qualifiedNameErrors(name).length === 0;
}

/** IsOvercommitAllowed: native resources (no domain, or kubernetes.io) except hugepages. */
function overcommitAllowed(name: string): boolean {
  const native = !name.includes('/') || name.includes('kubernetes.io/');
  return native && !name.startsWith('hugepages-');
}
