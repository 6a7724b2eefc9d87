import { isScalar, type Node } from 'yaml';
import { mayBeSetByTemplate } from '../helm/placeholders';
import type { ParsedYaml, YamlPath } from '../yaml/parsedYaml';

/**
 * Values that are not literals but stand for one filled in later: `${REPLICAS:-1}` and `$IMAGE` for envsubst and CI
 * templating, `$(VAR)`, `{{ .Values.x }}` for Helm and other Go templates (masked or not), `#{TOKEN}#` and
 * `__TOKEN__` for the replace-token steps of CI systems. Such a value is not type-checked as a literal: the file is
 * a template of a manifest, and what it becomes is known only after substitution. The keys around it still are.
 */
const PLACEHOLDER =
  /\$\{[^}\n]*\}|\$\([A-Za-z_][A-Za-z0-9_.-]*\)|\$[A-Z_][A-Z0-9_]*\b|\{\{[^\n]*?\}\}|#\{[^}\n]*\}#|__[A-Z][A-Z0-9_]*__|\uE000/;

/** Whether a scalar's text holds a placeholder anywhere in it (`repo/app:${TAG}` is as unknown as `${IMAGE}`). */
export function isPlaceholder(value: unknown): boolean {
  return typeof value === 'string' && value.length < 10_000 && PLACEHOLDER.test(value);
}

/** Upper-case names, `PORT` or `NUM_REPLICAS`; the YAML 1.1 booleans and null are not among them. */
const BARE_TOKEN = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;
const NOT_TOKENS = new Set(['YES', 'OFF', 'TRUE', 'FALSE', 'NULL']);

/**
 * A whole value that is a bare upper-case name of 3 or more characters (`PORT`, `CONTAINER_IMAGE`): files meant for
 * `sed s/PORT/8080/` are written so (the GKE samples). Only where no literal looks like that (a number, a boolean, an
 * image reference, whose repository is lower-case) is it taken for such a token rather than a value.
 */
export function isBareToken(value: string): boolean {
  return value.length >= 3 && BARE_TOKEN.test(value) && !NOT_TOKENS.has(value);
}

/** A whole value in angle brackets, `<ADD LUN ID Here>` or `<port>`: a blank for the reader to fill in (tutorials). */
const FILL_IN = /^<[^<>\n]{1,80}>$/;

/**
 * A whole value that is a blank for the reader to fill in (`lun: <ADD LUN ID Here>` in kubernetes/examples): no
 * number or boolean is written so, so where one belongs it is a blank, as `PORT` is a token, not a mistake.
 */
export function isFillInBlank(value: string): boolean {
  return FILL_IN.test(value);
}

/**
 * Whether two scalars can be equal once their placeholders are filled in: `{{ .Release.Name }}-operator` can be
 * `web-operator` but never `other`. A placeholder stands for any text.
 */
export function mayBeEqual(a: string, b: string): boolean {
  if (a === b) return true;
  const aOpen = isPlaceholder(a);
  const bOpen = isPlaceholder(b);
  if (aOpen && bOpen) return true;
  if (!aOpen && !bOpen) return false;
  const [pattern, literal] = aOpen ? [a, b] : [b, a];
  // A masked Helm action is `\uE000` + a short tag + padding (helm/mask.ts): the whole run stands for the action.
  const parts = pattern.split(new RegExp('\uE000[0-9a-z]*\uE000*|' + PLACEHOLDER.source, 'g'));
  // The literal parts must appear in order, the first at the start and the last at the end; a plain scan, no
  // regular expression built from the document (bounded, whatever the input).
  if (parts.length > 64 || literal.length > 4096) return true;
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (!literal.startsWith(first) || !literal.endsWith(last) || literal.length < first.length + last.length)
    return false;
  let at = first.length;
  for (const part of parts.slice(1, -1)) {
    const found = literal.indexOf(part, at);
    if (found === -1 || found + part.length > literal.length - last.length) return false;
    at = found + part.length;
  }
  return true;
}

/** A cheap superset of the placeholder forms: a text without any of these characters holds none. */
const ANY_PLACEHOLDER = /[$\uE000]|\{\{|#\{|__[A-Z]/;
const mayHoldPlaceholders = new WeakMap<ParsedYaml, boolean>();

/**
 * Whether the field at `path` below `from` may be set once the file is rendered or substituted: a template action
 * may print it (`resources: {{ toYaml .Values.resources | nindent 12 }}`, see helm/placeholders.ts), or a value on
 * the way down is a placeholder (`securityContext: ${SECURITY_CONTEXT}`). Rules that would say a field is missing
 * stay quiet then: what it will hold is known only after rendering.
 */
export function mayBeSetLater(yaml: ParsedYaml, from: Node, path: YamlPath): boolean {
  // Most manifests hold no placeholder at all: one scan of the text per document answers for every container.
  let open = mayHoldPlaceholders.get(yaml);
  if (open === undefined) mayHoldPlaceholders.set(yaml, (open = ANY_PLACEHOLDER.test(yaml.text)));
  if (!open) return false;
  if (mayBeSetByTemplate(from, path)) return true;
  for (let length = 0; length <= path.length; length++) {
    const node = yaml.nodeAt(path.slice(0, length), from);
    if (node === undefined) return false;
    if (isScalar(node) && isPlaceholder(node.value)) return true;
  }
  return false;
}
