// Presenter mode's script for the quantization widget, on the default prompt: 8 bits, then 4 bits in
// groups of 32, the same 4 bits per row, and 2 bits.
import type { Lang } from '../shared/lang.ts';
import type { PresenterStep } from '../shared/presenter.ts';
import type { GroupSize } from '../../../kernels/ops/quantize/groups.ts';
import { levelsOf } from '../../../kernels/ops/quantize/reference.ts';
import { QUANT_DEFAULTS, QUANT_PARAMS } from './state.ts';

export function presenterSteps(lang: Lang): PresenterStep[] {
  const at = (bits: number, groupSize: GroupSize) => ({
    [QUANT_PARAMS.model]: QUANT_DEFAULTS.model,
    [QUANT_PARAMS.bits]: String(bits),
    [QUANT_PARAMS.groupSize]: String(groupSize),
    [QUANT_PARAMS.text]: QUANT_DEFAULTS.text,
  });
  // Each group stores its weights as integers 0…levelsOf(bits): that many + 1 values, counted here
  // rather than typed, so a caption cannot disagree with the bits its step sets.
  const values = (bits: number) => levelsOf(bits) + 1;
  const captions =
    lang === 'zh'
      ? [
          '8 位、每 32 个权重一组：预测几乎不变，KL 接近 0。',
          `4 位、每 32 个一组：每组只剩 ${values(4)} 个取值，误差变大，看 KL 和前五名。`,
          '4 位、整行一组：一行共用一个缩放因子，台阶更粗，误差比分组时大。',
          `2 位：每组只有 ${values(2)} 个取值，预测明显偏离原模型。`,
        ]
      : [
          '8 bits, groups of 32: the prediction barely moves; KL is near 0.',
          `4 bits, groups of 32: ${values(4)} values per group; the error grows. Watch the KL and the top 5.`,
          '4 bits, one group per row: one scale for the whole row, coarser steps, a larger error than in groups.',
          `2 bits: ${values(2)} values per group; the prediction moves away from the original model’s.`,
        ];
  const params = [at(8, 32), at(4, 32), at(4, 'row'), at(2, 32)];
  return params.map((p, i) => ({ caption: captions[i]!, params: p }));
}
