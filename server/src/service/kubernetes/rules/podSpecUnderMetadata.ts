import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import { endOfMap, insertText, isBlockMap, pairLines, reindent, replaceText } from '../../yaml/edits';
import type { KubernetesRule } from './rule';
import { formatPath, type YamlPath } from '../../yaml/parsedYaml';
import { WORKLOAD_KINDS } from '../kinds';
import { podTemplatePath } from '../podSpec';

export const messages = {
  nested: (template: YamlPath) =>
    `${formatPath([...template, 'metadata', 'spec'])}: the pod spec is indented under the template's metadata; it belongs at ${formatPath([...template, 'spec'])}`,
  fixTitle: 'Move the pod spec out of metadata',
};

/**
 * A pod `spec:` indented one level too deep, under `template.metadata`. The API server then sees a template with
 * no pod spec at all ("spec.template.spec.containers: Required value"), which does not say what went wrong.
 */
export const podSpecUnderMetadataRule: KubernetesRule = {
  id: 'k8s/pod-spec-under-metadata',
  severity: DiagnosticSeverity.Error,
  description: 'the pod `spec:` indented under `spec.template.metadata`',
  family: 'kubernetes-structure',
  reference: 'strict field validation: ObjectMeta has no spec field',
  fix: 'move it beside `metadata`',
  kinds: WORKLOAD_KINDS,
  check(manifest) {
    const templatePath = podTemplatePath(manifest.kind) ?? ['spec', 'template'];
    const template = manifest.mapAt(templatePath);
    const metadataPair = template && manifest.pairIn(template, 'metadata');
    const metadata = manifest.mapAt([...templatePath, 'metadata']);
    const nested = metadata && manifest.pairIn(metadata, 'spec');
    if (!template || !metadataPair || !metadata || !nested) return [];
    const finding: RuleFinding = { range: manifest.rangeOf(nested.key), message: messages.nested(templatePath) };
    // Only when the template has no spec of its own: otherwise moving would make a duplicate key.
    if (isBlockMap(template) && isBlockMap(metadata) && !manifest.pairIn(template, 'spec')) {
      const lines = pairLines(manifest, nested);
      const block = manifest.text.slice(lines.start, lines.end);
      const moved = reindent(block, manifest.columnOf(nested.key), manifest.columnOf(metadataPair.key));
      const at = endOfMap(manifest, template);
      finding.fixes = [
        {
          title: messages.fixTitle,
          edits: [
            replaceText(manifest, lines.start, lines.end, ''),
            insertText(manifest, at, moved.endsWith('\n') ? moved : moved + '\n'),
          ],
          isPreferred: true,
        },
      ];
    }
    return [finding];
  },
};
