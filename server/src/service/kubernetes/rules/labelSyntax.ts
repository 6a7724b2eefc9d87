import { isMap } from 'yaml';
import type { YAMLMap } from 'yaml';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import { formatPath, type YamlPath } from '../../yaml/parsedYaml';
import type { KnownManifest } from '../manifest';
import { literalPairs, literalString, mapItems } from '../validation/literals';
import { labelValueErrors, qualifiedNameErrors } from '../validation/names';
import type { KubernetesRule } from './rule';

/** TotalAnnotationSizeLimitB: the keys and values of one object's annotations, in bytes. */
export const ANNOTATIONS_MAX_BYTES = 256 * 1024;

export const messages = {
  key: (path: string, key: string, reasons: string[]) =>
    `${path}: key "${key}" is not a valid qualified name: ${reasons.join('; ')} (the API server rejects it)`,
  value: (path: string, value: string, reasons: string[]) =>
    `${path}: value "${value.length > 80 ? value.slice(0, 80) + '…' : value}" is not a valid label value: ${reasons.join('; ')} (the API server rejects it)`,
  annotationsSize: (path: string, bytes: number) =>
    `${path}: the annotations take ${bytes} bytes, over the ${ANNOTATIONS_MAX_BYTES} (256 KiB) the API server accepts`,
};

/**
 * Label keys and values, annotation keys and the annotations' total size, as ValidateLabels, ValidateAnnotations
 * (apimachinery pkg/api/validation) and ValidateLabelSelector check them: keys are qualified names (`prefix/name`, the
 * name at most 63 characters), label values at most 63 characters of alphanumerics, `-`, `_`, `.`. Read in the object's
 * metadata, the pod template's metadata and the selector (a matchExpressions value that is no label value is rejected
 * by ValidateLabelSelectorRequirement, and by older servers as "invalid label selector": LabelSelectorAsSelector).
 */
export const labelSyntaxRule: KubernetesRule = {
  id: 'k8s/label-syntax',
  severity: DiagnosticSeverity.Error,
  description:
    'a label or annotation key that is not a qualified name, a label value over 63 characters or with other characters than alphanumerics, `-`, `_`, `.`, or annotations over 256 KiB',
  family: 'kubernetes-deployment',
  reference:
    'apimachinery pkg/api/validation: ValidateAnnotations; pkg/apis/meta/v1/validation: ValidateLabels, ValidateLabelSelector; util/validation: IsQualifiedName, IsValidLabelValue',
  kinds: ['Deployment'],
  check(manifest) {
    const findings: RuleFinding[] = [];
    for (const metadata of [['metadata'], ['spec', 'template', 'metadata']]) {
      checkLabels(manifest, manifest.mapAt([...metadata, 'labels']), [...metadata, 'labels'], findings);
      checkAnnotations(manifest, manifest.mapAt([...metadata, 'annotations']), [...metadata, 'annotations'], findings);
    }
    const selector: YamlPath = ['spec', 'selector'];
    checkLabels(manifest, manifest.mapAt([...selector, 'matchLabels']), [...selector, 'matchLabels'], findings);
    mapItems(manifest, manifest.nodeAt([...selector, 'matchExpressions'])).forEach((expression, index) => {
      const path = [...selector, 'matchExpressions', index];
      const keyNode = manifest.nodeAt(['key'], expression);
      const key = literalString(keyNode);
      const keyReasons = key === undefined ? [] : qualifiedNameErrors(key);
      if (keyNode && key !== undefined && keyReasons.length > 0)
        findings.push({
          range: manifest.rangeOf(keyNode),
          message: messages.key(formatPath([...path, 'key']), key, keyReasons),
        });
      const values = manifest.seqAt(['values'], expression);
      values?.items.forEach((item, valueIndex) => {
        const value = literalString(manifest.resolve(item));
        const reasons = value === undefined ? [] : labelValueErrors(value);
        if (value !== undefined && reasons.length > 0)
          findings.push({
            range: manifest.rangeOf(manifest.resolve(item)!),
            message: messages.value(formatPath([...path, 'values', valueIndex]), value, reasons),
          });
      });
    });
    return findings;
  },
};

function checkLabels(manifest: KnownManifest, labels: YAMLMap | undefined, path: YamlPath, findings: RuleFinding[]) {
  for (const { pair, key, keyNode } of literalPairs(labels)) {
    const keyReasons = qualifiedNameErrors(key);
    if (keyReasons.length > 0)
      findings.push({ range: manifest.rangeOf(keyNode), message: messages.key(formatPath(path), key, keyReasons) });
    // A number or boolean value is the schema's type error; only strings are judged here.
    const valueNode = manifest.resolve(pair.value);
    const value = literalString(valueNode);
    const reasons = value === undefined ? [] : labelValueErrors(value);
    if (valueNode && value !== undefined && reasons.length > 0)
      findings.push({
        range: manifest.rangeOf(valueNode),
        message: messages.value(formatPath([...path, key]), value, reasons),
      });
  }
}

function checkAnnotations(
  manifest: KnownManifest,
  annotations: YAMLMap | undefined,
  path: YamlPath,
  findings: RuleFinding[],
) {
  if (!annotations || !isMap(annotations)) return;
  let chars = 0;
  for (const { pair, key, keyNode } of literalPairs(annotations)) {
    // ValidateAnnotations lower-cases the key first: `Example.com/Key` is accepted.
    const reasons = qualifiedNameErrors(key.toLowerCase());
    if (reasons.length > 0)
      findings.push({ range: manifest.rangeOf(keyNode), message: messages.key(formatPath(path), key, reasons) });
    const value = manifest.resolve(pair.value);
    chars += key.length + (value?.range ? value.range[1] - value.range[0] : 0);
  }
  // Bytes, not characters; a UTF-8 character is at most 4 bytes, so only a map that may be over the limit is counted.
  if (chars * 4 <= ANNOTATIONS_MAX_BYTES) return;
  let bytes = 0;
  for (const { pair, key } of literalPairs(annotations)) {
    const value = manifest.resolve(pair.value);
    const text = value && 'value' in value ? String((value as { value: unknown }).value ?? '') : '';
    bytes += utf8Length(key) + utf8Length(text);
  }
  if (bytes > ANNOTATIONS_MAX_BYTES)
    findings.push({
      range: manifest.rangeOf(manifest.pairAt(path)?.key ?? annotations),
      message: messages.annotationsSize(formatPath(path), bytes),
    });
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      index++;
    } else bytes += 3;
  }
  return bytes;
}
