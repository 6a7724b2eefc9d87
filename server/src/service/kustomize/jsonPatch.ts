import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { DiagnosticSeverity, type Range } from 'vscode-languageserver-types';
import { closestMatch } from '../common/closest';
import { isKindName, schemaIdFor, type SchemaId } from '../kubernetes/kinds';
import { schemaAt, type JsonSchema } from '../kubernetes/schemas';
import { SOURCE, type Finding } from '../types';
import type { PatchTarget } from './kustomization';

export const JSON_PATCH_CODES = {
  op: 'kustomize/json-patch-op',
  path: 'kustomize/json-patch-path',
  value: 'kustomize/json-patch-value',
} as const;

/** RFC 6902 section 4: the only operations there are (kustomize applies them with evanphx/json-patch, which rejects others). */
const OPERATIONS = ['add', 'remove', 'replace', 'move', 'copy', 'test'];

export const jsonPatchMessages = {
  op: (op: string, suggestion?: string) =>
    `"${op}" is not a JSON patch operation: use add, remove, replace, move, copy or test${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`,
  unknownField: (pointer: string, field: string, kind: string, suggestion?: string) =>
    `${pointer}: ${kind} has no field "${field}" here${suggestion ? ` (did you mean "${suggestion}"?)` : ''}: the API server rejects the patched object`,
  index: (pointer: string, step: string) =>
    `${pointer}: "${step}" is not a list index (a number, or - for the end of the list)`,
  type: (pointer: string, expected: string, found: string) => `${pointer}: expected ${expected}, found ${found}`,
};

/**
 * Checks a JSON 6902 patch (a list of `op`/`path`/`value` operations) against the schema of the kind its
 * kustomization entry targets: an operation RFC 6902 does not have, a path into a field the schema does not have,
 * a value of the wrong type for its path. Kinds Shipshape has no schema for get the operation check only.
 */
export function checkJsonPatch(text: string, target: PatchTarget | undefined): Finding[] {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines });
  if (document.errors.length > 0 || !isSeq(document.contents)) return [];
  const rangeOf = (node: Node): Range => {
    const [start, end] = node.range ?? [0, 0];
    const from = lines.linePos(start);
    const to = lines.linePos(Math.max(end, start));
    return {
      start: { line: from.line - 1, character: from.col - 1 },
      end: { line: to.line - 1, character: to.col - 1 },
    };
  };
  const kind = target?.kind;
  const schemaId =
    kind && isKindName(kind)
      ? schemaIdFor(
          kind,
          target?.version ? (target.group ? `${target.group}/${target.version}` : target.version) : undefined,
        )
      : undefined;
  const findings: Finding[] = [];
  const report = (code: string, node: Node, message: string) =>
    findings.push({
      code,
      message,
      severity: DiagnosticSeverity.Error,
      range: rangeOf(node),
      source: SOURCE,
      fixes: [],
    });
  for (const item of document.contents.items) {
    if (!isMap(item)) continue;
    const opNode = item.get('op', true) as Node | undefined;
    const op = isScalar(opNode) ? String(opNode.value) : undefined;
    if (opNode && op !== undefined && !OPERATIONS.includes(op))
      report(JSON_PATCH_CODES.op, opNode, jsonPatchMessages.op(op, closestMatch(op, OPERATIONS)));
    if (!schemaId || !kind) continue;
    for (const key of ['path', 'from']) {
      const pointerNode = item.get(key, true) as Node | undefined;
      if (!isScalar(pointerNode) || typeof pointerNode.value !== 'string') continue;
      const resolved = resolvePointer(schemaId, pointerNode.value, kind);
      if (resolved.error) {
        report(resolved.code ?? JSON_PATCH_CODES.path, pointerNode, resolved.error);
        continue;
      }
      const valueNode = item.get('value', true) as Node | undefined;
      if (key === 'path' && valueNode && (op === 'add' || op === 'replace' || op === 'test')) {
        checkValue(schemaId, resolved.steps, valueNode, pointerNode.value, kind, report);
      }
    }
  }
  return findings;
}

/** Follows a JSON pointer through the kind's schema: the schema path it names, or why the schema has no such field. */
function resolvePointer(
  schemaId: SchemaId,
  pointer: string,
  kind: string,
): { steps: Array<string | number>; error?: string; code?: string } {
  const steps: Array<string | number> = [];
  if (pointer === '') return { steps };
  for (const raw of pointer.split('/').slice(1)) {
    const step = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const parent = schemaAt(schemaId, steps);
    if (!parent) return { steps }; // a field the schema leaves open (a map of anything): nothing more to check
    if (typeOf(parent).includes('array')) {
      if (step !== '-' && !/^\d+$/.test(step)) return { steps, error: jsonPatchMessages.index(pointer, step) };
      steps.push(step === '-' ? 0 : Number(step));
      continue;
    }
    if (
      parent.properties &&
      !(step in parent.properties) &&
      parent.additionalProperties !== true &&
      typeof parent.additionalProperties !== 'object'
    ) {
      return {
        steps,
        error: jsonPatchMessages.unknownField(pointer, step, kind, closestMatch(step, Object.keys(parent.properties))),
      };
    }
    steps.push(step);
  }
  return { steps };
}

/** A value of the wrong type for its path, and (inside an object value) unknown fields and wrong types, on their nodes. */
function checkValue(
  schemaId: SchemaId,
  steps: Array<string | number>,
  node: Node,
  pointer: string,
  kind: string,
  report: (code: string, node: Node, message: string) => void,
): void {
  const schema = schemaAt(schemaId, steps);
  if (!schema) return;
  const expected = typeOf(schema);
  const found = foundType(node);
  if (found === undefined) return;
  if (expected.length > 0 && !expected.some((type) => accepts(type, found, node))) {
    report(JSON_PATCH_CODES.value, node, jsonPatchMessages.type(pointer, expected.join(' or '), found));
    return;
  }
  if (isMap(node) && schema.properties) {
    for (const pair of node.items) {
      if (!isScalar(pair.key)) continue;
      const field = String(pair.key.value);
      const inner = `${pointer}/${field}`;
      if (
        !(field in schema.properties) &&
        typeof schema.additionalProperties !== 'object' &&
        schema.additionalProperties !== true
      ) {
        report(
          JSON_PATCH_CODES.path,
          pair.key as Node,
          jsonPatchMessages.unknownField(inner, field, kind, closestMatch(field, Object.keys(schema.properties))),
        );
      } else if (pair.value) {
        checkValue(schemaId, [...steps, field], pair.value as Node, inner, kind, report);
      }
    }
  } else if (isSeq(node) && expected.includes('array')) {
    node.items.forEach((item, index) =>
      checkValue(schemaId, [...steps, index], item as Node, `${pointer}/${index}`, kind, report),
    );
  }
}

function typeOf(schema: JsonSchema): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  if (typeof schema.type === 'string') return [schema.type];
  if (schema.properties) return ['object'];
  return [];
}

function foundType(node: Node): string | undefined {
  if (isMap(node)) return 'object';
  if (isSeq(node)) return 'array';
  if (!isScalar(node)) return undefined;
  const value = node.value;
  if (value === null) return undefined; // null unsets a field: the API server reads it as absent
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return 'string';
}

function accepts(expected: string, found: string, node: Node): boolean {
  if (expected === found) return true;
  if (expected === 'number' && found === 'integer') return true;
  // `${VAR}`-style placeholders and templated values are left to the build.
  return found === 'string' && isScalar(node) && /\$\{|\{\{/.test(String(node.value));
}
