import { posix } from 'node:path';
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { Range } from 'vscode-languageserver-types';
import type { KubernetesVersion } from '../../../../common/src/contract';
import { analyzeYamlDocument, WHOLE_OBJECT } from '../kubernetes/analyze';
import { skaffoldProjectsAbove } from '../kubernetes/skaffold';
import { pathAt } from '../helm/rendered';
import type { Finding } from '../types';
import { splitYamlDocuments } from '../yaml/chunks';
import { ParsedYaml, type YamlPath } from '../yaml/parsedYaml';
import type { OverlaySource } from './overlay';

export const BUILT_NOTE = '(in the overlay built by kubectl kustomize)';

/**
 * The keys kustomize's strategic merge matches list items by (the `patchMergeKey`s of the Kubernetes types, by the
 * list's field name): a built object's `containers[2]` is the patch's item with the same `name`, wherever it stands.
 * A patch writes an item's merge key to say which item it patches, not to set it.
 */
const MERGE_KEYS: Readonly<Record<string, string>> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  imagePullSecrets: 'name',
  ports: 'containerPort',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  hostAliases: 'ip',
  tolerations: 'key',
};

/** A document of an overlay source file, parsed, with the line it starts on and what it names. */
interface SourceDocument {
  source: OverlaySource;
  yaml: ParsedYaml;
  line: number;
  kind?: string;
  name?: string;
}

/**
 * Checks every object of `kubectl kustomize` output with the full checks, and places each finding on the
 * line of the overlay source that set the field: found by the object's kind and name, then by the field's path (the
 * latest patch that sets it, else the resource it comes from; the document's first line when no closer line is
 * known). `textOf` gives a source file's text (the editor's when open). Fixes are dropped: they would edit the build.
 */
export function checkBuiltOverlay(
  output: string,
  sources: readonly OverlaySource[],
  textOf: (path: string) => string | undefined,
  kustomizationFile?: string,
  kubernetesVersion?: KubernetesVersion,
): Map<string, Finding[]> {
  const documents = sourceDocuments(sources, textOf);
  const placed = new Map<string, Finding[]>();
  // A skaffold project around the overlay deploys the images it builds with their built tags (skaffold.ts).
  const taggedImages = kustomizationFile === undefined ? [] : skaffoldImagesAbove(kustomizationFile, textOf);
  for (const chunk of splitYamlDocuments(output)) {
    // Against the target version, as the sources themselves are (the newest bundled when none is given).
    const analysis = analyzeYamlDocument(chunk.text, { ...WHOLE_OBJECT, kubernetesVersion, taggedImages });
    if (analysis.findings.length === 0) continue;
    const built = new ParsedYaml(chunk.text);
    const kind = built.stringAt(['kind']);
    const name = built.stringAt(['metadata', 'name']);
    // The same name first: namePrefix/nameSuffix make `web` match `web-canary` too.
    const candidates = documents
      .filter((document) => appliesTo(document, kind, name))
      .sort((a, b) => Number(b.name === name) - Number(a.name === name));
    for (const found of analysis.findings) {
      const { path } = pathAt(built, offsetOf(chunk.text, found.range.start.line, found.range.start.character));
      // An object no file of the overlay names (a generator's): the kustomization's first line.
      const where =
        place(built, candidates, path, found.code) ??
        (kustomizationFile !== undefined
          ? { path: kustomizationFile, range: firstLineOf(textOf(kustomizationFile) ?? '') }
          : undefined);
      if (!where) continue;
      const list = placed.get(where.path) ?? [];
      list.push({ ...found, message: `${found.message} ${BUILT_NOTE}`, range: where.range, fixes: [] });
      placed.set(where.path, list);
    }
  }
  return placed;
}

function sourceDocuments(
  sources: readonly OverlaySource[],
  textOf: (path: string) => string | undefined,
): SourceDocument[] {
  const documents: SourceDocument[] = [];
  for (const source of sources) {
    const text = textOf(source.path);
    if (text === undefined) continue;
    for (const chunk of splitYamlDocuments(text)) {
      if (!/\S/.test(chunk.text.replace(/^---.*$/m, ''))) continue;
      const yaml = new ParsedYaml(chunk.text);
      documents.push({
        source,
        yaml,
        line: chunk.line,
        kind: yaml.stringAt(['kind']),
        name: yaml.stringAt(['metadata', 'name']),
      });
    }
  }
  return documents;
}

/** Whether a source document is (or patches) the built object: namePrefix/nameSuffix may have changed its name. */
function appliesTo(document: SourceDocument, kind: string | undefined, name: string | undefined): boolean {
  const target = document.source.target;
  const wantKind = target?.kind ?? document.kind;
  const wantName = target?.name ?? document.name;
  if (wantKind !== undefined && wantKind !== kind) return false;
  if (document.source.role === 'resource' && wantKind === undefined) return false;
  if (wantName === undefined || name === undefined) return document.source.role === 'patch' && target !== undefined;
  return name === wantName || name.includes(wantName);
}

