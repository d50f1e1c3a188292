// Whole-model parity: a few tiny replicas, chosen so that together they cover every family
// variant (GQA with rotate-half RoPE; ChatGLM-6B's 2-D RoPE, prefix mask, LayerNorm, GELU and
// DeepNorm residual with a tied head; ChatGLM2's interleaved partial RoPE and grouped qkv; ALiBi
// with NormHead; Qwen's c_attn packing and w1·silu(w2) MLP), each run through ModelRunner on the
// site's runtime and on WASM. The test also runs them in Node and compares.
import { loadCheckpoint } from '../../../kernels/checkpoint/load.ts';
import { memorySource } from '../../../kernels/checkpoint/source.ts';
import { ModelRunner } from '../../../kernels/families/forward/runner.ts';
import { sampleIds } from '../../../kernels/families/sample-ids.ts';
import { tinyReplica, type ReplicaName } from '../../../kernels/families/tiny/replica.ts';
import { seedFromText, seededRandom } from '../../../kernels/random.ts';
import { messageOf, type Backend, type Runtime } from '../../../kernels/runtime/runtime.ts';
import { maxAbsDiff } from '../../../kernels/tensor.ts';

export const DECODER_REPLICAS: readonly ReplicaName[] = ['llama2-gqa', 'chatglm-6b', 'chatglm2-6b', 'baichuan2-13b', 'qwen'];
export const DECODER_TOKENS = 8;
/** Whole models: float32 everywhere, a few layers deep. */
export const DECODER_TOLERANCE = 1e-4;

export type DecoderReport = {
  readonly name: ReplicaName;
  readonly ids: number[];
  readonly backend: Backend | undefined;
  /** Largest |site runtime − WASM| over logits and attention probabilities. */
  readonly maxDiff: number;
  /** The site runtime's logits [T, V], row-major, for the comparison with Node. */
  readonly logits: number[];
  readonly error?: string;
};

export async function runDecoder(name: ReplicaName, auto: Runtime, wasm: Runtime): Promise<DecoderReport> {
  let ids: number[] = [];
  try {
    const checkpoint = await loadCheckpoint(memorySource(tinyReplica(name).files));
    const onAuto = await ModelRunner.open(auto, checkpoint, { id: `parity-${name}` });
    const onWasm = await ModelRunner.open(wasm, checkpoint, { id: `parity-${name}` });
    ids = sampleIds(onAuto.spec, seededRandom(seedFromText(name)), DECODER_TOKENS);
    const a = await onAuto.prefill(ids, { attn: true });
    const w = await onWasm.prefill(ids, { attn: true });
    let maxDiff = maxAbsDiff(a.logits.data, w.logits.data);
    a.attn?.forEach((layer, l) => (maxDiff = Math.max(maxDiff, maxAbsDiff(layer.data, w.attn![l]!.data))));
    return { name, ids, backend: a.backend, maxDiff, logits: Array.from(a.logits.data) };
  } catch (error) {
    return { name, ids, backend: undefined, maxDiff: Infinity, logits: [], error: messageOf(error) };
  }
}
