// The decoder of graph.ts cut into small graphs whose weights are graph *inputs*, run one after
// another by layered-runner.ts:
//
//   x = embedding[input_ids]                    embedding graph   [T] → [T, H]
//   for each layer l: x, K_l, V_l = block(x)    block graph, one per layer shape, fed layer l's weights
//                                               and cache: [T, H] → [T, H], [m, P+T, d] twice
//   logits = head(final_norm(x))                head graph        [T, H] → [T, V], a slice of V at a time
//
// The two [V, H] tensors go in by pieces: the embedding graph is fed only the rows the call's tokens
// use (its ids count into those rows), and the head graph a slice of the vocabulary at a time, the
// runner putting the logits side by side. So no feed is larger than a layer's weights or a slice.
//
// No graph holds a weight, so none comes near protobuf's 2 GB limit, and the same graphs serve a model
// kept resident (its weights fed on every call) and one streamed layer by layer (decoded, fed, dropped).
// The nodes are those of the whole-model graph: the same emitters, bound to inputs instead of constants.
//
// Weight inputs carry checkpoint names: the embedding, final norm and head their own; a layer's tensors
// their name without the layer prefix (`model.layers.3.mlp.up_proj.weight` → `mlp.up_proj.weight`),
// so every layer feeds the same block graph.
import type { GraphSource } from '../../runtime/runtime.ts';
import { graphSource } from '../../onnx/graph-source.ts';
import type { GraphBuilder, Shape } from '../../onnx/graph-builder.ts';
import { emitEmbedding, emitOutputHead } from '../../ops/linear/graph.ts';
import type { ModelSpec, TensorRef } from '../spec.ts';
import { GraphWeightReader, inputWeights, type WeightDtype } from './graph-weights.ts';
import { emitSequence } from './graph-sequence.ts';
import { emitBlock, emitNorm } from './graph-block.ts';
import { INPUT_IDS, LOGITS, outputHead } from './graph.ts';

export const HIDDEN_IN = 'hidden_in';
export const HIDDEN = 'hidden';
export const PAST_KEY = 'past_key';
export const PAST_VALUE = 'past_value';
export const PRESENT_KEY = 'present_key';
export const PRESENT_VALUE = 'present_value';
export const ATTN = 'attn';
export const Q_ROT = 'q_rot';
export const K_ROT = 'k_rot';

/** The dtype each weight input is fed in, by input name. */
export type WeightDtypes = ReadonlyMap<string, WeightDtype>;

export type BlockOutputOptions = { readonly attn?: boolean; readonly internals?: boolean };

/** `model.layers.3.mlp.up_proj.weight` → `mlp.up_proj.weight`: the input name layer 3's tensor is fed under. */
export function layerInputName(name: string, layer: number): string {
  const marker = `.${layer}.`;
  const at = name.indexOf(marker);
  if (at < 0) throw new Error(`tensor '${name}' does not name layer ${layer}`);
  return name.slice(at + marker.length);
}

/** Whether layer l attends through Qwen2's sliding window: the one thing that gives layers different graphs. */
export function isSlidingLayer(spec: ModelSpec, layer: number): boolean {
  const window = spec.attention.slidingWindow;
  return window !== null && layer >= window.fromLayer;
}

/**
 * `id` names the model (sessions are cached by key); `dtypes` lists every weight input in a fixed
 * order, so the key says which are fed as float16.
 */
function key(kind: string, id: string, dtypes: WeightDtypes, extra = ''): string {
  const halves = [...dtypes.values()].map((t) => (t === 'float16' ? 'h' : 'f')).join('');
  return `${kind}:${id}:${halves}${extra}`;
}

function reader(
  g: GraphBuilder,
  dtypes: WeightDtypes,
  inputName: (ref: TensorRef) => string,
  shapeOf?: (ref: TensorRef) => Shape,
): GraphWeightReader {
  return new GraphWeightReader(inputWeights(g, inputName, (ref) => dtypeOf(dtypes, inputName(ref)), shapeOf));
}

function dtypeOf(dtypes: WeightDtypes, name: string): WeightDtype {
  const dtype = dtypes.get(name);
  if (dtype === undefined) throw new Error(`no dtype given for weight input '${name}'`);
  return dtype;
}

/**
 * input_ids int64 [T] and R rows of the embedding table [R, H] → hidden [T, H]. The ids index the
 * rows fed (the whole table, or just the rows this call needs). Rows are gathered in the dtype they
 * are fed in and only then widened: T rows are cast, not the table.
 */
