// Whole numbers in a widget's state: read from a link (where anything may have been typed) and
// kept inside the bounds the text or the model allows. Pure functions, unit-tested without a browser.

/** A whole number as written in a link or an ids field: an optional minus sign, then digits. */
export const INTEGER = /^-?\d+$/;

/** The note for a parameter that is present but not a whole number; each widget's strings word it. */
export type NotANumberNote = { readonly kind: 'not-a-number'; readonly param: string; readonly value: string };

/**
 * The whole-number parameter `name` of a link: `fallback` when it is absent, and also when it is
 * malformed ("two", "1.5"), which adds a note to `notes` so the reader learns why.
 */
export function integerParam(
  params: URLSearchParams,
  name: string,
  fallback: number,
  notes: { push(note: NotANumberNote): unknown },
): number {
  const value = params.get(name);
  if (value === null) return fallback;
  if (INTEGER.test(value.trim())) return Number.parseInt(value, 10);
  notes.push({ kind: 'not-a-number', param: name, value });
  return fallback;
}

/** `value` moved into low..high, both included (low ≤ high). */
export function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

/** A decimal number as written in a link: optional sign, digits, optional fraction ("-0.5", "2"). */
export const DECIMAL = /^-?\d+(\.\d+)?$/;

/** Like `integerParam`, for a parameter that may have a fraction. */
export function decimalParam(
  params: URLSearchParams,
  name: string,
  fallback: number,
  notes: { push(note: NotANumberNote): unknown },
): number {
  const value = params.get(name);
  if (value === null) return fallback;
  if (DECIMAL.test(value.trim())) return Number.parseFloat(value);
  notes.push({ kind: 'not-a-number', param: name, value });
  return fallback;
}
