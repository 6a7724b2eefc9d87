import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { SOURCE, type Finding } from '../types';
import type { KustomizationEntries } from './kustomization';

export const KUSTOMIZE_CODES = {
  buildFailed: 'kustomize/build-failed',
  outsideWorkspace: 'kustomize/outside-workspace',
  remoteResource: 'kustomize/remote-resource',
} as const;

/** `kubectl kustomize` arguments for an overlay folder (argv, never a shell string). No plugins, no helm, no exec. */
export function kubectlKustomizeArgs(folder: string): string[] {
  return ['kustomize', folder];
}

/**
 * kubectl's own message for an overlay it cannot build, and the zero-based line of the kustomization it is about:
 * the entry named in `accumulating resources from 'X'` (kustomize's api/internal/target/kusttarget.go), the line of
 * an `invalid Kustomization: yaml: line N`, else the first line. `paths` rewrites the temporary copy's paths back.
 */
/** Failures that come from what the build environment provides (files generated at deploy time, plugins), not the files. */
const NEEDS_ENVIRONMENT = /env source file|external plugins disabled|loading generator plugins|enable-alpha-plugins/;

export function buildFailedFinding(
  stderr: string,
  kustomizationText: string,
  entries: KustomizationEntries,
  paths: (message: string) => string = (message) => message,
): Finding {
  const message = paths(
    stderr
      .split('\n')
      .map((line) => withoutKlogHeader(line.trim()))
      // kubectl's deprecation notes ("# Warning: 'patchesStrategicMerge' is deprecated") are not why it failed.
      .filter((line) => line !== '' && !line.startsWith('# Warning:'))
      .join(' ')
      .replace(/^error:\s*/, ''),
  ).slice(0, 2000);
  let line = 0;
  // The entry kubectl names: a resource (`accumulating resources from 'X'`), a patch (`the patch file from path(X)`,
  // or the `path: X` of the patch's config it prints).
  const named =
    /accumulating resources from '([^']+)'/.exec(stderr) ??
    /from path\(([^)\s]+)\)/.exec(stderr) ??
    /^path: (\S+)$/m.exec(stderr);
  const entry = named
    ? [...entries.resources, ...entries.patches].find((candidate) => candidate.value === named[1])
    : undefined;
  if (entry) line = entry.line;
  else {
    const yamlLine = /invalid Kustomization: yaml: line (\d+)/.exec(stderr);
    if (yamlLine) line = Math.max(0, Number(yamlLine[1]) - 1);
    else if (named) {
      const mention = kustomizationText.split('\n').findIndex((text) => text.includes(named[1]));
      if (mention >= 0) line = mention;
    }
  }
  const lineText = kustomizationText.split('\n')[line] ?? '';
  return {
    code: KUSTOMIZE_CODES.buildFailed,
    message: `kubectl kustomize failed: ${message}`,
    // A warning, not an error: what kubectl needs may be made at deploy time (generated env files, plugins run with
    // --enable-alpha-plugins); then it says so as information. The objects themselves are checked file by file.
    severity: NEEDS_ENVIRONMENT.test(stderr) ? DiagnosticSeverity.Information : DiagnosticSeverity.Warning,
    range: lineRange(line, lineText),
    source: SOURCE,
    fixes: [],
  };
}

/**
 * kubectl 1.30 and later log a failure through klog: `E1202 14:22:12.580843   13159 run.go:72] "command failed"
 * err="accumulating resources: ..."` (severity, date, time, thread, file:line, then a structured message with the
 * error Go-quoted). Only the error is kubectl's message; a line that is no such log line is kept as it is.
 */
function withoutKlogHeader(line: string): string {
  const logged = /^[IWEF]\d{4} \d{2}:\d{2}:\d{2}\.\d+\s+\d+ [^\s\]]+:\d+\] (.*)$/.exec(line);
  if (!logged) return line;
  const structured = /^"[^"]*" err=("(?:[^"\\]|\\.)*")$/.exec(logged[1]);
  if (!structured) return logged[1];
  try {
    // Go's %q and JSON agree on the escapes kubectl's errors hold (\", \\, \n, \t).
    return String(JSON.parse(structured[1])).replace(/\s*\n\s*/g, ' ');
  } catch {
    return structured[1].slice(1, -1);
  }
}

/**
 * An overlay that reads a folder outside the workspace is not built in the background (only the workspace's files are
 * copied for a build, and a trusted workspace does not make the rest of the disk trusted): said once, on the entry.
 */
export function outsideWorkspaceFinding(line: number, lineText: string, value: string): Finding {
  return {
    code: KUSTOMIZE_CODES.outsideWorkspace,
    message: `"${value}" is outside the workspace: Shipshape does not build this overlay with kubectl kustomize (the per-file checks still run)`,
    severity: DiagnosticSeverity.Information,
    range: lineRange(line, lineText),
    source: SOURCE,
    fixes: [],
  };
}

/**
 * The note on an overlay that kustomize would build from a resource it fetches over the network (a git URL, an
 * https file): Shipshape does not fetch, so the overlay is not built, and without this it said nothing of why.
 */
export function remoteResourceFinding(line: number, lineText: string, value: string): Finding {
  return {
    code: KUSTOMIZE_CODES.remoteResource,
    message: `"${value}" is fetched over the network by kustomize: Shipshape does not build this overlay with kubectl kustomize (the per-file checks still run)`,
    severity: DiagnosticSeverity.Information,
    range: lineRange(line, lineText),
    source: SOURCE,
    fixes: [],
  };
}

function lineRange(line: number, lineText: string) {
  const indent = lineText.length - lineText.trimStart().length;
  return {
    start: { line, character: indent },
    end: { line, character: Math.max(indent + 1, lineText.trimEnd().length) },
  };
}

/** Rule descriptions for the catalogue (SARIF, docs). */
export const KUSTOMIZE_RULE_DESCRIPTIONS: ReadonlyArray<[string, string]> = [
  [
    KUSTOMIZE_CODES.buildFailed,
    "kubectl kustomize could not build the overlay (kubectl's own message, on the kustomization line it names).",
  ],
  [
    KUSTOMIZE_CODES.outsideWorkspace,
    'The overlay reads a folder outside the workspace, so it is not built in the background.',
  ],
  [
    KUSTOMIZE_CODES.remoteResource,
    'The overlay reads a resource kustomize fetches over the network (a git URL, an https file), so it is not built (the per-file checks still run).',
  ],
  [
    'kustomize/json-patch-op',
    'A JSON 6902 patch operation that is not add, remove, replace, move, copy or test (RFC 6902; kustomize rejects it).',
  ],
  ['kustomize/json-patch-path', "A JSON 6902 patch path into a field the target kind's schema does not have."],
  ['kustomize/json-patch-value', 'A JSON 6902 patch value of the wrong type for the field its path names.'],
];
