import { isMap, isScalar } from 'yaml';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Fix, RuleFinding } from '../../types';
import { formatPath, type YamlPath } from '../../yaml/parsedYaml';
import { replaceNode } from '../../yaml/edits';
import { isPlaceholder } from '../placeholders';
import type { KubernetesRule } from './rule';

/** Each metric type and the one key its source sits under. */
const SOURCE_KEY: Record<string, string> = {
  Resource: 'resource',
  ContainerResource: 'containerResource',
  Pods: 'pods',
  Object: 'object',
  External: 'external',
};
const TYPE_OF_KEY = Object.fromEntries(Object.entries(SOURCE_KEY).map(([type, key]) => [key, type]));

export const messages = {
  missing: (path: YamlPath, type: string, key: string, others: readonly string[]) =>
    `${formatPath(path)}: a ${type} metric needs its source under ${key}${others.length ? `; this metric sets ${others.join(', ')}` : ''}`,
  extra: (path: YamlPath, type: string) =>
    `${formatPath(path)}: a ${type} metric takes only its own source; the API server refuses this one (must populate the given metric source only)`,
  setType: (type: string) => `Set the metric type to ${type}`,
};

/**
 * A metric whose `type` and source disagree: `type: Pods` with no `pods:` (or with `resource:` instead), or a second
 * source beside the right one. The API server refuses both (validateMetricSpec: "must populate information for the
 * given metric source", "must populate the given metric source only").
 */
export const hpaMetricSourceRule: KubernetesRule = {
  id: 'k8s/hpa-metric-source',
  severity: DiagnosticSeverity.Error,
  description:
    'a metric whose `type` has no source of its own (`type: Pods` without `pods:`), or that sets another source beside its own',
  family: 'kubernetes-hpa',
  reference: 'pkg/apis/autoscaling/validation: validateMetricSpec',
  fix: 'the type that matches the only source written (a suggestion)',
  kinds: ['HorizontalPodAutoscaler'],
  check(manifest) {
    if (manifest.apiVersion === 'autoscaling/v1') return [];
    const metrics = manifest.seqAt(['spec', 'metrics']);
    if (!metrics) return [];
    const findings: RuleFinding[] = [];
    metrics.items.forEach((item, index) => {
      const metric = manifest.resolve(item);
      if (!isMap(metric) || metric.items.some((pair) => isScalar(pair.key) && isPlaceholder(pair.key.value))) return;
      const typeNode = manifest.nodeAt(['type'], metric);
      const type = manifest.stringAt(['type'], metric);
      const key = type === undefined ? undefined : SOURCE_KEY[type];
      if (!typeNode || type === undefined || key === undefined) return; // no or unknown type: the schema says so
      const path: YamlPath = ['spec', 'metrics', index];
      // Sources written with a value (a null one is dropped by the server, like an absent one).
      const written = Object.values(SOURCE_KEY).filter((source) => {
        const pair = manifest.pairIn(metric, source);
        return pair !== undefined && pair.value !== null && !(isScalar(pair.value) && pair.value.value === null);
      });
      if (!manifest.pairIn(metric, key)) {
        const others = written.filter((source) => source !== key);
        const fixes: Fix[] =
          others.length === 1
            ? [
                {
                  title: messages.setType(TYPE_OF_KEY[others[0]]),
                  edits: [replaceNode(manifest, typeNode, TYPE_OF_KEY[others[0]])],
                },
              ]
            : [];
        findings.push({
          range: manifest.rangeOf(typeNode),
          message: messages.missing([...path, 'type'], type, key, others),
          fixes,
        });
        return;
      }
      for (const source of written) {
        if (source === key) continue;
        const pair = manifest.pairIn(metric, source);
        if (pair)
          findings.push({ range: manifest.rangeOf(pair.key), message: messages.extra([...path, source], type) });
      }
    });
    return findings;
  },
};
