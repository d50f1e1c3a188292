// What the layered WebGPU page runs, shared with the test that runs the same in Node.
import type { ReplicaName } from '../../../kernels/families/tiny/replica.ts';

export const LAYERED_GPU_CASE = {
  /** BF16 weights (kept 16-bit where the device allows) and a head tied to the embedding. */
  replica: 'qwen2' as ReplicaName,
  promptLength: 5,
  /** SwiftShader compiles shaders on the CPU: a few steps are enough to feed the cache back. */
  decodeSteps: 3,
  /** 100 float32 rows of 64: the 256-row head goes up as three GPU slices. */
  headSliceBytes: 25_600,
} as const;
