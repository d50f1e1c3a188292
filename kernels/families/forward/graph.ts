// The whole decoder as one ONNX graph, read top to bottom like llama2.c's `forward`:
//
//   x = embedding[input_ids]                                    [T, H]
//   for each layer l:  x = block_l(x), appending to the KV cache (graph-block.ts)
//   x = final_norm(x)                                           (when the model has one)
//   logits = x · headᵀ                                          untied lm_head, tied embedding, or NormHead
//
// Inputs: input_ids int64 [T]; those of graph-sequence.ts (prefix_length, RoPE tables, query_scale);
// per layer, past_key.{l} / past_value.{l} [m, P, d] (P = 0 for a fresh prompt).
// Outputs: logits [T, V]; present_key.{l} / present_value.{l} [m, P+T, d], the cache to feed back next
// call; with `attn`, attn.{l} [n, T, P+T] (softmax probabilities); with `internals`, q_rot.{l} [n, T, d]
// and k_rot.{l} [m, T, d] (after rotation) and hidden.{l} [T, H] (the residual stream after layer l).
//
// Weights become initializers, read from the TensorStore when the runtime first builds the session.
// That suits the tiny replicas; a released model would need gigabytes of initializers, past
// protobuf's 2 GB limit, so graph-layers.ts builds the same decoder as small graphs fed the weights.
import { assertNever } from '../../assert-never.ts';
import { GraphBuilder, type Value } from '../../onnx/graph-builder.ts';
import type { GraphSource } from '../../runtime/runtime.ts';
import type { TensorStore } from '../../checkpoint/load.ts';
import { emitEmbedding, emitOutputHead, type OutputHead } from '../../ops/linear/graph.ts';
import type { ModelSpec } from '../spec.ts';
import { GraphWeightReader, initializerWeights } from './graph-weights.ts';
import { emitSequence, type Sequence } from './graph-sequence.ts';
import { emitBlock, emitNorm, type BlockOutputs } from './graph-block.ts';
import type { PastKeyValue } from './graph-attention.ts';

export type DecoderGraphOptions = {
  /**
   * Names the checkpoint: sessions are cached by key, so two graphs with the same id must hold the
   * same weights. The runner gives every opened checkpoint its own id.
   */
  readonly id: string;
  /** Also output attn.{l}, the attention probabilities of every layer. */
  readonly attn?: boolean;
  /** Also output q_rot.{l}, k_rot.{l} and hidden.{l}, for widgets that show a layer's insides. */
  readonly internals?: boolean;
};

export const INPUT_IDS = 'input_ids';
export const LOGITS = 'logits';
export const pastKeyName = (layer: number): string => `past_key.${layer}`;
export const pastValueName = (layer: number): string => `past_value.${layer}`;
export const presentKeyName = (layer: number): string => `present_key.${layer}`;
export const presentValueName = (layer: number): string => `present_value.${layer}`;
export const attnName = (layer: number): string => `attn.${layer}`;
export const qRotName = (layer: number): string => `q_rot.${layer}`;
export const kRotName = (layer: number): string => `k_rot.${layer}`;
export const hiddenName = (layer: number): string => `hidden.${layer}`;

export function decoderGraph(spec: ModelSpec, weights: TensorStore, options: DecoderGraphOptions): GraphSource {
  const key = `decoder:${options.id}:${spec.family}:L${spec.numLayers}:attn=${options.attn === true}:internals=${options.internals === true}`;
  return { key, build: () => buildDecoder(key, spec, weights, options) };
}

function buildDecoder(name: string, spec: ModelSpec, store: TensorStore, options: DecoderGraphOptions): Uint8Array {
  const g = new GraphBuilder(name);
  const { numHeads: n, numKvHeads: m, headDim: d, hiddenSize: H, vocabSize: V, tensors } = spec;

  const ids = g.input(INPUT_IDS, 'int64', ['T']);
  const past = tensors.layers.map((_, l) => ({
    key: g.input(pastKeyName(l), 'float32', [m, 'P', d]),
    value: g.input(pastValueName(l), 'float32', [m, 'P', d]),
  }));
  const seq = emitSequence(g, spec, ids, past[0]!.key);
  const decoder = emitDecoder(g, spec, store, ids, past, seq);

  decoder.blocks.forEach((block, l) => {
    g.output(block.presentKey, presentKeyName(l), 'float32', [m, 'Tk', d]);
    g.output(block.presentValue, presentValueName(l), 'float32', [m, 'Tk', d]);
    if (options.attn === true) g.output(block.probs, attnName(l), 'float32', [n, 'T', 'Tk']);
    if (options.internals === true) {
      g.output(block.qRot, qRotName(l), 'float32', [n, 'T', d]);
      g.output(block.kRot, kRotName(l), 'float32', [m, 'T', d]);
      g.output(block.hidden, hiddenName(l), 'float32', ['T', H]);
    }
  });
  g.output(decoder.logits, LOGITS, 'float32', ['T', V]);
  return g.toModelBytes();
}

/** Every block of the decoder and its logits [T, V], with the weights as initializers of `g`. */
export function emitDecoder(
  g: GraphBuilder,
  spec: ModelSpec,
  store: TensorStore,
  ids: Value,
  past: readonly PastKeyValue[],
  seq: Sequence,
): { readonly blocks: BlockOutputs[]; readonly logits: Value } {
  const read = new GraphWeightReader(initializerWeights(g, store));

  // token embedding: row input_ids[t] of the table
  const embedding = read.tensor(spec.tensors.embed);
  let x: Value = emitEmbedding(g, embedding, ids);

  // the layers, each reading and extending its own KV cache
  const blocks = spec.tensors.layers.map((layerTensors, l) => {
    const block = emitBlock(g, spec, l, read.layer(layerTensors), x, past[l]!, seq);
    x = block.hidden;
    return block;
  });

  // final norm, then the output head
  if (spec.tensors.finalNorm !== null) x = emitNorm(g, spec, x, read.norm(spec.tensors.finalNorm));
  return { blocks, logits: emitOutputHead(g, x, outputHead(spec, read, embedding)) };
}

/** The head as the linear kernels name it; a tied head reuses `embedding` when the graph has read it already. */
export function outputHead(spec: ModelSpec, read: GraphWeightReader, embedding?: Value): OutputHead {
  const stored = spec.tensors.head;
  switch (spec.head.kind) {
    case 'tied':
      return { kind: 'tied', embedding: embedding ?? read.tensor(spec.tensors.embed) };
    case 'untied':
      return { kind: 'untied', lmHead: read.tensor(need(stored, spec)) };
    case 'normhead':
      return { kind: 'norm-head', lmHead: read.tensor(need(stored, spec)) };
    default:
      return assertNever(spec.head.kind, 'head kind');
  }
}

function need<T>(ref: T | null, spec: ModelSpec): T {
  if (ref === null) throw new Error(`${spec.label}: the head is not tied, but the spec names no head tensor`);
  return ref;
}
