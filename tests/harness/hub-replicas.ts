// The tiny replicas as the releases they stand for are published: BF16, in two or three shards with
// model.safetensors.index.json (like the 0.5B–7B checkpoints). What the stand-in hub serves in the
// command line's and the browser's hub tests.
import { reshardCheckpoint } from '../../kernels/checkpoint/shard.ts';
import { tinyReplica, TINY_REPLICAS, type ReplicaName } from '../../kernels/families/tiny/replica.ts';

/** Replica `i` of TINY_REPLICAS in 2 + (i mod 2) shards. */
export async function releasedReplica(name: ReplicaName): Promise<Map<string, Uint8Array>> {
  const i = TINY_REPLICAS.indexOf(name);
  return reshardCheckpoint(tinyReplica(name).files, { dtype: 'BF16', shards: 2 + (i % 2) });
}
