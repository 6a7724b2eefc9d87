/**
 * Which of Shipshape's findings another extension already reports on the same document: Red Hat YAML's
 * yaml-language-server when it validates a manifest against a Kubernetes schema (its diagnostics' source is
 * `yaml-schema: <schema title or URL>`), and Container Tools' dockerfile-language-server-nodejs (source
 * `dockerfile-utils`). Pure (no vscode): the client hides the matches when `shipshape.otherExtensions.hideDuplicates`
 * is on, so that one mistake is reported once.
 *
 * The pairs were read off both real servers on the same files (test/e2e/suite/others.test.js prints that survey).
 * A pair matches only when the other server really reports it: nothing is hidden because an extension is merely
 * installed, and a finding the other one does not make (e.g. unknown fields under the Kubernetes extension's
 * schemas, which allow them) stays.
 */

/** The parts of a diagnostic this needs (a vscode.Diagnostic and an LSP Diagnostic both have them). */
export interface DiagnosticLike {
  readonly range: { readonly start: { readonly line: number }; readonly end: { readonly line: number } };
  readonly message: string;
  readonly source?: string;
  readonly code?: string | number | { value: string | number };
}

/** How a finding of ours shows up in the other server's diagnostics. */
interface Counterpart {
  /** Their diagnostic's source: exactly, or its prefix. */
  source: (source: string) => boolean;
  /** Their diagnostic says the same thing. */
  same: (theirs: DiagnosticLike, ours: DiagnosticLike) => boolean;
  /** Where theirs sits compared with ours: the same line, or anywhere in the document (one-per-stage checks). */
  where: 'line' | 'document';
}

const YAML_SCHEMA = (source: string): boolean => source.startsWith('yaml-schema');
const DOCKERFILE_UTILS = (source: string): boolean => source === 'dockerfile-utils';

/** yaml-language-server's wording (its jsonParser07.ts messages). */
const message =
  (pattern: RegExp) =>
  (theirs: DiagnosticLike): boolean =>
    pattern.test(theirs.message);

/**
 * dockerfile-utils' ValidationCode numbers (dockerfile-utils/lib/main.d.ts; checked against the installed package by
 * test/unit/client-duplicates.test.ts).
 */
export const DOCKERFILE_UTILS_CODES = {
  CASING_INSTRUCTION: 0,
  EMPTY_CONTINUATION_LINE: 11,
  MULTIPLE_INSTRUCTIONS: 37,
  UNKNOWN_INSTRUCTION: 38,
  DEPRECATED_MAINTAINER: 45,
  JSON_IN_SINGLE_QUOTES: 49,
  WORKDIR_IS_NOT_ABSOLUTE: 50,
} as const;

const dockerfileCode =
  (code: number, pattern?: RegExp) =>
  (theirs: DiagnosticLike): boolean =>
    codeOf(theirs) === String(code) && (!pattern || pattern.test(theirs.message));

