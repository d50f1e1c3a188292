// RoPE in plain float64 TypeScript, one function per layout, written like the official code.
//
// x is [heads, T, d]; positions are one integer per token; inv_freq has R/2 entries for the first
// R = 2·len(inv_freq) channels of each head, and channels R … d−1 pass through.
import { zeros, type Tensor } from '../../tensor.ts';

type Heads = Tensor<['heads', 'T', 'd']>;

/** HF `rotate_half`: cat(−x2, x1) on the halves of `x` (docs/checkpoint-formats.md §5.1). */
export function rotateHalf(x: Float64Array): Float64Array {
  const half = x.length / 2;
  const out = new Float64Array(x.length);
  for (let i = 0; i < half; i++) {
    out[i] = -x[half + i]!;
    out[half + i] = x[i]!;
  }
  return out;
}

/**
 * rotate_half RoPE (HF `apply_rotary_pos_emb`, docs/checkpoint-formats.md §5.1, §5.4; modeling_qwen.py:1316-1345):
 * freqs = pos · inv_freq, emb = cat(freqs, freqs), x' = x·cos(emb) + rotate_half(x)·sin(emb).
 */
export function applyRopeHalf(x: Heads, positions: readonly number[], invFreq: Float64Array): Heads {
  return mapRotaryChannels(x, 2 * invFreq.length, (xRot, t) => {
    const emb = new Float64Array(xRot.length);
    for (let k = 0; k < invFreq.length; k++) emb[k] = emb[k + invFreq.length] = positions[t]! * invFreq[k]!;
    const rotated = rotateHalf(xRot);
    return xRot.map((value, i) => value * Math.cos(emb[i]!) + rotated[i]! * Math.sin(emb[i]!));
  });
}

/**
 * Interleaved RoPE on pairs (2k, 2k+1) (ChatGLM2 `apply_rotary_pos_emb`, docs/checkpoint-formats.md §5.6):
 * idx_theta = pos · theta_k;  o0 = x0·cos − x1·sin,  o1 = x1·cos + x0·sin.
 */
export function applyRopeInterleaved(x: Heads, positions: readonly number[], theta: Float64Array): Heads {
  return mapRotaryChannels(x, 2 * theta.length, (xRot, t) => {
    const out = new Float64Array(xRot.length);
    for (let k = 0; k < theta.length; k++) {
      const idxTheta = positions[t]! * theta[k]!;
      const [cos, sin] = [Math.cos(idxTheta), Math.sin(idxTheta)];
      const [x0, x1] = [xRot[2 * k]!, xRot[2 * k + 1]!];
      out[2 * k] = x0 * cos - x1 * sin;
      out[2 * k + 1] = x1 * cos + x0 * sin;
    }
    return out;
  });
}

/**
 * ChatGLM-6B 2-D RoPE (docs/checkpoint-formats.md §5.5, modeling_chatglm.py:458-466): `q1, q2 = q.chunk(2)`,
 * q1 rotated by position_ids and q2 by block_position_ids, both rotate_half within d/2 channels.
 * `invFreq` is the fp16-rounded table for dim d/2 (`float16InvFreq(d / 2, 10000)`).
 */
export function applyGlm2dRope(
  x: Heads,
  positionIds: readonly number[],
  blockPositionIds: readonly number[],
  invFreq: Float64Array,
): Heads {
  const [heads, T, d] = x.shape;
  const half = d / 2;
  const [x1, x2] = [zeros<['heads', 'T', 'd']>([heads, T, half]), zeros<['heads', 'T', 'd']>([heads, T, half])];
  for (let row = 0; row < heads * T; row++) {
    x1.data.set(x.data.subarray(row * d, row * d + half), row * half);
    x2.data.set(x.data.subarray(row * d + half, (row + 1) * d), row * half);
  }
  const [out1, out2] = [applyRopeHalf(x1, positionIds, invFreq), applyRopeHalf(x2, blockPositionIds, invFreq)];
  const out = zeros<['heads', 'T', 'd']>(x.shape);
  for (let row = 0; row < heads * T; row++) {
    out.data.set(out1.data.subarray(row * half, (row + 1) * half), row * d);
    out.data.set(out2.data.subarray(row * half, (row + 1) * half), row * d + half);
  }
  return out;
}

/** `query * logn_tensor`: q at position t times scale[t] (Qwen logN, docs/checkpoint-formats.md §5.4; modeling_qwen.py:482). */
export function applyQueryScale(q: Heads, scale: Float64Array): Heads {
  const [, T, d] = q.shape;
  const out = zeros<['heads', 'T', 'd']>(q.shape);
  for (let i = 0; i < q.data.length; i++) out.data[i] = q.data[i]! * scale[Math.floor(i / d) % T]!;
  return out;
}

/**
 * The HF conversion `permute(w) = w.view(n_heads, d/2, 2, dim).transpose(1, 2).reshape(dim, dim)` for
 * wq/wk (docs/checkpoint-formats.md §5.1): within each head, output row 2i+j moves to row j·d/2 + i. A
 * model trained with interleaved RoPE gives the same attention with rotate_half on permuted weights.
 */
export function hfPermute(w: Tensor<['out', 'in']>, nHeads: number): Tensor<['out', 'in']> {
  const [rows, cols] = w.shape;
  const d = rows / nHeads;
  const out = zeros<['out', 'in']>(w.shape);
  for (let h = 0; h < nHeads; h++) {
    for (let i = 0; i < d / 2; i++) {
      for (let j = 0; j < 2; j++) {
        const from = h * d + 2 * i + j;
        const to = h * d + j * (d / 2) + i;
        out.data.set(w.data.subarray(from * cols, (from + 1) * cols), to * cols);
      }
    }
  }
  return out;
}

/** Replaces the first `rotaryDim` channels of every head vector by `rotate(x_rot, t)`; copies the rest. */
function mapRotaryChannels(
  x: Heads,
  rotaryDim: number,
  rotate: (xRot: Float64Array, t: number) => Float64Array,
): Heads {
  const [heads, T, d] = x.shape;
  if (rotaryDim > d) throw new Error(`RoPE: ${rotaryDim} rotary channels exceed head dim ${d}`);
  const out = zeros<['heads', 'T', 'd']>(x.shape);
  out.data.set(x.data); // x_pass: channels rotaryDim … d−1 stay as they are
  for (let h = 0; h < heads; h++) {
    for (let t = 0; t < T; t++) {
      const start = (h * T + t) * d;
      out.data.set(rotate(x.data.slice(start, start + rotaryDim), t), start);
    }
  }
  return out;
}
