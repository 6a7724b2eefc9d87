import { getLanguageService } from 'yaml-language-server';
import type { InlineSchema, YamlSchemaLanguage } from './service';

/**
 * The YAML schema language of the service's completion and hover (service/yaml/schemaLanguage.ts), implemented by
 * yaml-language-server used as a library. It only ever sees the one document under the cursor, with that
 * document's own schema. server.ts imports this module on the first completion or hover, not at start-up.
 */
export function yamlLanguageServer(schemas: InlineSchema[]): YamlSchemaLanguage {
  const service = getLanguageService({
    // Every schema is inline: anything that asks for a remote one gets nothing (no network, ever).
    schemaRequestService: (uri) => Promise.reject(new Error(`Shipshape does not fetch schemas (${uri})`)),
    workspaceContext: { resolveRelativePath: (relativePath) => relativePath },
  });
  service.configure({
    validate: false,
    completion: true,
    hover: true,
    hoverSchemaSource: false,
    isKubernetes: false,
    // A copy: yaml-language-server resolves `$ref`s in the schema objects it is given, in place.
    schemas: schemas.map((entry) => ({ ...entry, schema: structuredClone(entry.schema) as never })),
  });
  return {
    complete: (document, position) => service.doComplete(document, position, false),
    hover: (document, position) => service.doHover(document, position),
  };
}
