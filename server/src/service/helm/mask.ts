import { findActions } from './actions';
import { fillMaskedBlockScalarStarts } from './blockScalars';
import { branchSignatures, NO_BRANCHES, type BranchSignatures } from './branches';
import { renameExclusiveDuplicateKeys } from './duplicateKeys';
import { blankBranchesThatContinueOutside } from './maskBranches';
import { maskLines, withDefineRegions } from './maskedLines';
import { commentTrailingBlocks, contentIndents, placeOutputLines } from './outputLines';
import { TEMPLATE_PLACEHOLDER } from './placeholderText';

export { TEMPLATE_PLACEHOLDER } from './placeholderText';

/** What a finding on a masked template's YAML says of it: the masking reads every branch of every `if` at once. */
export const READ_AS_TEMPLATE = ' (in a Helm template, with all its branches read at once)';

/** Whether a scalar (key or value) of a masked template came from a template action. */
export function isTemplatePlaceholder(value: string): boolean {
  return value.includes(TEMPLATE_PLACEHOLDER);
}

/**
 * A message or value for people: placeholder characters shown as `{{…}}`, which is what the template has there.
 */
export function readablePlaceholders(text: string): string {
  return text.includes(TEMPLATE_PLACEHOLDER) ? text.replace(PLACEHOLDER_RUN, '{{…}}') : text;
}

const PLACEHOLDER_RUN = /\uE000[0-9a-z]*\uE000*/g;

/** Whether a text holds Go template actions: such a YAML file is read as a template (masked) before it is parsed. */
export function hasTemplateActions(text: string): boolean {
  return text.includes('{{');
}

/**
 * Whether a masked document has actions that print something: a field missing from its text may come from one
 * (`{{- include "labels" . | nindent 4 }}`), so "missing required field" cannot be said of it.
 */
export function documentHasActions(maskedText: string): boolean {
  return maskedText.includes(TEMPLATE_PLACEHOLDER);
}

/**
 * Masks a Helm template into YAML that parses like the rendered chart would, with every offset kept (same length,
 * same line breaks), so findings on the masked text land on the template's own lines.
 *
 * - An action inside a line (`image: "{{ .Values.image }}"`, `replicas: {{ .Values.n }}`) becomes placeholder
 *   characters: a scalar that contains TEMPLATE_PLACEHOLDER. Equal actions mask to equal text, so the HPA of a chart
 *   and its Deployment still share a name (`{{ include "chart.fullname" . }}` in both).
 * - A line holding only actions that print nothing (`{{- if }}`, `{{- end }}`, `{{- fail }}`, comments) becomes blank;
 *   so do such actions after a line's text (`{{ with .x }}key: "{{ . }}"{{ end }}`: the `end`).
 * - A line holding only an action that prints YAML (`{{- include "labels" . | nindent 4 }}`) becomes, at the column its
 *   output starts (nindent N), what the lines around it are: a placeholder key in a map, a placeholder item in a
 *   sequence, or the placeholder value of the key above when it is that key's whole value.
 * - `define` bodies print nothing where they stand: blank.
 * - A key written twice in exclusive branches (`{{ if }} type: A {{ else }} type: B {{ end }}`, or two `if`s whose
 *   conditions never hold together: `if not .x` / `if .x`) is renamed to a placeholder in the later branch: one
 *   rendering never holds both. So is the name (port, mount path) of a list entry given again in such a branch.
 * - A masked line at the start of a `|` block scalar, longer than the scalar's indentation, is placeholder text at that
 *   indentation (in the template it is the scalar's first line of text; blank, YAML would refuse it).
 *
 * Every step is linear in the template's size (the typing path masks the template on each keystroke): no step walks
 * the lines between an action and its neighbours once per action.
 */
export function maskTemplate(text: string): string {
  return maskTemplateWithBranches(text).text;
}

/** A masked template, and which branches of its `if`/`range`/`with` blocks each offset is in (see branches.ts). */
export interface MaskedTemplate {
  text: string;
  branches: BranchSignatures;
}

/** maskTemplate, with the branches it read on the way: what a check asks of "is this written under a condition". */
export function maskTemplateWithBranches(text: string): MaskedTemplate {
  if (!hasTemplateActions(text)) return { text, branches: NO_BRANCHES };
  const actions = findActions(text);
  const pieces = withDefineRegions(actions);
  const branches = branchSignatures(actions);
  const lines = maskLines(text, pieces);
  if (lines.some((line) => line.output || line.trailingBlock)) {
    const indents = contentIndents(lines);
    placeOutputLines(lines, indents);
    commentTrailingBlocks(lines, indents);
  }
  blankBranchesThatContinueOutside(lines, actions);
  renameExclusiveDuplicateKeys(lines, branches);
  fillMaskedBlockScalarStarts(lines, text);
  return { text: lines.map((line) => line.text + line.ending).join(''), branches };
}
