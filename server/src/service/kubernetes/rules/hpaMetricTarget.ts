import { isMap, isScalar } from 'yaml';
import type { Node, Pair, Scalar, YAMLMap } from 'yaml';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Fix, RuleFinding } from '../../types';
import { closestMatch } from '../../common/closest';
import { formatPath, type YamlPath } from '../../yaml/parsedYaml';
import {
  endOfMap,
  indentLines,
  insertText,
  isBlockMap,
  mapIndent,
  pairLines,
  replaceNode,
  replaceText,
} from '../../yaml/edits';
import type { KnownManifest } from '../manifest';
import { isPlaceholder } from '../placeholders';
import { quantitySign } from '../validation/hpaValues';
import type { KubernetesRule } from './rule';

/** Each target type and the one value field it reads. */
const VALUE_FIELD = { Utilization: 'averageUtilization', AverageValue: 'averageValue', Value: 'value' } as const;
type TargetType = keyof typeof VALUE_FIELD;
const TYPE_OF_FIELD: Record<string, TargetType> = {
  averageUtilization: 'Utilization',
  averageValue: 'AverageValue',
  value: 'Value',
};

/** Where each metric type keeps its source. */
const SOURCE_KEY: Record<string, string> = {
  Resource: 'resource',
  ContainerResource: 'containerResource',
  Pods: 'pods',
  Object: 'object',
  External: 'external',
};

/** autoscaling/v2beta1 wrote the target inline; v2 nests it under `target`. */
const LEGACY_TARGET: Record<string, TargetType> = {
  targetAverageUtilization: 'Utilization',
  targetAverageValue: 'AverageValue',
  targetValue: 'Value',
};

export const messages = {
  typeMissing: (path: YamlPath, field?: string) =>
    `${formatPath(path)}: target has no type${field ? `; it sets ${field}, so the type is ${TYPE_OF_FIELD[field]}` : ''}`,
  typeInvalid: (path: YamlPath, found: string) =>
    `${formatPath(path)}: "${found}" is not a target type (Utilization, AverageValue or Value)`,
  mismatch: (path: YamlPath, type: TargetType, present: string) =>
    `${formatPath(path)}: target type ${type} reads ${VALUE_FIELD[type]}, but this target sets ${present}`,
  noValue: (path: YamlPath, type: TargetType) => `${formatPath(path)}: target type ${type} needs ${VALUE_FIELD[type]}`,
  utilizationNotAllowed: (path: YamlPath, metricType: string) =>
    `${formatPath(path)}: Utilization targets work only for Resource and ContainerResource metrics, not ${metricType}`,
  legacy: (path: YamlPath, field: string, type: TargetType) =>
    `${formatPath(path)}: ${field} is autoscaling/v2beta1; autoscaling/v2 writes target: {type: ${type}, ${VALUE_FIELD[type]}: ...}`,
  valueNotAllowed: (path: YamlPath, metricType: string) =>
    `${formatPath(path)}: ${metricType} metrics take a Utilization or AverageValue target, not Value (the API server rejects it)`,
  typeIgnored: (path: YamlPath, type: TargetType, present: readonly string[]) =>
    `${formatPath(path)}: type ${type} does not match ${present.join(' and ')}; the API server accepts it and the HPA reads ${present.join(' and ')}, but the type misleads readers`,
  notQuantity: (path: YamlPath, written: string | number) =>
    `${formatPath(path)}: "${written}" is not a quantity (like 500m, 100, 1.5Gi): the API server cannot decode it`,
  notPositive: (path: YamlPath, written: string | number) =>
    `${formatPath(path)} is ${written}: it must be greater than 0`,
  toAverageValue: 'Make it an AverageValue target (per pod)',
  setType: (type: TargetType) => `Set target type to ${type}`,
  renameField: (from: string, to: string) => `Rename ${from} to ${to}`,
  convertLegacy: 'Convert to an autoscaling/v2 target',
};

/**
 * A metric target whose `type` and value field disagree, or that is missing or misspelt, or still in the v2beta1
 * shape. The API server rejects these with a message that names neither the fix nor the line.
 */
