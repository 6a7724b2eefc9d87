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
import { KINDS, schemaFor, type KindName, type SchemaId } from './kinds';
import type { KnownManifest } from './manifest';
import { SCHEMAS, type JsonSchema } from './schemas';
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
    const schemas = (Object.keys(SCHEMAS) as SchemaId[]).map((id) => ({
      uri: `shipshape://schemas/${id}.json`,
      fileMatch: [`*.${id}.yaml`],
      schema: SCHEMAS[id],
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

/** Completion at a position given relative to the document; results come back relative to it too. */
export async function schemaCompletion(
  manifest: KnownManifest,
  position: Position,
  language: YamlSchemaLanguageFactory,
): Promise<CompletionList> {
  const list = await (await yamlLanguageService(language)).complete(documentFor(manifest), position);
  if (!list) return { isIncomplete: false, items: [] };
  return { ...list, items: withTypes(schemaFor(manifest.kind, manifest.apiVersion), list.items) };
}

/**
 * Adds each offered key's type as the item's detail (`[]ContainerPort`, `map[string]string`, `integer | string`):
 * yaml-language-server shows the description only. The keys offered together are the properties of one schema
 * definition, minus those already written: the smallest definition that has them all is the one being completed.
 */
function withTypes(id: SchemaId, items: CompletionItem[]): CompletionItem[] {
  const keys = items.filter((item) => item.kind === CompletionItemKind.Property).map((item) => String(item.label));
  if (keys.length === 0) return items;
  const definitions = SCHEMAS[id].definitions ?? {};
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
  return items.map((item) => {
    const property = item.kind === CompletionItemKind.Property ? owner!.properties?.[String(item.label)] : undefined;
    return property && !item.detail ? { ...item, detail: typeName(property) } : item;
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

export async function schemaHover(
  manifest: KnownManifest,
  position: Position,
  language: YamlSchemaLanguageFactory,
): Promise<Hover | null> {
  return (await (await yamlLanguageService(language)).hover(documentFor(manifest), position)) ?? null;
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
