// Whole numbers in a widget's state: read from a link (where anything may have been typed) and
// kept inside the bounds the text or the model allows. Pure functions, unit-tested without a browser.

/** A whole number as written in a link or an ids field: an optional minus sign, then digits. */
export const INTEGER = /^-?\d+$/;

/** The note for a parameter that is present but not a whole number; each widget's strings word it. */
export type NotANumberNote = { readonly kind: 'not-a-number'; readonly param: string; readonly value: string };

/** A decimal number as written in a link: optional sign, digits, optional fraction ("-0.5", "2"). */
export const DECIMAL = /^-?\d+(\.\d+)?$/;

/**
 * The number parameter `name` of a link, if it matches `pattern`: `fallback` when it is absent, and
 * also when it is malformed ("two", "1e3"), which adds a note to `notes` so the reader learns why.
 */
function numberParam(
  pattern: RegExp,
  params: URLSearchParams,
  name: string,
  fallback: number,
  notes: { push(note: NotANumberNote): unknown },
): number {
  const value = params.get(name);
  if (value === null) return fallback;
  if (pattern.test(value.trim())) return Number(value.trim());
  notes.push({ kind: 'not-a-number', param: name, value });
  return fallback;
}

/** A whole-number parameter ("1.5" is malformed); see `numberParam`. */
export const integerParam = (...args: [URLSearchParams, string, number, { push(note: NotANumberNote): unknown }]): number =>
  numberParam(INTEGER, ...args);

/** A parameter that may have a fraction; see `numberParam`. */
export const decimalParam = (...args: [URLSearchParams, string, number, { push(note: NotANumberNote): unknown }]): number =>
  numberParam(DECIMAL, ...args);

/**
 * `asked` rounded by `round` and moved into low..high; a value that is not a finite number (an empty
 * field) becomes `low`. The caller compares the result with `asked` to note a change.
 */
export function clampAsked(asked: number, low: number, high: number, round: (x: number) => number = Math.round): number {
  return Number.isFinite(asked) ? clamp(round(asked), low, high) : low;
}

/** `value` moved into low..high, both included (low ≤ high). */
export function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

