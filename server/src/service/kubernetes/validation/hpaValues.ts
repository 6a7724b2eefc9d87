/**
 * Value syntax the autoscaling validation checks, in the API server's words. (The `semantics` branch has a fuller
 * quantity module; these are the few pieces the HPA rules need, to be merged with it.)
 */

/**
 * k8s.io/apimachinery/pkg/api/resource ParseQuantity: a signed decimal (one dot at most) and one suffix: binary
 * (Ki..Ei), decimal SI (n u m k M G T P E) or a decimal exponent (e3, E-2). The sign of the number, or undefined
 * when the text is not a quantity.
 */
const QUANTITY = /^([+-]?)(\d+\.?\d*|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

export function quantitySign(written: string | number): -1 | 0 | 1 | undefined {
  if (typeof written === 'number') return Number.isFinite(written) ? (Math.sign(written) as -1 | 0 | 1) : undefined;
  const match = QUANTITY.exec(written);
  if (!match) return undefined;
  if (Number(match[2]) === 0) return 0;
  return match[1] === '-' ? -1 : 1;
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

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** apimachinery IsDNS1123Subdomain: the HPA's own name (ValidateHorizontalPodAutoscalerName). */
export function dnsSubdomainErrors(name: string): string[] {
  if (name.length > 253) return ['must be no more than 253 characters'];
  if (!name.split('.').every((part) => DNS1123_LABEL.test(part)))
    return [
      "must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
    ];
  return [];
}

/** apimachinery IsDNS1123Label: a ContainerResource metric's container. */
export function dnsLabelErrors(name: string): string[] {
  if (name.length > 63) return ['must be no more than 63 characters'];
  if (!DNS1123_LABEL.test(name))
    return [
      "must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
    ];
  return [];
}
