import { isScalar } from 'yaml';
import type { Node, Pair, Scalar, YAMLMap } from 'yaml';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Fix, RuleFinding } from '../../types';
import { formatPath, type YamlPath } from '../../yaml/parsedYaml';
import {
  endOfMap,
  indentLines,
  isBlockMap,
  mapIndent,
  pairLines,
  reindent,
  replaceText,
  insertText,
} from '../../yaml/edits';
import type { KnownManifest } from '../manifest';
import type { KubernetesRule } from './rule';
import { CONTAINER_ONLY_FIELDS } from '../../../../schemas/podFields';
import { WORKLOAD_KINDS } from '../kinds';
import { podSpecPath } from '../podSpec';

/** Container fields that a pod spec does not have: written there, they were meant for a container. Listed at build
 * time (scripts/gen-schemas.mjs) from the schema's definitions, which a check then need not parse to load this rule. */
const CONTAINER_ONLY = new Set(CONTAINER_ONLY_FIELDS);

export const messages = {
  misplaced: (field: string, at: YamlPath) =>
    `${formatPath([...at, field])}: "${field}" is a container field, written at pod level; it belongs in ${formatPath([...at, 'containers'])}[]`,
  moveInto: (field: string, container: string) => `Move "${field}" into container "${container}"`,
  createContainer: (field: string) => `Move "${field}" into a new container`,
};

/**
 * Container fields (`image:`, `ports:`, `env:`, ...) written directly under `spec.template.spec`, the mistake an
 * indentation slip makes. The fix moves the field, its comments and formatting intact, into the container.
 */
export const podFieldMisplacedRule: KubernetesRule = {
  id: 'k8s/pod-field-misplaced',
  severity: DiagnosticSeverity.Error,
  description:
    'container fields (`image:`, `ports:`, `env:`, ...) written directly under the pod spec (`spec.template.spec`, or where the kind keeps its pod template)',
  family: 'kubernetes-structure',
  reference: 'strict field validation (kubectl --validate=strict, the default since 1.25): unknown fields are rejected',
  fix: 'move them into the container (or make one)',
  kinds: WORKLOAD_KINDS,
  check(manifest) {
    const podSpecAt = podSpecPath(manifest);
    const podSpec = manifest.mapAt(podSpecAt);
    if (!podSpec) return [];
    const misplaced = podSpec.items.filter(
      (item): item is Pair<Scalar, Node | null> => isScalar(item.key) && CONTAINER_ONLY.has(String(item.key.value)),
    );
    const newContainer = newContainerFix(manifest, podSpec, misplaced);
    return misplaced.map((pair): RuleFinding => ({
      range: manifest.rangeOf(pair.key),
      message: messages.misplaced(String(pair.key.value), podSpecAt),
      fixes: newContainer ? [newContainer] : moveFixes(manifest, pair),
    }));
  },
};

/** When the pod has no container yet, one fix makes one, named after the Deployment, around all the stray fields. */
function newContainerFix(
  manifest: KnownManifest,
  podSpec: YAMLMap,
  misplaced: Pair<Scalar, Node | null>[],
): Fix | undefined {
  const containers = manifest.seqAt([...podSpecPath(manifest), 'containers']);
  if (misplaced.length === 0 || !isBlockMap(podSpec) || (containers && containers.items.length > 0)) return undefined;
  const podIndent = mapIndent(manifest, podSpec);
  let body = '';
  const edits = misplaced.map((pair) => {
    const lines = pairLines(manifest, pair);
    body += ensureNewline(
      reindent(manifest.text.slice(lines.start, lines.end), manifest.columnOf(pair.key), podIndent + 4),
    );
    return replaceText(manifest, lines.start, lines.end, '');
  });
  const text = indentLines(['containers:', `  - name: ${manifest.name ?? 'app'}`], podIndent) + body;
  const emptyContainers = manifest.pairIn(podSpec, 'containers');
  if (emptyContainers) {
    const lines = pairLines(manifest, emptyContainers);
    edits.push(replaceText(manifest, lines.start, lines.end, text));
  } else {
    edits.push(insertText(manifest, endOfMap(manifest, podSpec), text));
  }
  const fields = misplaced.map((pair) => String(pair.key.value));
  return { title: messages.createContainer(fields.join(', ')), edits, isPreferred: true };
}

/** Moves one stray field into an existing container; the preferred fix when there is exactly one. */
function moveFixes(manifest: KnownManifest, pair: Pair<Scalar, Node | null>): Fix[] {
  const field = String(pair.key.value);
  const lines = pairLines(manifest, pair);
  const block = manifest.text.slice(lines.start, lines.end);
  const fromIndent = manifest.columnOf(pair.key);
  const remove = replaceText(manifest, lines.start, lines.end, '');
  const containers = manifest.seqAt([...podSpecPath(manifest), 'containers']);
  if (!containers) return [];
  const fixes: Fix[] = [];
  for (const container of containers.items) {
    if (!isBlockMap(container)) continue;
    if (manifest.pairIn(container, field)) continue; // the container has its own: moving would duplicate the key
    const name = manifest.pairIn(container, 'name')?.value;
    const toIndent = mapIndent(manifest, container);
    const at = endOfMap(manifest, container);
    fixes.push({
      title: messages.moveInto(field, isScalar(name) ? String(name.value) : '(unnamed)'),
      edits: [remove, insertText(manifest, at, ensureNewline(reindent(block, fromIndent, toIndent)))],
      isPreferred: containers.items.length === 1,
    });
  }
  return fixes;
}

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : text + '\n';
}
