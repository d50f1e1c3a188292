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

/** A number as widgets print it: three decimals (exponent form past 10⁴), a real minus sign. */
export function formatDecimal(value: number): string {
  const text = Math.abs(value) >= 1e4 ? value.toExponential(2) : value.toFixed(3);
  return text.replace(/^-/, '−');
}

/** The sentence for a decimal note, in the page's language. */
export function decimalNoteText(note: DecimalNote, lang: 'zh' | 'en'): string {
  const f = formatDecimal;
  if (note.kind === 'not-a-number')
    return lang === 'zh' ? `“${note.value}”不是数字（${note.param}），保留原来的值。` : `“${note.value}” is not a number (${note.param}); the last value is kept.`;
  return lang === 'zh'
    ? `${f(note.asked)} 超出范围 ${f(note.low)}…${f(note.high)}（${note.param}），已改用 ${f(note.used)}。`
    : `${f(note.asked)} is outside ${f(note.low)}…${f(note.high)} (${note.param}); ${f(note.used)} is used.`;
}
