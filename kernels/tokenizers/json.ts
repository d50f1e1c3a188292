// Reading tokenizer.json with errors that name the file and the key at fault, so a reader who picks
// an unusual tokenizer learns what is missing instead of getting garbled ids.
import { CheckpointError } from '../checkpoint/errors.ts';

export const TOKENIZER_FILE = 'tokenizer.json';

export type JsonObject = Readonly<Record<string, unknown>>;

export function fail(path: string, message: string): never {
  throw new CheckpointError(`${TOKENIZER_FILE}: ${path} ${message}`);
}

export function object(value: unknown, path: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    fail(path, `must be an object, got ${JSON.stringify(value)}`);
  return value as JsonObject;
}

export function array(value: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(value)) fail(path, `must be a list, got ${JSON.stringify(value)}`);
  return value;
}

export function string(o: JsonObject, key: string, path: string, fallback?: string): string {
  const value = o[key] ?? fallback;
  if (typeof value !== 'string') fail(`${path}.${key}`, `must be a string, got ${JSON.stringify(value)}`);
  return value;
}

export function bool(o: JsonObject, key: string, path: string, fallback: boolean): boolean {
  const value = o[key] ?? fallback;
  if (typeof value !== 'boolean') fail(`${path}.${key}`, `must be true or false, got ${JSON.stringify(value)}`);
  return value;
}

export function int(o: JsonObject, key: string, path: string, fallback?: number): number {
  const value = o[key] ?? fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    fail(`${path}.${key}`, `must be a whole number ≥ 0, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** The component's "type", checked against the ones this reader implements. */
export function kind<K extends string>(o: JsonObject, path: string, supported: readonly K[]): K {
  const type = string(o, 'type', path);
  if (!(supported as readonly string[]).includes(type))
    fail(`${path}.type`, `'${type}' is not supported (supported: ${supported.join(', ')})`);
  return type as K;
}

/** A `{"String": s}` or `{"Regex": r}` pattern, as a global JS RegExp. */
export function pattern(value: unknown, path: string): RegExp {
  const p = object(value, path);
  if (typeof p['String'] === 'string') return new RegExp(p['String'].replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gu');
  if (typeof p['Regex'] === 'string') {
    try {
      return new RegExp(inlineCaseInsensitive(p['Regex']), 'gu');
    } catch (error) {
      return fail(path, `regex cannot be used here: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return fail(path, 'must be {"String": …} or {"Regex": …}');
}

/**
 * Rust's `(?i:'s|'t)` (a case-insensitive group, used by Qwen2 and Llama 3 split patterns) is not
 * JavaScript syntax everywhere yet; spell each letter inside such a group as a class `[sS]`.
 */
function inlineCaseInsensitive(regex: string): string {
  return regex.replace(
    /\(\?i:([^()[\]\\]*)\)/g,
    (_, body: string) =>
      `(?:${body.replace(/\p{L}/gu, (c) => (c.toLowerCase() === c.toUpperCase() ? c : `[${c.toLowerCase()}${c.toUpperCase()}]`))})`,
  );
}