/** Where a finding at a built field path goes: the latest patch that sets it, else its resource, else a first line. */
function place(
  built: ParsedYaml,
  candidates: readonly SourceDocument[],
  path: YamlPath,
  code: string,
): { path: string; range: Range } | undefined {
  const patches = candidates
    .filter((document) => document.source.role === 'patch')
    .sort((a, b) => b.source.order - a.source.order);
  // A selector that no longer matches its template: the side an overlay changed is where the mistake was made.
  const alternatives = [path];
  if (
    code === 'k8s/selector-mismatch' &&
    path[0] === 'spec' &&
    path[1] === 'selector' &&
    path[2] === 'matchLabels' &&
    typeof path[3] === 'string'
  ) {
    alternatives.push(['spec', 'template', 'metadata', 'labels', path[3]]);
  }
  // A value used twice in a list (a port name, an env var, a container name): the rule speaks at the second one, but
  // the mistake is adding either; a patch that set any of the equal items is where it was made.
  if (DUPLICATE_CODES.has(code)) alternatives.push(...duplicatesOf(built, path));
  for (const wanted of alternatives) {
    for (const patch of patches) {
      const range = patch.source.json6902 ? jsonPatchRange(patch, wanted) : fieldRange(built, patch, wanted, true);
      if (range) return { path: patch.source.path, range };
    }
  }
  const resource = candidates.find((document) => document.source.role === 'resource');
  // A list item no resource has, which a patch adds (a container by its name): the patch's, though a patch only
  // passes through the merge keys of the items it changes.
  if (!resource || !fieldRange(built, resource, path, true, true))
    for (const patch of patches) {
      const range = patch.source.json6902 ? undefined : fieldRange(built, patch, path, true, true);
      if (range) return { path: patch.source.path, range };
    }
  if (resource)
    return { path: resource.source.path, range: fieldRange(built, resource, path, false) ?? firstLine(resource) };
  const patch = patches[0];
  return patch ? { path: patch.source.path, range: firstLine(patch) } : undefined;
}

const DUPLICATE_CODES = new Set(['k8s/container-port', 'k8s/env-duplicate', 'k8s/container-name-duplicate']);

/** For `...list[i].key`: the paths `...list[j].key` of the other items of the built list with the same value. */
function duplicatesOf(built: ParsedYaml, path: YamlPath): YamlPath[] {
  const key = path[path.length - 1];
  const index = path[path.length - 2];
  if (typeof key !== 'string' || typeof index !== 'number') return [];
  const list = built.nodeAt(path.slice(0, -2));
  const value = built.nodeAt(path);
  if (!isSeq(list) || !isScalar(value)) return [];
  const paths: YamlPath[] = [];
  list.items.forEach((item, other) => {
    const candidate = isMap(item) ? built.nodeAt([key], item) : undefined;
    if (other !== index && isScalar(candidate) && candidate.value === value.value)
      paths.push([...path.slice(0, -2), other, key]);
  });
  return paths;
}

/**
 * The range of a field in a source document, following the built path (list items by their merge key): with
 * `complete`, only when the document has the whole path; otherwise as deep as it goes.
 */
function fieldRange(
  built: ParsedYaml,
  document: SourceDocument,
  path: YamlPath,
  complete: boolean,
  /** Whether a list item's merge key counts as set where it is written (as it does in the document that adds the item). */
  mergeKeySets = false,
): Range | undefined {
  const { yaml } = document;
  let node: Node | undefined = yaml.root ?? undefined;
  let range: Range | undefined;
  for (let step = 0; step < path.length; step++) {
    const key = path[step];
    if (typeof key === 'string' && isMap(node)) {
      const pair = yaml.pairIn(node, key);
      if (!pair) return complete ? undefined : range && shift(range, document.line);
      range = yaml.rangeOf(pair.key);
      node = yaml.resolve(pair.value);
    } else if (typeof key === 'number' && isSeq(node)) {
      const item = matchingItem(
        built,
        path.slice(0, step + 1),
        MERGE_KEYS[String(path[step - 1])],
        yaml,
        node.items as Node[],
      );
      if (!item) return complete ? undefined : range && shift(range, document.line);
      node = item;
      range = lineOf(yaml, item);
    } else {
      return complete ? undefined : range && shift(range, document.line);
    }
  }
  // A patch "sets" a leaf, a list, or a map under a key of its own; the maps and list items it only passes through on
  // the way there (spec, template, the container it names) are the base's.
  const last = path[path.length - 1];
  if (complete && isMap(node) && (typeof last !== 'string' || SPINE.has(last))) return undefined;
  if (
    complete &&
    !mergeKeySets &&
    path.length >= 3 &&
    typeof path[path.length - 2] === 'number' &&
    MERGE_KEYS[String(path[path.length - 3])] === last
  )
    return undefined;
  if (isScalar(node) && node.range && node.range[1] > node.range[0] && path.length > 0) range = yaml.rangeOf(node);
  return range && shift(range, document.line);
}