export const hpaMetricTargetRule: KubernetesRule = {
  id: 'k8s/hpa-metric-target',
  severity: DiagnosticSeverity.Error,
  description:
    'a metric target whose `type` is missing or misspelt, whose value fields a source refuses (Pods without `averageValue`, both `value` and `averageValue` on External, ...), whose `value`/`averageValue` is not a positive quantity or `averageUtilization` below 1, `Value` on a Resource metric without an average, or the v2beta1 shape (`targetAverageUtilization`); a `type` that names another field than the one set is a warning where the server accepts it and the controller reads the field (all but Object metrics)',
  family: 'kubernetes-hpa',
  reference:
    'pkg/apis/autoscaling/validation: validateMetricTarget, validateResourceSource, validatePodsSource, validateObjectSource, validateExternalSource; pkg/controller/podautoscaler/horizontal.go: computeStatusForObjectMetric goes by the type',
  fix: 'the type that matches the value field; convert v2beta1 targets; suggestion: a per-pod AverageValue',
  kinds: ['HorizontalPodAutoscaler'],
  check(manifest) {
    if (manifest.apiVersion === 'autoscaling/v1') return [];
    const metrics = manifest.seqAt(['spec', 'metrics']);
    if (!metrics) return [];
    const findings: RuleFinding[] = [];
    metrics.items.forEach((item, index) => {
      const metric = manifest.resolve(item);
      if (!isMap(metric)) return;
      const metricType = manifest.stringAt(['type'], metric) ?? '';
      const sourceKey = SOURCE_KEY[metricType];
      const source = sourceKey ? manifest.nodeAt([sourceKey], metric) : undefined;
      if (!isMap(source)) return;
      const path: YamlPath = ['spec', 'metrics', index, sourceKey];
      findings.push(...checkLegacy(manifest, metricType, source, path));
      const targetPair = manifest.pairIn(source, 'target');
      const target = manifest.resolve(targetPair?.value);
      if (targetPair && isMap(target))
        findings.push(...checkTarget(manifest, metricType, targetPair, target, [...path, 'target']));
    });
    return findings;
  },
};

function checkTarget(
  manifest: KnownManifest,
  metricType: string,
  targetPair: Pair<Scalar, Node | null>,
  target: YAMLMap,
  path: YamlPath,
): RuleFinding[] {
  const present = Object.keys(TYPE_OF_FIELD).filter((field) => manifest.pairIn(target, field));
  const typePair = manifest.pairIn(target, 'type');
  const typeValue = manifest.stringAt(['type'], target);
  const onResource = metricType === 'Resource' || metricType === 'ContainerResource';
  const impliedType = present.length === 1 ? TYPE_OF_FIELD[present[0]] : undefined;
  // A Resource metric never takes a Value target: a lone `value:` implies nothing the API server would accept.
  const implied = impliedType === 'Value' && onResource ? undefined : impliedType;
  if (!typePair || typeValue === undefined) {
    const fixes: Fix[] = [];
    if (implied && isBlockMap(target)) {
      const line = indentLines([`type: ${implied}`], mapIndent(manifest, target));
      const lines = typePair && pairLines(manifest, typePair);
      const edit = lines
        ? replaceText(manifest, lines.start, lines.end, line)
        : insertText(manifest, endOfMap(manifest, target), line);
      fixes.push({ title: messages.setType(implied), edits: [edit], isPreferred: true });
    }
    return [{ range: manifest.rangeOf(targetPair.key), message: messages.typeMissing(path, present[0]), fixes }];
  }
  const typeNode = typePair.value as Node;
  if (!(typeValue in VALUE_FIELD)) {
    const guess = implied ?? (closestMatch(typeValue, Object.keys(VALUE_FIELD)) as TargetType | undefined);
    const fixes: Fix[] = guess
      ? [{ title: messages.setType(guess), edits: [replaceNode(manifest, typeNode, guess)], isPreferred: true }]
      : [];
    return [{ range: manifest.rangeOf(typeNode), message: messages.typeInvalid([...path, 'type'], typeValue), fixes }];
  }
  const type = typeValue as TargetType;
  const typeRange = manifest.rangeOf(typeNode);
  // What the API server itself requires of this source's value fields (validate*Source): when that holds, a type
  // that names another field is accepted, and the controller reads the fields, not the type, except for Object
  // metrics (computeStatusForObjectMetric goes by the type): a warning then, not an error.
  const sourceProblem = sourceRequirement(metricType, present);
  const works = sourceProblem === undefined && metricType !== 'Object';
  const softly = works ? { severity: DiagnosticSeverity.Warning } : {};
  const values = checkValues(manifest, target, path);
  if (type === 'Utilization' && metricType !== 'Resource' && metricType !== 'ContainerResource') {
    return [
      { range: typeRange, message: messages.utilizationNotAllowed([...path, 'type'], metricType), ...softly },
      ...values,
    ];
  }
  if (type === 'Value' && (metricType === 'Resource' || metricType === 'ContainerResource')) {
    // validateResourceSource needs averageUtilization or averageValue; a Value target can never satisfy it. The fix
    // changes a total into a per-pod average, which is not the same number: offered, never applied by fix-all.
    const valuePair = manifest.pairIn(target, 'value');
    const fixes: Fix[] = valuePair
      ? [
          {
            title: messages.toAverageValue,
            edits: [
              replaceNode(manifest, typeNode, 'AverageValue'),
              replaceNode(manifest, valuePair.key, 'averageValue'),
            ],
          },
        ]
      : [];
    return [
      works
        ? { range: typeRange, message: messages.typeIgnored([...path, 'type'], type, present), ...softly }
        : { range: typeRange, message: messages.valueNotAllowed([...path, 'type'], metricType), fixes },
      ...values,
    ];
  }
  if (present.includes(VALUE_FIELD[type])) {
    return sourceProblem ? [{ range: typeRange, message: `${formatPath(path)}: ${sourceProblem}` }, ...values] : values;
  }
  if (present.length === 0) return [{ range: typeRange, message: messages.noValue(path, type) }];
  const other = present[0];
  const fixes: Fix[] = [];
  if (implied && (implied !== 'Utilization' || metricType === 'Resource' || metricType === 'ContainerResource')) {
    fixes.push({
      title: messages.setType(implied),
      edits: [replaceNode(manifest, typeNode, implied)],
      isPreferred: true,
    });
  }
  const otherPair = manifest.pairIn(target, other);
  const otherValue = manifest.stringAt([other], target);
  const fitsRename = type !== 'Utilization' || (otherValue !== undefined && /^\d+$/.test(otherValue));
  if (otherPair && fitsRename)
    fixes.push({
      title: messages.renameField(other, VALUE_FIELD[type]),
      edits: [replaceNode(manifest, otherPair.key, VALUE_FIELD[type])],
    });
  return [{ range: typeRange, message: messages.mismatch(path, type, other), fixes, ...softly }, ...values];
}

