// Typed reads of config.json keys, each refusing a bad value with a message that names the key.
//
// Geometry keys (sizes, head counts) are required: a tiny config that forgot hidden_size must not
// silently become a 4096-wide model. Optional keys take the default of the family's config class,
// which is what the official code would use. JSON null counts as absent (HF writes "rope_scaling": null).

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export type ConfigReader = {
  has(key: string): boolean;
  /** The raw value, or undefined when absent or null. */
  raw(key: string): unknown;
  /** A positive integer (a size or a count). */
  int(key: string, fallback?: number): number;
  /** A non-negative integer (a token id). */
  id(key: string, fallback?: number): number;
  /** A finite number greater than zero (eps, rope base, factors). */
  positive(key: string, fallback?: number): number;
  bool(key: string, fallback?: boolean): boolean;
  string(key: string, fallback?: string): string;
  /** Throw a ConfigError about `key`: "config.json: <key> <why>". */
  fail(key: string, why: string): never;
};

export const describe = (value: unknown): string => JSON.stringify(value) ?? String(value);

export function configReader(config: unknown, fileName = 'config.json'): ConfigReader {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new ConfigError(`${fileName}: not a JSON object`);
  }
  const values = config as Record<string, unknown>;
  const fail = (key: string, why: string): never => {
    throw new ConfigError(`${fileName}: ${key} ${why}`);
  };
  const raw = (key: string): unknown => (Object.hasOwn(values, key) && values[key] !== null ? values[key] : undefined);

  // Read a key, apply the fallback when absent, and check the value with `valid`.
  function read<T>(key: string, fallback: T | undefined, valid: (v: unknown) => v is T, what: string): T {
    const value = raw(key);
    if (value === undefined) {
      if (fallback === undefined) return fail(key, 'is missing');
      return fallback;
    }
    if (!valid(value)) return fail(key, `must be ${what}, got ${describe(value)}`);
    return value;
  }
  const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

  return {
    has: (key) => raw(key) !== undefined,
    raw,
    int: (key, fallback) =>
      read(key, fallback, (v): v is number => Number.isSafeInteger(v) && (v as number) > 0, 'a positive integer'),
    id: (key, fallback) =>
      read(key, fallback, (v): v is number => Number.isSafeInteger(v) && (v as number) >= 0, 'a non-negative integer'),
    positive: (key, fallback) => read(key, fallback, (v): v is number => isNumber(v) && v > 0, 'a number greater than 0'),
    bool: (key, fallback) => read(key, fallback, (v): v is boolean => typeof v === 'boolean', 'true or false'),
    string: (key, fallback) => read(key, fallback, (v): v is string => typeof v === 'string', 'a string'),
    fail,
  };
}

/** Checks every family shares: the release dtype, and whole heads. */
export function releaseDtype(r: ConfigReader): 'float32' | 'float16' | 'bfloat16' | null {
  if (!r.has('torch_dtype')) return null;
  const dtype = r.string('torch_dtype');
  if (dtype !== 'float32' && dtype !== 'float16' && dtype !== 'bfloat16') {
    return r.fail('torch_dtype', `must be float32, float16 or bfloat16, got ${describe(dtype)}`);
  }
  return dtype;
}

/** `hiddenKey / headsKey` when it divides evenly, else a ConfigError naming both keys. */
export function headDimOf(r: ConfigReader, hiddenKey: string, headsKey: string): number {
  const hidden = r.int(hiddenKey);
  const heads = r.int(headsKey);
  if (hidden % heads !== 0) {
    return r.fail(headsKey, `(${heads}) must divide ${hiddenKey} (${hidden}) into whole heads`);
  }
  return hidden / heads;
}

/** The MLP activation must be SiLU where the family's code reads hidden_act. */
export function requireSilu(r: ConfigReader): void {
  const act = r.string('hidden_act', 'silu');
  if (act !== 'silu') r.fail('hidden_act', `must be "silu" (SwiGLU), got ${describe(act)}`);
}
