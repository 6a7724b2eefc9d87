/**
 * resource.Quantity as the API server decodes it, ported from k8s.io/apimachinery/pkg/api/resource/quantity.go
 * (ParseQuantity, parseQuantityString, suffixHandler.interpret) and UnmarshalJSON (which trims surrounding spaces
 * first). A value that does not parse makes the server refuse the whole request before any validation runs.
 */

/** An exact quantity: `sign × digits × 10^exp10 × 2^exp2` (digits a decimal string without leading zeros, or "0"). */
export interface Quantity {
  negative: boolean;
  digits: string;
  exp10: number;
  exp2: number;
}

export const QUANTITY_SYNTAX =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

const DECIMAL_SUFFIX: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIX: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const SUFFIX_CHARS = 'eEinumkKMGTP';
const isDigit = (char: string | undefined) => char !== undefined && char >= '0' && char <= '9';

/**
 * Parses a quantity's text as the API server does; undefined when the server would refuse it ("100 m", "1.5Gb",
 * "", "2 cores"). Numbers written as YAML numbers come here as their decimal text.
 */
export function parseQuantity(raw: string): Quantity | undefined {
  const text = raw.trim();
  if (text.length === 0 || text.length > 100) return undefined;
  let pos = 0;
  let negative = false;
  if (text[0] === '-' || text[0] === '+') {
    negative = text[0] === '-';
    pos++;
  }
  const numberStart = pos;
  while (isDigit(text[pos])) pos++;
  const whole = text.slice(numberStart, pos);
  let fraction = '';
  if (text[pos] === '.') {
    pos++;
    const fractionStart = pos;
    while (isDigit(text[pos])) pos++;
    fraction = text.slice(fractionStart, pos);
  }
  const suffixStart = pos;
  while (pos < text.length && SUFFIX_CHARS.includes(text[pos])) pos++;
  if (text[pos] === '-' || text[pos] === '+') pos++;
  while (isDigit(text[pos])) pos++;
  // parseQuantityString: a character the suffix grammar does not take is ErrFormatWrong.
  if (pos < text.length) return undefined;
  const suffix = text.slice(suffixStart);
  let exp10 = 0;
  let exp2 = 0;
  if (Object.hasOwn(DECIMAL_SUFFIX, suffix)) exp10 = DECIMAL_SUFFIX[suffix];
  else if (Object.hasOwn(BINARY_SUFFIX, suffix)) exp2 = BINARY_SUFFIX[suffix];
  else if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && /^[-+]?\d{1,9}$/.test(suffix.slice(1)))
    exp10 = Number(suffix.slice(1));
  else return undefined; // ErrSuffix
  const digits = (whole + fraction).replace(/^0+/, '') || '0';
  return { negative: negative && digits !== '0', digits, exp10: exp10 - fraction.length, exp2 };
}

/**
 * The multiplier suffix a quantity's text ends with, and how it counts: `Mi` is 1024^2 (binary), `M` 1000^2 (decimal).
 * Only the suffixes that multiply (`k` up, `Ki` up): not `m`, `u`, `n` or an exponent.
 */
export function multiplierSuffix(text: string): { suffix: string; base: 1000 | 1024; power: number } | undefined {
  const suffix = /(?:[KMGTPE]i|[kMGTPE])$/.exec(text.trim())?.[0];
  if (suffix === undefined) return undefined;
  return Object.hasOwn(BINARY_SUFFIX, suffix)
    ? { suffix, base: 1024, power: BINARY_SUFFIX[suffix] / 10 }
    : { suffix, base: 1000, power: DECIMAL_SUFFIX[suffix] / 3 };
}

/** Compares two quantities: negative, zero or positive as `a` is less than, equal to or greater than `b`. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  if (a.negative !== b.negative) return a.negative ? -1 : 1;
  const sign = a.negative ? -1 : 1;
  const aZero = a.digits === '0';
  const bZero = b.digits === '0';
  if (aZero || bZero) return sign * (Number(!aZero) - Number(!bZero));
  // Orders of magnitude first: far apart, the answer needs no arithmetic; close, it is computed exactly.
  const magnitude = (q: Quantity) => q.digits.length + q.exp10 + q.exp2 * Math.log10(2);
  const gap = magnitude(a) - magnitude(b);
  if (Math.abs(gap) > 2) return sign * Math.sign(gap);
  const approximate = (q: Quantity) => Number(q.digits) * 10 ** q.exp10 * 2 ** q.exp2;
  const [left0, right0] = [approximate(a), approximate(b)];
  if (Math.abs(left0 - right0) > 1e-9 * Math.max(Math.abs(left0), Math.abs(right0)))
    return sign * (left0 > right0 ? 1 : -1);
  const exp10 = Math.min(a.exp10, b.exp10);
  const exp2 = Math.min(a.exp2, b.exp2);
  const scaled = (q: Quantity) => BigInt(q.digits) * 10n ** BigInt(q.exp10 - exp10) * 2n ** BigInt(q.exp2 - exp2);
  const left = scaled(a);
  const right = scaled(b);
  return sign * (left === right ? 0 : left > right ? 1 : -1);
}

/** Whether a quantity is a whole number (extended resources are counted whole). */
export function isWholeQuantity(quantity: Quantity): boolean {
  if (quantity.exp10 >= 0 || quantity.digits === '0') return true;
  if (quantity.exp10 < -40) return false;
  return (BigInt(quantity.digits) * 2n ** BigInt(quantity.exp2)) % 10n ** BigInt(-quantity.exp10) === 0n;
}
