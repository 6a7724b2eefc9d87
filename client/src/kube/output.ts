import type { LineRange, ManifestObject } from './manifest';

export type ApplyStatus = 'created' | 'configured' | 'unchanged' | 'serverside-applied';

export interface AppliedObject {
  /** kubectl's resource as printed: `deployment.apps`, `configmap`. */
  resource: string;
  name: string;
  status: ApplyStatus;
  dryRun: boolean;
  /** The document it came from, when found in the file. */
  object?: ManifestObject;
}

/** Parses `kubectl apply` output lines: `deployment.apps/web configured (server dry run)`. */
export function parseApplyOutput(stdout: string, objects: readonly ManifestObject[] = []): AppliedObject[] {
  const applied: AppliedObject[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const match =
      /^([a-z0-9.-]+)\/(\S+) (created|configured|unchanged|serverside-applied)( \((?:server )?dry run\))?\s*$/.exec(
        line.trim(),
      );
    if (!match) continue;
    const [, resource, name, status, dryRun] = match;
    applied.push({
      resource,
      name,
      status: status as ApplyStatus,
      dryRun: dryRun !== undefined,
      object: objects.find((object) => object.name === name && kindMatches(object.kind, resource)),
    });
  }
  return applied;
}

/** An error the API server (or kubectl) reported, placed on the document it is about when that is known. */
export interface ObjectError {
  message: string;
  object?: ManifestObject;
  /** The field at fault when the message names one the document has, else the document's first line. */
  range?: LineRange;
}

/**
 * Splits kubectl's stderr into errors and maps each to its document by kind and name (from messages such as
 * `Deployment.apps "web" is invalid: spec.replicas: ...`, `deployments.apps "web" is forbidden`,
 * `resource mapping not found for name: "w1" ... no matches for kind "Widget"`, `ValidationError(Deployment.spec)`,
 * `namespaces "x" not found`). Warnings are left out.
 */
export function mapKubectlErrors(stderr: string, objects: readonly ManifestObject[]): ObjectError[] {
  const errors: ObjectError[] = [];
  for (const segment of splitErrors(stderr)) {
    const message = cleanError(segment);
    const object = findObject(segment, objects);
    const field =
      /(?:is invalid: \[?|^)((?:[a-zA-Z][\w-]*(?:\[\d+\])*\.)*[a-zA-Z][\w-]*(?:\[\d+\])*): (?:Invalid value|Required value|Unsupported value|Duplicate value|Forbidden|Too many|Too long|Not found)/.exec(
        message,
      )?.[1];
    const validation = /ValidationError\(\w+\.([^)]+)\): unknown field "([^"]+)"/.exec(segment);
    const fieldPath = field ?? (validation ? `${validation[1]}.${validation[2]}` : undefined);
    const range = object ? ((fieldPath ? object.locate(fieldPath) : undefined) ?? object.range) : undefined;
    errors.push({ message, object, range });
  }
  return errors;
}

function splitErrors(stderr: string): string[] {
  const segments: string[] = [];
  for (const rawLine of stderr.split(/\r?\n/)) {
    const line = rawLine
      .trim()
      .replace(/^\[|\]$/g, '')
      .replace(/^ensure CRDs are installed first,? ?/, '');
    if (line === '' || /^Warning:/.test(line) || /^[EWI]\d{4} /.test(line) || /^See '.*--help' for usage\.$/.test(line))
      continue;
    for (const part of line.split(/, (?=error validating|resource mapping not found|error when)/)) {
      const cleaned = part.trim();
      if (/^(?:Name|Namespace|Resource|GroupVersionKind|Kind|Object|for): /.test(cleaned) && segments.length > 0) {
        // Continuation lines of a multi-line error (conflicts print the object's identity below the message).
        segments[segments.length - 1] += `\n${cleaned}`;
      } else if (cleaned !== '') segments.push(cleaned);
    }
  }
  return segments;
}

function cleanError(segment: string): string {
  return segment
    .split('\n')[0]
    .replace(/^error: /, '')
    .replace(/^Error from server \(([A-Za-z]+)\): /, '$1: ')
    .replace(/error when [a-z ]+"(?:[^"\\]|\\.)*": /, '')
    .replace(/; if you choose to ignore these errors, turn validation off with --validate=false$/, '')
    .trim();
}

