// Presenter mode's script for the activations widget: ReLU, then GELU and SiLU (smooth, slightly
// negative left of 0), then SwiGLU's gated product at the article's numbers, then a negative up.
import type { Lang } from '../shared/lang.ts';
import type { PresenterStep } from '../shared/presenter.ts';
import { ACT_PARAMS } from './state.ts';

export function presenterSteps(lang: Lang): PresenterStep[] {
  const at = (focus: string, z: number, up: number) => ({ [ACT_PARAMS.focus]: focus, [ACT_PARAMS.z]: String(z), [ACT_PARAMS.up]: String(up) });
  const captions =
    lang === 'zh'
      ? [
          'ReLU：负半轴全部截成 0，在 0 处有一个折角。',
          'GELU：光滑的 ReLU；z = −1 附近略低于 0，不是硬截断。',
          'SiLU = z·σ(z)：形状与 GELU 相近，SwiGLU 用它做门。',
          'SwiGLU 的乘积：silu(1) × 2 ≈ 1.462。门控值决定放行多少，上投影值给出大小和符号。',
          '上投影值改为 −2：同一个门，乘积变号。',
        ]
      : [
          'ReLU: everything left of 0 is cut to 0, with a corner at 0.',
          'GELU: a smooth ReLU; near z = −1 it dips slightly below 0 instead of cutting hard.',
          'SiLU = z·σ(z): close to GELU in shape; SwiGLU uses it as the gate.',
          'SwiGLU’s product: silu(1) × 2 ≈ 1.462. The gate decides how much passes; the up value gives size and sign.',
          'Make the up value −2: the same gate, and the product changes sign.',
        ];
  const params = [at('relu', -1, 2), at('gelu', -1, 2), at('silu', -1, 2), at('gated', 1, 2), at('gated', 1, -2)];
  return params.map((p, i) => ({ caption: captions[i]!, params: p }));
}
