// What a decoder graph knows about the tokens of one call, shared by every layer: where they sit
// after the KV cache, which keys each query may read, and how positions enter attention (RoPE
// tables, ChatGLM-6B's two tables, or an ALiBi bias). This file declares those graph inputs and,
// next to them, builds the feeds for them, so the names live in one place.
//
// Graph inputs (T = tokens of this call, P = tokens already cached, Tk = P + T):
//   prefix_length  int64 [1]     keys before it are visible to every query (ChatGLM-6B's ctx, else 0)
//   rope_cos/sin   float [T, R] ('half') or [T, R/2, 1] ('interleaved'): RoPE tables made on the host
//                  by `ropeTableData` (WebGPU's sin/cos are too coarse to build them in the graph)
//   block_rope_cos/sin            ChatGLM-6B only: the table of block_position_ids
//   query_scale    float [T]     Qwen's log-n factor, when the model uses it
import { assertNever } from '../../assert-never.ts';
import { type GraphBuilder, type Value } from '../../onnx/graph-builder.ts';
import type { Feed } from '../../runtime/runtime.ts';
import { emitRopeTableInputs, type RopeTable } from '../../ops/rope/graph.ts';
import { ropeTableData, type RopeTableData } from '../../ops/rope/table.ts';
import { emitAllowedMask, emitSlidingWindow } from '../../ops/mask/graph.ts';
import { axisLength } from '../../onnx/shape-ops.ts';
import { emitAlibiBias } from '../../ops/alibi/graph.ts';
import { alibiSlopes } from '../../ops/alibi/slopes.ts';
import type { ModelSpec } from '../spec.ts';
import type { ForwardInputs } from './inputs.ts';

export const PREFIX_LENGTH = 'prefix_length';
export const QUERY_SCALE = 'query_scale';
const ROPE = 'rope';
const BLOCK_ROPE = 'block_rope';

/** How positions reach the attention scores. */
export type PositionTerm =
  /** Rotate q and k with `table`; only the first `rotaryDim` channels of a head when set. */
  | { readonly kind: 'rope'; readonly table: RopeTable; readonly rotaryDim: number | undefined }
  /** ChatGLM-6B: first half of each head by position_ids, second half by block_position_ids. */
  | { readonly kind: 'glm-2d'; readonly positionTable: RopeTable; readonly blockTable: RopeTable }
  /** Baichuan-13B: scores += slope_h · j, bias [n, 1, Tk]. */
  | { readonly kind: 'alibi'; readonly bias: Value };

export type Sequence = {
  /** bool [T, Tk]: query i (absolute position P + i) may read key j. */
  readonly allowed: Value;
  /** bool [T, Tk]: `allowed` narrowed to the sliding window (Qwen2 layers ≥ fromLayer), when the model has one. */
  readonly windowAllowed: Value | undefined;
  readonly position: PositionTerm;
  /** float [T], Qwen's log-n factor for each query. */
  readonly queryScale: Value | undefined;
};

/**
 * Declares the per-call inputs and derives what every layer shares. `tokens` is any value whose first
 * axis has length T (input_ids, or the hidden state entering a layer); `pastKey` any cache input of
 * shape [m, P, d], which tells the graph how many tokens came before this call.
 */
export function emitSequence(g: GraphBuilder, spec: ModelSpec, tokens: Value, pastKey: Value, given?: GivenSequence): Sequence {
  const prefixLength = given?.prefixLength ?? g.input(PREFIX_LENGTH, 'int64', [1]);

  // key positions 0 … Tk−1, with Tk = P + T
  const tokenCount = axisLength(g, tokens, 0, 'T');
  const past = axisLength(g, pastKey, 1, 'P');
  const keyCount = g.op('Add', [past, tokenCount], {}, 'Tk');
  const keyPositions = g.op(
    'Range',
    [g.int64('range_start', [0], []), keyCount, g.int64('range_step', [1], [])],
    {},
    'key_positions',
  );

  // query i is position P + i: causal (j ≤ P + i) or in the prefix (j < prefix_length)
  const allowed = emitAllowedMask(g, { queries: tokens, queryAxis: 0, keys: keyPositions, keyAxis: 0, prefixLength });
  const window = spec.attention.slidingWindow;
  const windowAllowed = window === null ? undefined : emitSlidingWindow(g, allowed, past, keyPositions, window.size);

  const queryScale = usesQueryScale(spec) ? g.input(QUERY_SCALE, 'float32', ['T']) : undefined;
  const position = given?.ropeTable !== undefined ? givenRope(spec, given.ropeTable) : emitPositionTerm(g, spec, keyPositions);
  return { allowed, windowAllowed, position, queryScale };
}