/** Our rule id -> how the other server reports the same mistake. */
const COUNTERPARTS: Record<string, Counterpart> = {
  'k8s/schema-type': { source: YAML_SCHEMA, same: message(/^Incorrect type\./), where: 'line' },
  'k8s/schema-enum': { source: YAML_SCHEMA, same: message(/^Value is not accepted\./), where: 'line' },
  'k8s/schema-unknown-field': { source: YAML_SCHEMA, same: message(/^Property .* is not allowed\./), where: 'line' },
  'k8s/schema-required': { source: YAML_SCHEMA, same: message(/^Missing property /), where: 'line' },
  'dockerfile/instruction-casing': {
    source: DOCKERFILE_UTILS,
    same: dockerfileCode(DOCKERFILE_UTILS_CODES.CASING_INSTRUCTION),
    where: 'line',
  },
  // BuildKit's check speaks for a file of mixed case, ours for an all-lowercase one: both are dockerfile-utils' casing.
  ConsistentInstructionCasing: {
    source: DOCKERFILE_UTILS,
    same: dockerfileCode(DOCKERFILE_UTILS_CODES.CASING_INSTRUCTION),
    where: 'line',
  },
  NoEmptyContinuation: {
    source: DOCKERFILE_UTILS,
    same: dockerfileCode(DOCKERFILE_UTILS_CODES.EMPTY_CONTINUATION_LINE),
    where: 'line',
  },
  'dockerfile/unknown-instruction': {
    source: DOCKERFILE_UTILS,
    same: dockerfileCode(DOCKERFILE_UTILS_CODES.UNKNOWN_INSTRUCTION),
    where: 'line',
  },
  DL4000: {
    source: DOCKERFILE_UTILS,
    same: dockerfileCode(DOCKERFILE_UTILS_CODES.DEPRECATED_MAINTAINER),
    where: 'line',
  },
  'dockerfile/json-single-quotes': {
    source: DOCKERFILE_UTILS,
    same: dockerfileCode(DOCKERFILE_UTILS_CODES.JSON_IN_SINGLE_QUOTES),
    where: 'line',
  },
  DL3000: {
    source: DOCKERFILE_UTILS,
    same: dockerfileCode(DOCKERFILE_UTILS_CODES.WORKDIR_IS_NOT_ABSOLUTE),
    where: 'line',
  },
  // dockerfile-utils marks the first of several CMDs, we mark the last: the same finding on another line.
  DL4003: {
    source: DOCKERFILE_UTILS,
    same: dockerfileCode(DOCKERFILE_UTILS_CODES.MULTIPLE_INSTRUCTIONS, /\bCMD\b/),
    where: 'document',
  },
  DL4004: {
    source: DOCKERFILE_UTILS,
    same: dockerfileCode(DOCKERFILE_UTILS_CODES.MULTIPLE_INSTRUCTIONS, /\bENTRYPOINT\b/),
    where: 'document',
  },
  DL3012: {
    source: DOCKERFILE_UTILS,
    same: dockerfileCode(DOCKERFILE_UTILS_CODES.MULTIPLE_INSTRUCTIONS, /\bHEALTHCHECK\b/),
    where: 'document',
  },
};

/** The rule ids that another extension may duplicate (for the README and the tests). */
export const DUPLICABLE_RULES: readonly string[] = Object.keys(COUNTERPARTS);

export function codeOf(diagnostic: DiagnosticLike): string {
  const code = diagnostic.code;
  if (code === undefined) return '';
  return typeof code === 'object' ? String(code.value) : String(code);
}

/** Our diagnostic `ours` whose mistake one of `theirs` reports too, or undefined. */
export function counterpartOf(ours: DiagnosticLike, theirs: readonly DiagnosticLike[]): DiagnosticLike | undefined {
  const counterpart = COUNTERPARTS[codeOf(ours)];
  if (!counterpart) return undefined;
  return theirs.find(
    (other) =>
      counterpart.source(other.source ?? '') &&
      counterpart.same(other, ours) &&
      (counterpart.where === 'document' || other.range.start.line === ours.range.start.line),
  );
}

/** `ours` without the findings that `theirs` (another extension's diagnostics on the same document) already report. */
export function withoutDuplicates<T extends DiagnosticLike>(
  ours: readonly T[],
  theirs: readonly DiagnosticLike[],
): T[] {
  if (theirs.length === 0) return [...ours];
  return ours.filter((diagnostic) => !counterpartOf(diagnostic, theirs));
}

/** Our hover's paragraphs without those another hover shows word for word (blank-line separated Markdown). */
export function withoutSharedParagraphs(mine: string, others: readonly string[]): string {
  const shown = new Set(others.flatMap((other) => other.split(/\n\s*\n/).map((paragraph) => paragraph.trim())));
  const paragraphs = mine.split(/\n\s*\n/).map((paragraph) => paragraph.trim());
  const kept = paragraphs.filter((paragraph) => paragraph.length > 0 && !shown.has(paragraph));
  return kept.length === paragraphs.length ? mine : kept.join('\n\n');
}
