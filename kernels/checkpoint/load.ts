// Open a Hugging Face-style checkpoint folder: config.json plus either one model.safetensors or shards
// listed in model.safetensors.index.json ({"weight_map": {tensor name: shard file}}).
//
// Headers are parsed (and checked) when the checkpoint is opened; tensor data is decoded to float32
// only when `get` asks for it, so opening a folder costs no more than reading its bytes.
import { CheckpointError } from './errors.ts';
import { decodeTensor, parseSafetensors } from './safetensors.ts';
import type { Dtype, SafetensorsHeader } from './safetensors.ts';
import type { CheckpointSource, RangeSource } from './source.ts';

export const CONFIG_FILE = 'config.json';
export const SINGLE_FILE = 'model.safetensors';
export const INDEX_FILE = 'model.safetensors.index.json';

export type LoadedTensor = { readonly shape: readonly number[]; readonly data: Float32Array };
export type TensorInfo = { readonly dtype: Dtype; readonly shape: readonly number[]; readonly file: string };

/** What the headers say about a checkpoint's tensors, without reading their data. */
export type TensorIndex = {
  names(): string[];
  has(name: string): boolean;
  /** Dtype, shape and file of a tensor, without decoding it. */
  info(name: string): TensorInfo;
};

export type TensorStore = TensorIndex & {
  /** The tensor as float32, decoded now (not cached: the caller keeps what it needs). */
  get(name: string): LoadedTensor;
};

export type Checkpoint = {
  /** config.json as parsed JSON; `detectModel` checks and interprets it. */
  readonly config: unknown;
  readonly tensors: TensorStore;
};

export async function readJson(source: Pick<RangeSource, 'readText'>, name: string): Promise<unknown> {
  const text = await source.readText(name);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CheckpointError(`${name}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** weight_map from the index, checked to be tensor name → shard file name. */
function weightMap(index: unknown): Map<string, string> {
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

/** Which file holds each tensor, with each file's header as `open` parses it (whole file or header only). */
export async function openShards<F extends SafetensorsHeader>(
  source: Pick<RangeSource, 'readText'>,
  files: string[],
  open: (file: string) => Promise<F>,
): Promise<Map<string, F>> {
  if (files.includes(INDEX_FILE)) {
    const map = weightMap(await readJson(source, INDEX_FILE));
    const shardNames = [...new Set(map.values())];
    const shards = new Map<string, F>();
    for (const shard of shardNames) {
      if (!files.includes(shard)) {
        const example = [...map].find(([, file]) => file === shard)?.[0];
        throw new CheckpointError(
          `${INDEX_FILE}: shard '${shard}' (holding '${example}', among others) is missing from the folder`,
        );
      }
      shards.set(shard, await open(shard));
    }
    const byTensor = new Map<string, F>();
    for (const [name, shard] of map) {
      const file = shards.get(shard) as F;
      if (!file.entries.has(name)) {
        throw new CheckpointError(`${INDEX_FILE}: weight_map puts tensor '${name}' in '${shard}', which has no such tensor`);
      }
      byTensor.set(name, file);
    }
    return byTensor;
  }
  if (files.includes(SINGLE_FILE)) {
    const file = await open(SINGLE_FILE);
    return new Map([...file.entries.keys()].map((name) => [name, file]));
  }
  const legacy = files.some((f) => f.startsWith('pytorch_model') || f.endsWith('.bin'))
    ? ' (PyTorch .bin checkpoints are not read here: convert them to safetensors first)'
    : '';
  throw new CheckpointError(`no ${SINGLE_FILE} or ${INDEX_FILE} in the checkpoint folder${legacy}`);
}

/** The index part of a store over files parsed by `openShards`; `fileOf` finds a tensor's file. */
export function tensorIndex<F extends SafetensorsHeader>(byTensor: ReadonlyMap<string, F>): TensorIndex & { fileOf(name: string): F } {
  const fileOf = (name: string): F => {
    const file = byTensor.get(name);
    if (file === undefined) throw new CheckpointError(`no tensor '${name}' in the checkpoint`);
    return file;
  };
  return {
    names: () => [...byTensor.keys()],
    has: (name) => byTensor.has(name),
    info: (name) => {
      const file = fileOf(name);
      const entry = file.entries.get(name);
      if (entry === undefined) throw new CheckpointError(`${file.fileName}: no tensor '${name}'`);
      return { dtype: entry.dtype, shape: entry.shape, file: file.fileName };
    },
    fileOf,
  };
}

/** config.json, checked to be there, parsed. */
export async function readConfig(source: Pick<RangeSource, 'list' | 'readText'>): Promise<unknown> {
  if (!source.list().includes(CONFIG_FILE)) throw new CheckpointError(`no ${CONFIG_FILE} in the checkpoint folder`);
  return readJson(source, CONFIG_FILE);
}

/** Reads every weight file whole; lazy.ts reads only headers, then tensors on demand. */
export async function loadCheckpoint(source: CheckpointSource): Promise<Checkpoint> {
  const config = await readConfig(source);
  const index = tensorIndex(
    await openShards(source, source.list(), async (file) => parseSafetensors(file, await source.readBytes(file))),
  );
  const tensors: TensorStore = {
    names: index.names,
    has: index.has,
    info: index.info,
    get: (name) => ({ shape: index.info(name).shape, data: decodeTensor(index.fileOf(name), name) }),
  };
  return { config, tensors };
}
