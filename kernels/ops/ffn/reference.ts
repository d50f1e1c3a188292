// The feed-forward blocks in plain float64 TypeScript, each as its family's code writes it.
import { zeros, type Tensor } from '../../tensor.ts';
import { linearLayer, type LinearParams } from '../linear/reference.ts';

type Hidden = Tensor<['T', 'in']>;

export type SwiGluTensors = { readonly gateProj: LinearParams; readonly upProj: LinearParams; readonly downProj: LinearParams };
export type ChatGlm2MlpTensors = { readonly denseHTo4h: LinearParams; readonly dense4hToH: LinearParams };
export type QwenMlpTensors = { readonly w1: LinearParams; readonly w2: LinearParams; readonly cProj: LinearParams };
export type GeluMlpTensors = { readonly denseHTo4h: LinearParams; readonly dense4hToH: LinearParams };

/** `F.silu`: z · σ(z). */
export function silu(z: number): number {
  return z / (1 + Math.exp(-z));
}

/** `F.relu`: max(z, 0). */
export function relu(z: number): number {
  return Math.max(z, 0);
}

/** ChatGLM-6B `gelu_impl` (modeling_chatglm.py:167-170, docs/checkpoint-formats.md §8.3). */
export function geluTanh(z: number): number {
  return 0.5 * z * (1 + Math.tanh(0.7978845608028654 * z * (1 + 0.044715 * z * z)));
}

/** `down_proj(act_fn(gate_proj(x)) * up_proj(x))` (docs/checkpoint-formats.md §8.1 LlamaMLP; §8.5 Baichuan). */
export function swiGlu(x: Hidden, w: SwiGluTensors): Tensor<['T', 'out']> {
  const gate = linearLayer(x, w.gateProj);
  const up = linearLayer(x, w.upProj);
  return linearLayer(elementwise(gate, up, (a, b) => silu(a) * b), w.downProj);
}

/** y = dense_h_to_4h(x); `chunk(y, 2, -1)`; dense_4h_to_h(silu(y0) * y1) (docs/checkpoint-formats.md §8.4). */
export function chatGlm2Mlp(x: Hidden, w: ChatGlm2MlpTensors): Tensor<['T', 'out']> {
  const y = linearLayer(x, w.denseHTo4h);
  const [T, twoF] = y.shape;
  const F = twoF / 2;
  const hidden = zeros<['T', 'in']>([T, F]);
  for (let t = 0; t < T; t++) {
    for (let i = 0; i < F; i++) hidden.data[t * F + i] = silu(y.data[t * twoF + i]!) * y.data[t * twoF + F + i]!;
  }
  return linearLayer(hidden, w.dense4hToH);
}

/** `c_proj(w1(x) * F.silu(w2(x)))` — w2 is the gate (Qwen modeling_qwen.py:573, docs/checkpoint-formats.md §8.2). */
export function qwenMlp(x: Hidden, w: QwenMlpTensors): Tensor<['T', 'out']> {
  const a1 = linearLayer(x, w.w1);
  const a2 = linearLayer(x, w.w2);
  return linearLayer(elementwise(a1, a2, (up, gate) => up * silu(gate)), w.cProj);
}

/** `dense_4h_to_h(gelu(dense_h_to_4h(x)))` with biases (ChatGLM-6B GLU class, docs/checkpoint-formats.md §8.3). */
export function geluMlp(x: Hidden, w: GeluMlpTensors): Tensor<['T', 'out']> {
  const h = linearLayer(x, w.denseHTo4h);
  return linearLayer(elementwise(h, h, (a) => geluTanh(a)), w.dense4hToH);
}

function elementwise(a: Tensor<['T', 'out']>, b: Tensor<['T', 'out']>, f: (a: number, b: number) => number): Tensor<['T', 'in']> {
  const out = zeros<['T', 'in']>(a.shape);
  for (let i = 0; i < out.data.length; i++) out.data[i] = f(a.data[i]!, b.data[i]!);
  return out;
}
