import { isScalar } from 'yaml';
import type { YAMLMap } from 'yaml';
import type { Finding, Fix } from '../types';
import type { ParsedYaml } from '../yaml/parsedYaml';

/**
 * Suppression: comments (`# shipshape-ignore rule-id` on the line before or at the end of the line,
 * `# shipshape-ignore-file [rule-id ...]`) and the annotations users already put on objects for other linters,
 * where those mean the same rule as ours.
 */

/** kube-linter: `ignore-check.kube-linter.io/<check>: "reason"`. */
const KUBE_LINTER: Record<string, string[]> = {
  'latest-tag': ['k8s/image-tag'],
  'unset-cpu-requirements': ['k8s/resources-requests'],
  'unset-memory-requirements': ['k8s/resources-requests'],
  'no-liveness-probe': ['k8s/probes'],
  'no-readiness-probe': ['k8s/probes'],
  'run-as-non-root': ['k8s/run-as-non-root'],
  'privilege-escalation-container': ['k8s/privilege-escalation'],
  'no-read-only-root-fs': ['k8s/read-only-root-fs'],
  'mismatching-selector': ['k8s/selector-mismatch'],
  'duplicate-env-var': ['k8s/env-duplicate'],
  'dangling-horizontalpodautoscaler': ['k8s/hpa-target-missing'],
};

/** kube-score: `kube-score/ignore: check-a,check-b`. */
const KUBE_SCORE: Record<string, string[]> = {
  'container-image-tag': ['k8s/image-tag'],
  'container-resources': ['k8s/resources-requests'],
  'pod-probes': ['k8s/probes'],
  'container-security-context-user-group-id': ['k8s/run-as-non-root'],
  'container-security-context-readonlyrootfilesystem': ['k8s/read-only-root-fs'],
  'deployment-targeted-by-hpa-does-not-have-replicas-configured': ['k8s/replicas-with-hpa'],
  'horizontalpodautoscaler-has-target': ['k8s/hpa-target-missing'],
};

/** Polaris: `polaris.fairwinds.com/<check>-exempt: "true"`, and `polaris.fairwinds.com/exempt: "true"` for all. */
const POLARIS: Record<string, string[]> = {
  tagNotSpecified: ['k8s/image-tag'],
  cpuRequestsMissing: ['k8s/resources-requests'],
  memoryRequestsMissing: ['k8s/resources-requests'],
  readinessProbeMissing: ['k8s/probes'],
  livenessProbeMissing: ['k8s/probes'],
  runAsRootAllowed: ['k8s/run-as-non-root'],
  privilegeEscalationAllowed: ['k8s/privilege-escalation'],
  notReadOnlyRootFilesystem: ['k8s/read-only-root-fs'],
};

/** Stands for "every rule" in an ignore list. */
export const ALL_RULES = '*';

/** Shipshape's own annotation: `shipshape.dev/ignore: "k8s/image-tag, k8s/probes"` (or `"*"`). */
export const SHIPSHAPE_ANNOTATION = 'shipshape.dev/ignore';

export function ignoredRulesFromAnnotations(annotations: YAMLMap | undefined, yaml: ParsedYaml): string[] {
  if (!annotations) return [];
  const ignored = new Set<string>();
  for (const item of annotations.items) {
    if (!isScalar(item.key)) continue;
    const key = String(item.key.value);
    const value = yaml.resolve(item.value);
    const text = isScalar(value) ? String(value.value ?? '') : '';
    if (key.startsWith('ignore-check.kube-linter.io/')) {
      for (const id of KUBE_LINTER[key.slice('ignore-check.kube-linter.io/'.length)] ?? []) ignored.add(id);
    } else if (key === 'kube-score/ignore') {
      for (const check of splitList(text)) for (const id of KUBE_SCORE[check] ?? []) ignored.add(id);
    } else if (key === 'polaris.fairwinds.com/exempt' && text === 'true') {
      ignored.add(ALL_RULES);
    } else if (key.startsWith('polaris.fairwinds.com/') && key.endsWith('-exempt') && text === 'true') {
      for (const id of POLARIS[key.slice('polaris.fairwinds.com/'.length, -'-exempt'.length)] ?? []) ignored.add(id);
    } else if (key === SHIPSHAPE_ANNOTATION) {
      for (const id of splitList(text)) ignored.add(id);
    }
  }
  return [...ignored];
}

function splitList(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}

export interface CommentSuppressions {
  /** Rule ids ignored in the whole file (`*` for all). */
  file: Set<string>;
  /** Rule ids ignored on a given zero-based line. */
  lines: Map<number, Set<string>>;
}

/** Every suppression comment holds it: a text without it has none. */
export const IGNORE_COMMENT_WORD = 'shipshape-ignore';

const COMMENT = /#\s*shipshape-ignore(-file)?\b([^\n#]*)/g;

/**
 * Reads the suppression comments of a file. `# shipshape-ignore ids` on a line of its own applies to the next line
 * that is not a comment; at the end of a line it applies to that line. Without ids it ignores every rule.
 */
export function readSuppressionComments(text: string): CommentSuppressions {
  const result: CommentSuppressions = { file: new Set(), lines: new Map() };
  if (!text.includes(IGNORE_COMMENT_WORD)) return result;
  const lines = text.split('\n');
  let pending: Set<string> | undefined;
  lines.forEach((line, index) => {
    const trimmed = line.trimStart();
    COMMENT.lastIndex = 0;
    const match = COMMENT.exec(line);
    const ids = match ? splitList(match[2]) : [];
    const set = new Set(ids.length > 0 ? ids : [ALL_RULES]);
    if (match && match[1]) {
      for (const id of set) result.file.add(id);
      return;
    }
    if (trimmed.startsWith('#')) {
      if (match) pending = new Set([...(pending ?? []), ...set]);
      return;
    }
    const here = new Set([...(pending ?? []), ...(match ? set : [])]);
    if (here.size > 0) result.lines.set(index, here);
    if (trimmed !== '') pending = undefined;
  });
  return result;
}

export function isSuppressed(ids: ReadonlySet<string> | readonly string[] | undefined, code: string): boolean {
  if (!ids) return false;
  const has = (id: string) => (ids instanceof Set ? ids.has(id) : (ids as readonly string[]).includes(id));
  return has(code) || has(ALL_RULES);
}

/**
 * "Ignore this rule here": adds the rule to a `# shipshape-ignore` comment on the line above the finding, merging into
 * one that is already there instead of stacking another.
 */
export function ignoreHereFix(lines: readonly string[], found: Finding): Fix {
  const line = found.range.start.line;
  const indent = /^\s*/.exec(lines[line] ?? '')?.[0] ?? '';
  const previous = line > 0 ? lines[line - 1] : undefined;
  const existing = previous !== undefined ? /^(\s*#\s*shipshape-ignore)((?:\s+[^\s#]+)*)\s*$/.exec(previous) : null;
  if (existing && !/-file$/.test(existing[1])) {
    const ids = existing[2]
      .trim()
      .split(/[\s,]+/)
      .filter(Boolean);
    return {
      title: `Ignore ${found.code} here`,
      edits: [
        {
          range: { start: { line: line - 1, character: 0 }, end: { line: line - 1, character: previous!.length } },
          newText: `${existing[1]} ${[...ids, found.code].join(', ')}`,
        },
      ],
    };
  }
  return {
    title: `Ignore ${found.code} here`,
    edits: [
      {
        range: { start: { line, character: 0 }, end: { line, character: 0 } },
        newText: `${indent}# shipshape-ignore ${found.code}\n`,
      },
    ],
  };
}
