/**
 * resource.Quantity as the API server decodes it, ported from k8s.io/apimachinery/pkg/api/resource/quantity.go
 * (ParseQuantity, parseQuantityString, suffixHandler.interpret) and UnmarshalJSON (which trims surrounding spaces
 * first). A value that does not parse makes the server refuse the whole request before any validation runs.
 */

/** An exact quantity: `sign × digits × 10^exp10 × 2^exp2`, comparable without floating point. */
export interface Quantity {
  negative: boolean;
  digits: bigint;
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
  let whole = text.slice(numberStart, pos);
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
  if (whole === '') whole = '0';
  const digits = BigInt(whole + fraction);
  return { negative: negative && digits !== 0n, digits, exp10: exp10 - fraction.length, exp2 };
}

/** Compares two quantities: negative, zero or positive as `a` is less than, equal to or greater than `b`. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  if (a.negative !== b.negative) return a.negative ? -1 : 1;
  const sign = a.negative ? -1 : 1;
  if (a.digits === 0n || b.digits === 0n) return sign * (Number(a.digits !== 0n) - Number(b.digits !== 0n));
  // Far-apart exponents: the magnitudes differ by more than the digits can make up.
  const magnitude = (q: Quantity) => q.digits.toString().length + q.exp10 + q.exp2 * Math.log10(2);
  const gap = magnitude(a) - magnitude(b);
  if (Math.abs(gap) > 2) return sign * Math.sign(gap);
  const exp10 = Math.min(a.exp10, b.exp10);
  const exp2 = Math.min(a.exp2, b.exp2);
  const scaled = (q: Quantity) => q.digits * 10n ** BigInt(q.exp10 - exp10) * 2n ** BigInt(q.exp2 - exp2);
  const left = scaled(a);
  const right = scaled(b);
  return sign * (left === right ? 0 : left > right ? 1 : -1);
}