const SPINE = new Set(['spec', 'template', 'metadata']);

/** The source list item that the built item at `itemPath` came from: same merge-key value, else the same index. */
function matchingItem(
  built: ParsedYaml,
  itemPath: YamlPath,
  mergeKey: string | undefined,
  yaml: ParsedYaml,
  items: Node[],
): Node | undefined {
  const builtItem = built.nodeAt(itemPath);
  const wanted = mergeKey && isMap(builtItem) ? built.nodeAt([mergeKey], builtItem) : undefined;
  if (mergeKey && isScalar(wanted)) {
    return items
      .map((item) => yaml.resolve(item))
      .find((item) => {
        const key = isMap(item) ? yaml.nodeAt([mergeKey], item) : undefined;
        return isScalar(key) && key.value === wanted.value;
      });
  }
  const index = itemPath[itemPath.length - 1] as number;
  return index < items.length ? yaml.resolve(items[index]) : undefined;
}

/** The `value` of the latest operation of a JSON 6902 patch whose path leads to the field (or to a field above it). */
function jsonPatchRange(document: SourceDocument, path: YamlPath): Range | undefined {
  const { yaml } = document;
  const operations = yaml.root;
  if (!isSeq(operations)) return undefined;
  for (const item of [...operations.items].reverse()) {
    const operation = yaml.resolve(item);
    if (!isMap(operation)) continue;
    const op = yaml.stringAt(['op'], operation);
    const pointer = yaml.stringAt(['path'], operation);
    if (op === 'remove' || op === 'test' || pointer === undefined) continue;
    const steps = pointer
      .split('/')
      .slice(1)
      .map((step) => step.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (steps.length > path.length || !steps.every((step, index) => step === String(path[index]) || step === '-'))
      continue;
    const value = operation.get('value', true) as Node | undefined;
    const rest = path.slice(steps.length);
    const inner = value ? deepest(yaml, value, rest) : undefined;
    return shift(inner ?? yaml.rangeOf((operation.get('path', true) as Node | undefined) ?? operation), document.line);
  }
  return undefined;
}

function deepest(yaml: ParsedYaml, from: Node, rest: YamlPath): Range | undefined {
  let node: Node | undefined = yaml.resolve(from);
  let range = node && isScalar(node) ? yaml.rangeOf(node) : node ? lineOf(yaml, node) : undefined;
  for (const key of rest) {
    if (typeof key === 'string' && isMap(node)) {
      const pair = yaml.pairIn(node, key);
      if (!pair) break;
      range = yaml.rangeOf(pair.key);
      node = yaml.resolve(pair.value);
    } else if (typeof key === 'number' && isSeq(node) && key < node.items.length) {
      node = yaml.resolve(node.items[key]);
      if (node) range = lineOf(yaml, node);
    } else break;
  }
  if (isScalar(node) && node.range && node.range[1] > node.range[0]) range = yaml.rangeOf(node);
  return range;
}

function lineOf(yaml: ParsedYaml, node: Node): Range {
  const [start, end] = node.range ?? [0, 0];
  const lineEnd = yaml.text.indexOf('\n', start);
  return yaml.rangeAt(start, lineEnd === -1 ? end : Math.min(lineEnd, end));
}

function firstLine(document: SourceDocument): Range {
  const match = /^(?!---)(?!#)\S.*$/m.exec(document.yaml.text);
  const range = match
    ? document.yaml.rangeAt(match.index, match.index + match[0].trimEnd().length)
    : document.yaml.rangeAt(0, 0);
  return shift(range, document.line);
}

function firstLineOf(text: string): Range {
  const line = text.split('\n')[0] ?? '';
  return { start: { line: 0, character: 0 }, end: { line: 0, character: line.trimEnd().length } };
}

function shift(range: Range, lines: number): Range {
  return {
    start: { line: range.start.line + lines, character: range.start.character },
    end: { line: range.end.line + lines, character: range.end.character },
  };
}

function offsetOf(text: string, line: number, character: number): number {
  let offset = 0;
  for (let current = 0; current < line; current++) {
    const next = text.indexOf('\n', offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  return offset + character;
}

/** The images the skaffold.yaml files in the folders above a file (`/`-separated) build. */
function skaffoldImagesAbove(file: string, textOf: (path: string) => string | undefined): string[] {
  return skaffoldProjectsAbove(posix.dirname(file), textOf).flatMap(({ artifacts }) =>
    artifacts.map((artifact) => artifact.image),
  );
}
