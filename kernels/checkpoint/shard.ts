// Writing a checkpoint the way `save_pretrained` lays it out: one model.safetensors, or shards named
// model-00001-of-0000N.safetensors with model.safetensors.index.json mapping each tensor to its shard.
// Also re-encoding a whole checkpoint (another dtype, another number of shards), which the tests use
// to turn the tiny replicas into BF16 shards like the real releases.
import { CheckpointError } from './errors.ts';
import { CONFIG_FILE, INDEX_FILE, SINGLE_FILE, loadCheckpoint } from './load.ts';
import { dtypeBytes, writeSafetensors } from './safetensors.ts';
import type { WritableDtype, WritableTensor } from './safetensors.ts';
import { memorySource } from './source.ts';

/** What PyTorch's save_file writes into every header. */
const METADATA = { format: 'pt' };

/** A JSON file as transformers writes it (two-space indent, final newline). */
export const encodeJson = (value: unknown): Uint8Array =>
  new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);

export function shardName(index: number, count: number): string {
  const pad = (n: number) => String(n).padStart(5, '0');
  return `model-${pad(index + 1)}-of-${pad(count)}.safetensors`;
}

/** File name → bytes of the weights: contiguous runs of `tensors` per shard, plus the index when shards > 1. */
export function writeShards(tensors: readonly WritableTensor[], shards: number): Map<string, Uint8Array> {
  if (!Number.isInteger(shards) || shards < 1) throw new Error(`writeShards: ${shards} is not a number of shards`);
  if (shards === 1) return new Map([[SINGLE_FILE, writeSafetensors(tensors, METADATA)]]);
  const files = new Map<string, Uint8Array>();
  const weightMap: Record<string, string> = {};
  const perShard = Math.ceil(tensors.length / shards);
  let totalSize = 0;
  for (let s = 0; s < shards; s++) {
    const file = shardName(s, shards);
    const part = tensors.slice(s * perShard, (s + 1) * perShard);
    for (const t of part) {
      weightMap[t.name] = file;
      totalSize += t.data.length * dtypeBytes(t.dtype);
    }
    files.set(file, writeSafetensors(part, METADATA));
  }
  const sorted = Object.fromEntries(Object.entries(weightMap).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  files.set(INDEX_FILE, encodeJson({ metadata: { total_size: totalSize }, weight_map: sorted }));
  return files;
}

/**
 * The same checkpoint with every tensor stored as `dtype` in `shards` files. Files that are not
 * weights (config.json, tokenizer files) are kept as they are.
 */
export async function reshardCheckpoint(
  files: ReadonlyMap<string, Uint8Array>,
  options: { readonly dtype: WritableDtype; readonly shards: number },
): Promise<Map<string, Uint8Array>> {
  if (!files.has(CONFIG_FILE)) throw new CheckpointError(`no ${CONFIG_FILE} in the checkpoint`);
  const { tensors } = await loadCheckpoint(memorySource(files));
  const written: WritableTensor[] = tensors.names().map((name) => {
    const { shape, data } = tensors.get(name);
    return { name, dtype: options.dtype, shape, data };
  });
  const isWeights = (name: string) => name === INDEX_FILE || name.endsWith('.safetensors');
  const kept = [...files].filter(([name]) => !isWeights(name));
  return new Map([...kept, ...writeShards(written, options.shards)]);
}