/**
 * Values a graph derives itself instead of declaring the usual inputs (a layout other runtimes feed,
 * such as transformers.js's position_ids): the mask prefix and, for a plain-RoPE model, its table.
 */
export type GivenSequence = { readonly prefixLength: Value; readonly ropeTable?: RopeTable };

function givenRope(spec: ModelSpec, table: RopeTable): PositionTerm {
  const { position, headDim } = spec;
  if (position.kind !== 'rope') throw new Error(`${spec.label}: a given RoPE table needs a plain-RoPE model, not '${position.kind}'`);
  return { kind: 'rope', table, rotaryDim: position.rotaryDim < headDim ? position.rotaryDim : undefined };
}

function emitPositionTerm(g: GraphBuilder, spec: ModelSpec, keyPositions: Value): PositionTerm {
  const { position, headDim } = spec;
  switch (position.kind) {
    case 'rope':
      return {
        kind: 'rope',
        table: emitRopeTableInputs(g, position.style, ROPE),
        rotaryDim: position.rotaryDim < headDim ? position.rotaryDim : undefined,
      };
    case 'rope-2d-glm':
      return {
        kind: 'glm-2d',
        positionTable: emitRopeTableInputs(g, 'half', ROPE),
        blockTable: emitRopeTableInputs(g, 'half', BLOCK_ROPE),
      };
    case 'alibi':
      return { kind: 'alibi', bias: emitAlibiBias(g, alibiSlopes(spec.numHeads), keyPositions) };
    default:
      return assertNever(position, 'position kind');
  }
}

function usesQueryScale(spec: ModelSpec): boolean {
  const { position } = spec;
  return position.kind === 'rope' && position.scaling.kind === 'qwen-dynamic-ntk' && position.scaling.logn;
}

/** Feeds for the inputs `emitSequence` declares, from `forwardInputs` for the T tokens of this call. */
export function sequenceFeeds(spec: ModelSpec, inputs: ForwardInputs): Record<string, Feed> {
  const T = inputs.positions.length;
  const feeds: Record<string, Feed> = { [PREFIX_LENGTH]: { type: 'int64', data: [inputs.prefixLength], dims: [1] } };
  const { position } = spec;
  switch (position.kind) {
    case 'rope':
      Object.assign(feeds, tableFeeds(ROPE, ropeTableData(inputs.positions, need(inputs.invFreq, 'invFreq'), position.style)));
      break;
    case 'rope-2d-glm': {
      const glm = need(inputs.glm, 'glm positions');
      const invFreq = need(inputs.invFreq, 'invFreq');
      Object.assign(feeds, tableFeeds(ROPE, ropeTableData(glm.positionIds, invFreq, 'half')));
      Object.assign(feeds, tableFeeds(BLOCK_ROPE, ropeTableData(glm.blockPositionIds, invFreq, 'half')));
      break;
    }
    case 'alibi':
      break; // the bias is computed inside the graph from the key positions
    default:
      assertNever(position, 'position kind');
  }
  if (usesQueryScale(spec)) {
    feeds[QUERY_SCALE] = { type: 'float32', data: Float32Array.from(need(inputs.queryScale, 'queryScale')), dims: [T] };
  }
  return feeds;
}

function tableFeeds(prefix: string, table: RopeTableData): Record<string, Feed> {
  return {
    [`${prefix}_cos`]: { type: 'float32', data: table.cos, dims: table.dims },
    [`${prefix}_sin`]: { type: 'float32', data: table.sin, dims: table.dims },
  };
}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`forward inputs: ${what} missing for this model`);
  return value;
}
