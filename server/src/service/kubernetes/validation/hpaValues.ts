import { parseQuantity } from './quantity';

/** Value syntax the autoscaling validation checks beyond the shared name and quantity helpers. */

/**
 * The sign of a quantity as the API server decodes it (resource.ParseQuantity; YAML numbers as their decimal
 * text), or undefined when it is not a quantity: validateMetricTarget wants value and averageValue above 0.
 */
export function quantitySign(written: string | number): -1 | 0 | 1 | undefined {
  if (typeof written === 'number') return Number.isFinite(written) ? (Math.sign(written) as -1 | 0 | 1) : undefined;
  const quantity = parseQuantity(written);
  if (!quantity) return undefined;
  if (quantity.digits === '0') return 0;
  return quantity.negative ? -1 : 1;
}

/**
 * k8s.io/apimachinery/pkg/api/validation/path IsValidPathSegmentName: what scaleTargetRef, describedObject and
 * metric names must be (they become URL path segments): not `.` or `..`, no `/` or `%`. Upper case is allowed.
 */
export function pathSegmentNameErrors(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  const errors: string[] = [];
  for (const illegal of ['/', '%']) if (name.includes(illegal)) errors.push(`may not contain '${illegal}'`);
  return errors;
}
