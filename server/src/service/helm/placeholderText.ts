/**
 * The characters masking writes in place of template text. Kept apart from mask.ts so that each masking step (the
 * line masking, the output lines, the renamed keys) writes them the same way without importing the whole masking.
 */

/**
 * The character a masked template action is written with (Unicode private use: it never occurs in a real manifest,
 * and YAML reads it as an ordinary plain-scalar character). A value that contains it came from an action: its type,
 * enum and format are unknown until helm renders the chart.
 */
export const TEMPLATE_PLACEHOLDER = '\uE000';

/**
 * `length` characters that read as one plain scalar: TEMPLATE_PLACEHOLDER, the tag (what makes two placeholders equal
 * or different: YAML's unique-key check compares them), padded with TEMPLATE_PLACEHOLDER.
 */
export function placeholderText(tag: string, length: number): string {
  if (length <= 2) return TEMPLATE_PLACEHOLDER.repeat(length);
  const middle = tag.slice(0, length - 2);
  return TEMPLATE_PLACEHOLDER + middle + TEMPLATE_PLACEHOLDER.repeat(length - 1 - middle.length);
}
