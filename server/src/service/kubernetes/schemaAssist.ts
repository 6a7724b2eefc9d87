import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CompletionItemKind,
  type CompletionItem,
  type CompletionList,
  type Hover,
  type Position,
  type Range,
  type TextEdit,
} from 'vscode-languageserver-types';
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import {
  KUBERNETES_VERSIONS,
  NEWEST_KUBERNETES_VERSION,
  type KubernetesVersion,
} from '../../../../common/src/contract';
import { addedIn, fieldVersionOf, lacksField } from './fieldVersions';
import { KINDS, schemaFor, type KindName } from './kinds';
import type { KnownManifest } from './manifest';
import { BUNDLED_SCHEMA_IDS, bundledSchema, schemaAt, type BundledSchemaId, type JsonSchema } from './schemas';
import { shiftRange } from './yamlFile';
import type { YamlSchemaLanguage, YamlSchemaLanguageFactory } from '../yaml/schemaLanguage';

/**
 * Completion and hover from the bundled schemas, through a YAML schema language (yaml-language-server, injected:
 * see yaml/schemaLanguage.ts). It only ever sees the one document under the cursor, with that document's own
 * schema: fast on any file size, and no `oneOf` over every kind.
 */
const languages = new WeakMap<YamlSchemaLanguageFactory, Promise<YamlSchemaLanguage>>();

function yamlLanguageService(factory: YamlSchemaLanguageFactory): Promise<YamlSchemaLanguage> {
  let language = languages.get(factory);
  if (!language) {
    // The factory copies them (yaml-language-server resolves `$ref`s in place) or posts them to its worker.
    const schemas = BUNDLED_SCHEMA_IDS.map((id) => ({
      uri: `shipshape://schemas/${id}.json`,
      fileMatch: [`*.${id}.yaml`],
      schema: bundledSchema(id),
    }));
    language = Promise.resolve(factory(schemas));
    languages.set(factory, language);
  }
  return language;
}

/** yaml-language-server caches parses by URI and version: every request gets a new version so none is stale. */
let requestVersion = 0;

function documentFor(manifest: KnownManifest): TextDocument {
  const id = schemaFor(manifest.kind, manifest.apiVersion);
  return TextDocument.create(`shipshape://document/current.${id}.yaml`, 'yaml', ++requestVersion, manifest.text);
}

/**
 * Completion at a position given relative to the document; results come back relative to it too. Keys the target
 * Kubernetes version does not have are not offered.
 */
export async function schemaCompletion(
  manifest: KnownManifest,
  position: Position,
  language: YamlSchemaLanguageFactory,
  target: KubernetesVersion = NEWEST_KUBERNETES_VERSION,
): Promise<CompletionList> {
  const list = await (await yamlLanguageService(language)).complete(documentFor(manifest), position);
  if (!list) return { isIncomplete: false, items: [] };
  return { ...list, items: withTypes(schemaFor(manifest.kind, manifest.apiVersion), list.items, target) };
}

/**
 * Adds each offered key's type as the item's detail (`[]ContainerPort`, `map[string]string`, `integer | string`):
 * yaml-language-server shows the description only. The keys offered together are the properties of one schema
 * definition, minus those already written: the smallest definition that has them all is the one being completed.
 */
function withTypes(id: BundledSchemaId, items: CompletionItem[], target: KubernetesVersion): CompletionItem[] {
  const keys = items.filter((item) => item.kind === CompletionItemKind.Property).map((item) => String(item.label));
  if (keys.length === 0) return items;
  const definitions = bundledSchema(id).definitions ?? {};
  let owner: JsonSchema | undefined;
  for (const definition of Object.values(definitions)) {
    const properties = definition.properties ?? {};
    if (
      keys.every((key) => key in properties) &&
      (!owner || Object.keys(properties).length < Object.keys(owner.properties ?? {}).length)
    ) {
      owner = definition;
    }
  }
  if (!owner) return items;
  return items.flatMap((item) => {
    const property = item.kind === CompletionItemKind.Property ? owner!.properties?.[String(item.label)] : undefined;
    const version = property ? fieldVersionOf(property) : {};
    if (property && lacksField(version, target)) return [];
    // A field newer than the oldest supported version says since when it exists: `ResourceRequirements · 1.32+`.
    const since = addedIn(version);
    return property && !item.detail
      ? [{ ...item, detail: typeName(property) + (since ? ` · Kubernetes ${since}+` : '') }]
      : [item];
  });
}

/** A schema's type the way Kubernetes' API reference writes it. */
export function typeName(schema: JsonSchema): string {
  if (schema.$ref) return schema.$ref.slice(schema.$ref.lastIndexOf('/') + 1).replace(/^V\d+(?:alpha\d+|beta\d+)?/, '');
  if (schema.type === 'array' && schema.items) return `[]${typeName(schema.items)}`;
  if (schema.type === 'object' && typeof schema.additionalProperties === 'object')
    return `map[string]${typeName(schema.additionalProperties)}`;
  if (Array.isArray(schema.type))
    return schema.type.includes('number') ? 'quantity (string or number)' : schema.type.join(' | ');
  if (schema.enum) return schema.enum.map(String).join(' | ');
  return schema.type ?? 'any';
}

/**
 * A field's hover, as the API reference presents it (issue 16): its path, its type as the reference writes it
 * (`[]Container`, `map[string]string`, `integer (int32)`, `Quantity`, `IntOrString`), whether it is required, its
 * description, and the Kubernetes version that added it. Anything else under the cursor: yaml-language-server's.
 */
