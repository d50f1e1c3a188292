// Decimal numbers the reader types or a link carries ("3", "-0.5", "1e9"), read into a range.
// Pure functions, unit-tested without a browser. A value that is not a number keeps the fallback
// and a value outside the range is moved to its nearer end; either way a note says what happened,
// and the reader's text itself is never rewritten by these functions.
import { clamp, type NotANumberNote } from './numbers.ts';

/** An optional sign, digits with an optional decimal point, an optional exponent. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

export type DecimalRange = { readonly low: number; readonly high: number };

/** A number outside its range, and where it was moved. */
export type ClampedNote = {
  readonly kind: 'clamped';
  readonly param: string;
  readonly asked: number;
  readonly used: number;
  readonly low: number;
  readonly high: number;
};

export type DecimalNote = NotANumberNote | ClampedNote;

/** The number `text` spells, or undefined when it spells none (empty, "abc", "1,5", "Infinity"). */
export function parseDecimal(text: string): number | undefined {
  const trimmed = text.trim();
  if (!DECIMAL.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

/**
 * `text` read as a number in `range`: `fallback` (with a not-a-number note) when it is no number,
 * the nearer end (with a clamped note) when it lies outside. Notes name the field as `param`.
 */
export function readDecimal(
  text: string,
  param: string,
  fallback: number,
  range: DecimalRange,
  notes: { push(note: DecimalNote): unknown },
): number {
  const value = parseDecimal(text);
  if (value === undefined) {
    notes.push({ kind: 'not-a-number', param, value: text });
    return fallback;
  }
  const used = clamp(value, range.low, range.high);
  if (used !== value) notes.push({ kind: 'clamped', param, asked: value, used, ...range });
  return used;
}
