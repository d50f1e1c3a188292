// Open a Hugging Face-style checkpoint folder: config.json plus either one model.safetensors or shards
// listed in model.safetensors.index.json ({"weight_map": {tensor name: shard file}}).
//
// Headers are parsed (and checked) when the checkpoint is opened; tensor data is decoded to float32
// only when `get` asks for it, so opening a folder costs no more than reading its bytes.
import { CheckpointError } from './errors.ts';
import { decodeTensor, parseSafetensors } from './safetensors.ts';
import type { Dtype, SafetensorsFile, SafetensorsHeader } from './safetensors.ts';
import type { CheckpointSource } from './source.ts';

export const CONFIG_FILE = 'config.json';
export const SINGLE_FILE = 'model.safetensors';
export const INDEX_FILE = 'model.safetensors.index.json';

export type LoadedTensor = { readonly shape: readonly number[]; readonly data: Float32Array };
export type TensorInfo = { readonly dtype: Dtype; readonly shape: readonly number[]; readonly file: string };

export type TensorStore = {
  names(): string[];
  has(name: string): boolean;
  /** Dtype, shape and file of a tensor, without decoding it. */
  info(name: string): TensorInfo;
  /** The tensor as float32, decoded now (not cached: the caller keeps what it needs). */
  get(name: string): LoadedTensor;
};

export type Checkpoint = {
  /** config.json as parsed JSON; `detectModel` checks and interprets it. */
  readonly config: unknown;
  readonly tensors: TensorStore;
};

async function readJson(source: CheckpointSource, name: string): Promise<unknown> {
  const text = await source.readText(name);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CheckpointError(`${name}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** weight_map from the index, checked to be tensor name → shard file name. */
export function parseWeightMap(index: unknown): Map<string, string> {
  const map = typeof index === 'object' && index !== null ? (index as Record<string, unknown>)['weight_map'] : undefined;
  if (typeof map !== 'object' || map === null || Array.isArray(map)) {
    throw new CheckpointError(`${INDEX_FILE}: no "weight_map" object`);
  }
  const entries = Object.entries(map);
  for (const [name, file] of entries) {
    if (typeof file !== 'string') throw new CheckpointError(`${INDEX_FILE}: weight_map['${name}'] is not a file name`);
  }
  return new Map(entries as [string, string][]);
}

/** The error for a shard the index names but the folder (or repository) lacks. */
export function missingShard(map: ReadonlyMap<string, string>, shard: string, where: string): CheckpointError {
  const example = [...map].find(([, file]) => file === shard)?.[0];
  return new CheckpointError(`${INDEX_FILE}: shard '${shard}' (holding '${example}', among others) is missing from ${where}`);
}

/** Each tensor of the index with the parsed shard that holds it; a tensor its shard lacks is refused. */
export function tensorsByShard<F extends SafetensorsHeader>(map: ReadonlyMap<string, string>, shards: ReadonlyMap<string, F>): Map<string, F> {
  const byTensor = new Map<string, F>();
  for (const [name, shard] of map) {
    const file = shards.get(shard);
    if (file === undefined) throw missingShard(map, shard, 'the checkpoint');
    if (!file.entries.has(name)) {
      throw new CheckpointError(`${INDEX_FILE}: weight_map puts tensor '${name}' in '${shard}', which has no such tensor`);
    }
    byTensor.set(name, file);
  }
  return byTensor;
}

/** Every tensor of a single-file checkpoint, with its file. */
export function tensorsOfFile<F extends SafetensorsHeader>(file: F): Map<string, F> {
  return new Map([...file.entries.keys()].map((name) => [name, file]));
}

/** The message for a folder with neither weight layout, naming PyTorch .bin files when those are there. */
export function noSafetensors(files: readonly string[], where: string): CheckpointError {
  const legacy = files.some((f) => f.startsWith('pytorch_model') || f.endsWith('.bin'))
    ? ' (PyTorch .bin checkpoints are not read here: convert them to safetensors first)'
    : '';
  return new CheckpointError(`no ${SINGLE_FILE} or ${INDEX_FILE} in ${where}${legacy}`);
}

/** Which file holds each tensor, and the parsed files. */
async function openShards(source: CheckpointSource, files: string[]): Promise<Map<string, SafetensorsFile>> {
  if (files.includes(INDEX_FILE)) {
    const map = parseWeightMap(await readJson(source, INDEX_FILE));
    const shards = new Map<string, SafetensorsFile>();
    for (const shard of new Set(map.values())) {
      if (!files.includes(shard)) throw missingShard(map, shard, 'the folder');
      shards.set(shard, parseSafetensors(shard, await source.readBytes(shard)));
    }
    return tensorsByShard(map, shards);
  }
  if (files.includes(SINGLE_FILE)) return tensorsOfFile(parseSafetensors(SINGLE_FILE, await source.readBytes(SINGLE_FILE)));
  throw noSafetensors(files, 'the checkpoint folder');
}

/**
 * A TensorStore over files whose headers are known. `decode` gives a tensor's data; a store built
 * from headers alone (a plan made before downloading) has none to give.
 */
export function headerStore<F extends SafetensorsHeader>(byTensor: ReadonlyMap<string, F>, decode: (file: F, name: string) => Float32Array): TensorStore {
  const fileOf = (name: string): F => {
    const file = byTensor.get(name);
    if (file === undefined) throw new CheckpointError(`no tensor '${name}' in the checkpoint`);
    return file;
  };
  const info = (name: string): TensorInfo => {
    const file = fileOf(name);
    const entry = file.entries.get(name);
    if (entry === undefined) throw new CheckpointError(`${file.fileName}: no tensor '${name}'`);
    return { dtype: entry.dtype, shape: entry.shape, file: file.fileName };
  };
  return {
    names: () => [...byTensor.keys()],
    has: (name) => byTensor.has(name),
    info,
    get: (name) => ({ shape: info(name).shape, data: decode(fileOf(name), name) }),
  };
}

export async function loadCheckpoint(source: CheckpointSource): Promise<Checkpoint> {
  const files = source.list();
  if (!files.includes(CONFIG_FILE)) throw new CheckpointError(`no ${CONFIG_FILE} in the checkpoint folder`);
  const config = await readJson(source, CONFIG_FILE);
  const tensors = headerStore(await openShards(source, files), decodeTensor);
  return { config, tensors };
}
