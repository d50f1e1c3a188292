// Open a Hugging Face-style checkpoint folder: config.json plus either one model.safetensors or shards
// listed in model.safetensors.index.json ({"weight_map": {tensor name: shard file}}).
//
// Headers are parsed (and checked) when the checkpoint is opened; tensor data is decoded to float32
// only when `get` asks for it, so opening a folder costs no more than reading its bytes.
import { CheckpointError } from './errors.ts';
import { decodeTensor, parseSafetensors } from './safetensors.ts';
import type { Dtype, SafetensorsFile } from './safetensors.ts';
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

/** Which file holds each tensor, and the parsed files. */
async function openShards(source: CheckpointSource, files: string[]): Promise<Map<string, SafetensorsFile>> {
  if (files.includes(INDEX_FILE)) {
    const map = weightMap(await readJson(source, INDEX_FILE));
    const shardNames = [...new Set(map.values())];
    const shards = new Map<string, SafetensorsFile>();
    for (const shard of shardNames) {
      if (!files.includes(shard)) {
        const example = [...map].find(([, file]) => file === shard)?.[0];
        throw new CheckpointError(
          `${INDEX_FILE}: shard '${shard}' (holding '${example}', among others) is missing from the folder`,
        );
      }
      shards.set(shard, parseSafetensors(shard, await source.readBytes(shard)));
    }
    const byTensor = new Map<string, SafetensorsFile>();
    for (const [name, shard] of map) {
      const file = shards.get(shard) as SafetensorsFile;
      if (!file.entries.has(name)) {
        throw new CheckpointError(`${INDEX_FILE}: weight_map puts tensor '${name}' in '${shard}', which has no such tensor`);
      }
      byTensor.set(name, file);
    }
    return byTensor;
  }
  if (files.includes(SINGLE_FILE)) {
    const file = parseSafetensors(SINGLE_FILE, await source.readBytes(SINGLE_FILE));
    return new Map([...file.entries.keys()].map((name) => [name, file]));
  }
  const legacy = files.some((f) => f.startsWith('pytorch_model') || f.endsWith('.bin'))
    ? ' (PyTorch .bin checkpoints are not read here: convert them to safetensors first)'
    : '';
  throw new CheckpointError(`no ${SINGLE_FILE} or ${INDEX_FILE} in the checkpoint folder${legacy}`);
}

export async function loadCheckpoint(source: CheckpointSource): Promise<Checkpoint> {
  const files = source.list();
  if (!files.includes(CONFIG_FILE)) throw new CheckpointError(`no ${CONFIG_FILE} in the checkpoint folder`);
  const config = await readJson(source, CONFIG_FILE);
  const byTensor = await openShards(source, files);

  const fileOf = (name: string): SafetensorsFile => {
    const file = byTensor.get(name);
    if (file === undefined) throw new CheckpointError(`no tensor '${name}' in the checkpoint`);
    return file;
  };
  const tensors: TensorStore = {
    names: () => [...byTensor.keys()],
    has: (name) => byTensor.has(name),
    info: (name) => {
      const file = fileOf(name);
      const entry = file.entries.get(name);
      if (entry === undefined) throw new CheckpointError(`${file.fileName}: no tensor '${name}'`);
      return { dtype: entry.dtype, shape: entry.shape, file: file.fileName };
    },
    get: (name) => {
      const file = fileOf(name);
      return { shape: tensors.info(name).shape, data: decodeTensor(file, name) };
    },
  };
  return { config, tensors };
}