function findObject(segment: string, objects: readonly ManifestObject[]): ManifestObject | undefined {
  const byKindAndName = (kind: string, name: string): ManifestObject | undefined =>
    objects.find((object) => object.name === name && kindMatches(object.kind, kind));

  const mapping = /resource mapping not found for name: "([^"]*)".*no matches for kind "([^"]+)"/.exec(segment);
  if (mapping) return byKindAndName(mapping[2], mapping[1]);
  const conflict = /Kind=(\w+)"[\s\S]*Name: "([^"]+)"/.exec(segment);
  if (conflict) return byKindAndName(conflict[1], conflict[2]);
  const namespace = /\bnamespaces "([^"]+)" not found/.exec(segment);
  if (namespace) return objects.find((object) => object.namespace === namespace[1]);
  // `Deployment.apps "web" is invalid`, `deployments.apps "web" is forbidden`, `The Deployment "web" is invalid`.
  for (const match of segment.matchAll(/\b([A-Za-z][A-Za-z0-9]*)(?:\.[a-z0-9.-]+)? "([^"]+)"/g)) {
    const found = byKindAndName(match[1], match[2]);
    if (found) return found;
  }
  const validation = /ValidationError\((\w+)[.)]/.exec(segment) ?? /cannot be handled as an? (\w+)/.exec(segment);
  if (validation) return objects.find((object) => object.kind === validation[1]);
  return undefined;
}

/** `Deployment` matches `deployment`, `deployments`, `deployment.apps`, `deployments.apps`; `NetworkPolicy` matches `networkpolicies`. */
export function kindMatches(kind: string, resource: string): boolean {
  const name = resource.split('.')[0].toLowerCase();
  const lower = kind.toLowerCase();
  if (name === lower) return true;
  const plural = lower.endsWith('y')
    ? `${lower.slice(0, -1)}ies`
    : /(?:s|x|ch|sh)$/.test(lower)
      ? `${lower}es`
      : `${lower}s`;
  return name === plural;
}

/** One object of a `kubectl diff`: both sides in full, for a diff view. */
export interface ObjectDiff {
  /** kubectl's file name for it: `apps.v1.Deployment.default.web`. */
  id: string;
  kind: string;
  name: string;
  namespace: string;
  /** The live object (empty when it would be created). */
  live: string;
  /** The object as it will be after apply (as the server's dry run computed it). */
  merged: string;
  created: boolean;
}

/**
 * Parses `kubectl diff` output made with {@link KUBECTL_EXTERNAL_DIFF} (one whole-file hunk per object) back into
 * both sides of each object.
 */
export function parseKubectlDiff(output: string): ObjectDiff[] {
  const diffs: ObjectDiff[] = [];
  let current: { id: string; live: string[]; merged: string[]; liveEmpty: boolean } | undefined;
  const finish = (): void => {
    if (!current) return;
    const identity = parseDiffId(current.id);
    diffs.push({
      id: current.id,
      ...identity,
      live: joinLines(current.live),
      merged: joinLines(current.merged),
      created: current.liveEmpty,
    });
    current = undefined;
  };
  const lines = output.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    if (line.startsWith('--- ') && lines[index + 1]?.startsWith('+++ ')) {
      finish();
      const file = line.slice(4).split('\t')[0];
      current = { id: file.split(/[\\/]/).pop() ?? file, live: [], merged: [], liveEmpty: false };
      index++;
      continue;
    }
    if (!current) continue;
    if (line.startsWith('@@')) {
      if (/^@@ -0,0 /.test(line)) current.liveEmpty = true;
      continue;
    }
    if (line.startsWith('diff ') || line.startsWith('\\')) continue;
    const marker = line[0];
    const body = line.slice(1);
    if (marker === ' ') {
      current.live.push(body);
      current.merged.push(body);
    } else if (marker === '-') current.live.push(body);
    else if (marker === '+') current.merged.push(body);
  }
  finish();
  return diffs;
}

function joinLines(lines: string[]): string {
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** `apps.v1.Deployment.default.web` -> Deployment web in default; names may hold dots, namespaces cannot. */
function parseDiffId(id: string): { kind: string; name: string; namespace: string } {
  const match = /^(?:.+\.)?v\d+(?:(?:alpha|beta)\d+)?\.([A-Z][A-Za-z0-9]*)\.([a-z0-9-]*)\.(.+)$/.exec(id);
  if (!match) return { kind: '', name: id, namespace: '' };
  return { kind: match[1], namespace: match[2], name: match[3] };
}