export function embeddingGraph(spec: ModelSpec, id: string, dtypes: WeightDtypes): GraphSource {
  return graphSource(key('embedding', id, dtypes), (g) => {
    const ids = g.input(INPUT_IDS, 'int64', ['T']);
    const { name } = spec.tensors.embed;
    const dtype = dtypeOf(dtypes, name);
    const rows = emitEmbedding(g, g.input(name, dtype, ['R', spec.hiddenSize]), ids);
    g.output(dtype === 'float32' ? rows : g.cast(rows, 'float32', 'embedding_f32'), HIDDEN, 'float32', ['T', spec.hiddenSize]);
  });
}

/**
 * One decoder layer, the shape of layer `layer` (any layer with the same `isSlidingLayer` shares it).
 * Inputs: hidden_in [T, H], past_key / past_value [m, P, d], the sequence inputs of graph-sequence.ts,
 * and the layer's weights. Outputs: hidden [T, H], present_key / present_value [m, P+T, d]; with `attn`,
 * attn [n, T, P+T]; with `internals`, q_rot [n, T, d] and k_rot [m, T, d].
 */
export function blockGraph(
  spec: ModelSpec,
  id: string,
  layer: number,
  dtypes: WeightDtypes,
  options: BlockOutputOptions = {},
): GraphSource {
  const { numHeads: n, numKvHeads: m, headDim: d, hiddenSize: H } = spec;
  const shape = `:sliding=${isSlidingLayer(spec, layer)}:attn=${options.attn === true}:internals=${options.internals === true}`;
  return graphSource(key('block', id, dtypes, shape), (g) => {
    const x = g.input(HIDDEN_IN, 'float32', ['T', H]);
    const past = { key: g.input(PAST_KEY, 'float32', [m, 'P', d]), value: g.input(PAST_VALUE, 'float32', [m, 'P', d]) };
    const seq = emitSequence(g, spec, x, past.key);
    const weights = reader(g, dtypes, (ref) => layerInputName(ref.name, layer)).layer(spec.tensors.layers[layer]!);

    const block = emitBlock(g, spec, layer, weights, x, past, seq);
    g.output(block.hidden, HIDDEN, 'float32', ['T', H]);
    g.output(block.presentKey, PRESENT_KEY, 'float32', [m, 'Tk', d]);
    g.output(block.presentValue, PRESENT_VALUE, 'float32', [m, 'Tk', d]);
    if (options.attn === true) g.output(block.probs, ATTN, 'float32', [n, 'T', 'Tk']);
    if (options.internals === true) {
      g.output(block.qRot, Q_ROT, 'float32', [n, 'T', d]);
      g.output(block.kRot, K_ROT, 'float32', [m, 'T', d]);
    }
  });
}

/**
 * hidden [T, H] → final norm (when the model has one) → logits [T, Vs] for a slice of Vs rows of the
 * head matrix (lm_head, or the embedding when tied). NormHead's row normalisation is per row, so a
 * slice gives the same logits as the whole.
 */
export function headGraph(spec: ModelSpec, id: string, dtypes: WeightDtypes): GraphSource {
  return graphSource(key('head', id, dtypes), (g) => {
    const headRef = headMatrix(spec);
    const sliced = (ref: TensorRef): Shape => (ref === headRef ? ['Vs', spec.hiddenSize] : ref.shape);
    const read = reader(g, dtypes, (ref) => ref.name, sliced);
    const { finalNorm } = spec.tensors;
    const x = g.input(HIDDEN_IN, 'float32', ['T', spec.hiddenSize]);
    const normed = finalNorm === null ? x : emitNorm(g, spec, x, read.norm(finalNorm));
    g.output(emitOutputHead(g, normed, outputHead(spec, read)), LOGITS, 'float32', ['T', 'Vs']);
  });
}

/** The [V, H] matrix the head multiplies by: lm_head, or the embedding when tied. */
export function headMatrix(spec: ModelSpec): TensorRef {
  const { head, embed } = spec.tensors;
  if (spec.head.kind === 'tied') return embed;
  if (head === null) throw new Error(`${spec.label}: the head is not tied, but the spec names no head tensor`);
  return head;
}

/** The final norm's tensors, fed whole to every slice of the head. */
export function finalNormRefs(spec: ModelSpec): TensorRef[] {
  const norm = spec.tensors.finalNorm;
  return norm === null ? [] : norm.bias === null ? [norm.weight] : [norm.weight, norm.bias];
}