export async function schemaHover(
  manifest: KnownManifest,
  position: Position,
  language: YamlSchemaLanguageFactory,
  target: KubernetesVersion = NEWEST_KUBERNETES_VERSION,
): Promise<Hover | null> {
  const id = schemaFor(manifest.kind, manifest.apiVersion);
  const field = fieldAt(manifest, offsetOf(manifest.text, position));
  const schema = field ? schemaAt(id, field.path) : undefined;
  if (!field || !schema)
    return (await (await yamlLanguageService(language)).hover(documentFor(manifest), position)) ?? null;
  const name = String(field.path[field.path.length - 1]);
  const parent = schemaAt(id, field.path.slice(0, -1));
  const property = parent?.properties?.[name];
  const required = parent?.required?.includes(name) ?? false;
  // A map's entry (`limits.cpu`, a label) has the map's value type: `map[string]Quantity` -> `Quantity`.
  const mapType = !property && typeof parent?.additionalProperties === 'object' ? apiType(parent) : undefined;
  const type = apiType(property) ?? mapType?.replace(/^map\[string\]/, '') ?? typeName(schema);
  const version = fieldVersionOf(property);
  const added = addedIn(version);
  const versionLine = added
    ? `Added in Kubernetes ${added}${lacksField(version, target) ? ` · **not in ${target}**, the target version (setting \`shipshape.kubernetes.version\`)` : ''}`
    : `In every Kubernetes version Shipshape checks against (${BUNDLED_OLDEST} and later)`;
  const lines = [
    `\`${hoverPath(field.path)}\` · \`${String(type)}\` · ${required ? 'required' : 'optional'}`,
    '',
    ...(schema.description ? [schema.description, ''] : []),
    versionLine,
  ];
  return { contents: { kind: 'markdown', value: lines.join('\n') }, range: manifest.rangeOf(field.key) };
}

const BUNDLED_OLDEST = KUBERNETES_VERSIONS[0];

/** The type as the API reference writes it, recorded by scripts/gen-schemas.mjs on each field. */
function apiType(schema: JsonSchema | undefined): string | undefined {
  return (schema as Record<string, unknown> | undefined)?.['x-kubernetes-type'] as string | undefined;
}

/** `spec.template.spec.containers[].image`: the path of the field, whatever the item. */
function hoverPath(path: ReadonlyArray<string | number>): string {
  return path.map((step, index) => (typeof step === 'number' ? '[]' : index === 0 ? step : `.${step}`)).join('');
}

function offsetOf(text: string, position: Position): number {
  let offset = 0;
  for (let line = 0; line < position.line; line++) {
    const next = text.indexOf('\n', offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  return offset + position.character;
}

/** The key under the cursor, or the key of the scalar value under it, with its path from the document's root. */
function fieldAt(manifest: KnownManifest, offset: number): { path: Array<string | number>; key: Node } | undefined {
  const visit = (node: Node | null | undefined, path: Array<string | number>): ReturnType<typeof fieldAt> => {
    if (!node?.range || offset < node.range[0] || offset > node.range[2]) return undefined;
    if (isSeq(node)) {
      for (const [index, item] of node.items.entries()) {
        const found = visit(item as Node, [...path, index]);
        if (found) return found;
      }
      return undefined;
    }
    if (!isMap(node)) return undefined;
    for (const pair of node.items) {
      const key = pair.key as Node | null;
      if (!isScalar(key) || typeof key.value !== 'string' || !key.range) continue;
      const value = pair.value as Node | null;
      const here = [...path, key.value];
      if (offset >= key.range[0] && offset <= key.range[1]) return { path: here, key };
      if (isScalar(value) && value.range && offset >= value.range[0] && offset <= value.range[1])
        return { path: here, key };
      const found = visit(value, here);
      if (found) return found;
    }
    return undefined;
  };
  return visit(manifest.root, []);
}

/** Moves a completion list from a document's coordinates into the file's. */
export function shiftCompletion(list: CompletionList, lines: number): CompletionList {
  if (lines === 0) return list;
  const shiftEdit = (edit: TextEdit): TextEdit => ({ ...edit, range: shiftRange(edit.range, lines) });
  return {
    ...list,
    items: list.items.map((item): CompletionItem => {
      const textEdit = item.textEdit;
      let shifted: CompletionItem['textEdit'] = textEdit;
      if (textEdit && 'range' in textEdit) shifted = shiftEdit(textEdit);
      else if (textEdit && 'insert' in textEdit)
        shifted = {
          ...textEdit,
          insert: shiftRange(textEdit.insert, lines),
          replace: shiftRange(textEdit.replace, lines),
        };
      return { ...item, textEdit: shifted, additionalTextEdits: item.additionalTextEdits?.map(shiftEdit) };
    }),
  };
}

export function shiftHover(hover: Hover | null, lines: number): Hover | null {
  if (!hover?.range || lines === 0) return hover;
  return { ...hover, range: shiftRange(hover.range as Range, lines) };
}

/** Values for the top-level `kind:` and `apiVersion:` (the served versions of the document's kind first). */
export function identityCompletion(linePrefix: string, kind: KindName | undefined): CompletionItem[] {
  if (/^kind:\s*\S*$/.test(linePrefix)) {
    return Object.values(KINDS).map((info) => ({
      label: info.kind,
      kind: CompletionItemKind.Value,
      detail: `served by ${info.served.join(', ')}`,
    }));
  }
  if (/^apiVersion:\s*\S*$/.test(linePrefix)) {
    const infos = Object.values(KINDS).sort((a, b) => Number(b.kind === kind) - Number(a.kind === kind));
    return infos.flatMap((info, rank) =>
      info.served.map((apiVersion, index) => ({
        label: apiVersion,
        kind: CompletionItemKind.Value,
        detail: info.kind,
        sortText: `${rank}${index}`,
        preselect: rank === 0 && index === 0 && info.kind === kind,
      })),
    );
  }
  return [];
}
