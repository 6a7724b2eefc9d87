/**
 * intstr.IntOrString as the apps validation reads it (pkg/apis/apps/validation: ValidatePositiveIntOrPercent,
 * getIntOrPercentValue, IsNotMoreThan100Percent; apimachinery IsValidPercent: `^[0-9]+%$`).
 */
export type IntOrPercent =
  | { kind: 'int'; value: number }
  | { kind: 'percent'; value: number }
  /** A string that is not `<digits>%` (`"25"`, `"25 %"`, `"1.5%"`): rejected. */
  | { kind: 'invalid'; text: string };

const PERCENT = /^[0-9]+%$/;

/** Reads a YAML scalar's value (a number, or a string) as the API server decodes an IntOrString. */
export function readIntOrPercent(value: unknown): IntOrPercent | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? { kind: 'int', value } : undefined;
  if (typeof value !== 'string') return undefined;
  if (PERCENT.test(value)) return { kind: 'percent', value: Number(value.slice(0, -1)) };
  return { kind: 'invalid', text: value };
}

/** getIntOrPercentValue: the number either way (`25%` -> 25), what the both-zero check compares. */
export function intOrPercentValue(parsed: IntOrPercent): number | undefined {
  return parsed.kind === 'invalid' ? undefined : parsed.value;
}