/**
 * What validateResourceSource, validatePodsSource, validateObjectSource and validateExternalSource require of the
 * value fields, whatever the type says; undefined when the fields are acceptable.
 */
function sourceRequirement(metricType: string, present: readonly string[]): string | undefined {
  const has = (field: string) => present.includes(field);
  switch (metricType) {
    case 'Resource':
    case 'ContainerResource':
      if (!has('averageUtilization') && !has('averageValue'))
        return `${metricType} metrics need averageUtilization or averageValue`;
      if (has('averageUtilization') && has('averageValue'))
        return 'may not set both averageUtilization and averageValue (the API server refuses it)';
      return undefined;
    case 'Pods':
      return has('averageValue') ? undefined : 'Pods metrics need averageValue (a per-pod target)';
    case 'Object':
      return has('value') || has('averageValue') ? undefined : 'Object metrics need value or averageValue';
    case 'External':
      if (!has('value') && !has('averageValue')) return 'External metrics need value or averageValue';
      if (has('value') && has('averageValue'))
        return 'may not set both value and averageValue (the API server refuses it)';
      return undefined;
    default:
      return undefined;
  }
}

/** validateMetricTarget: value and averageValue are quantities above 0, averageUtilization at least 1. */
function checkValues(manifest: KnownManifest, target: YAMLMap, path: YamlPath): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const field of ['value', 'averageValue', 'averageUtilization']) {
    const node = manifest.nodeAt([field], target);
    if (!isScalar(node) || node.value === null || isPlaceholder(node.value)) continue;
    // kubectl reads YAML 1.1, where a plain 1_000 is the integer 1000 (a YAML 1.2 reader sees a string).
    const yaml11Number = node.type === 'PLAIN' && typeof node.value === 'string' && /^[-+]?\d[\d_]*$/.test(node.value);
    const written = yaml11Number ? Number(String(node.value).replace(/_/g, '')) : node.value;
    if (typeof written !== 'string' && typeof written !== 'number') continue;
    if (field === 'averageUtilization') {
      if (typeof written === 'number' && written < 1)
        findings.push({ range: manifest.rangeOf(node), message: messages.notPositive([...path, field], written) });
      continue;
    }
    const sign = quantitySign(written);
    if (sign === undefined)
      findings.push({ range: manifest.rangeOf(node), message: messages.notQuantity([...path, field], written) });
    else if (sign !== 1)
      findings.push({ range: manifest.rangeOf(node), message: messages.notPositive([...path, field], written) });
  }
  return findings;
}

/**
 * `targetAverageUtilization: 70` (v2beta1) -> `target: {type: Utilization, averageUtilization: 70}`. A `targetValue`
 * on a Resource metric (which v2beta1 never had) does not become `type: Value`: the API server rejects a Value target
 * there (validateResourceSource), so the only conversion is a per-pod AverageValue, a different number: a suggestion.
 */
function checkLegacy(manifest: KnownManifest, metricType: string, source: YAMLMap, path: YamlPath): RuleFinding[] {
  if (manifest.pairIn(source, 'target')) return [];
  const onResource = metricType === 'Resource' || metricType === 'ContainerResource';
  const findings: RuleFinding[] = [];
  for (const [field, legacyType] of Object.entries(LEGACY_TARGET)) {
    const pair = manifest.pairIn(source, field);
    if (!pair || !pair.value) continue;
    const value = manifest.text.slice(pair.value.range?.[0] ?? 0, pair.value.range?.[1] ?? 0);
    const asValue = legacyType === 'Value' && onResource;
    const type: TargetType = asValue ? 'AverageValue' : legacyType;
    const fixes: Fix[] = [];
    if (isBlockMap(source)) {
      const lines = pairLines(manifest, pair);
      const block = indentLines(
        ['target:', `  type: ${type}`, `  ${VALUE_FIELD[type]}: ${value}`],
        manifest.columnOf(pair.key),
      );
      fixes.push({
        title: asValue ? messages.toAverageValue : messages.convertLegacy,
        edits: [replaceText(manifest, lines.start, lines.end, block)],
        isPreferred: !asValue,
      });
    }
    findings.push({
      range: manifest.rangeOf(pair.key),
      message: asValue
        ? messages.valueNotAllowed([...path, field], metricType)
        : messages.legacy([...path, field], field, type),
      fixes,
    });
  }
  return findings;
}
