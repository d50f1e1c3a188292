// Presenter mode's script for the norm widget: a vector, then the same vector shifted by +3 (only
// LayerNorm ignores it), then scaled by 10 (both ignore it), then both at once.
import type { Lang } from '../shared/lang.ts';
import type { PresenterStep } from '../shared/presenter.ts';
import { NORM_PARAMS } from './state.ts';

const vector = '1,2,3,4';

export function presenterSteps(lang: Lang): PresenterStep[] {
  const at = (shift: number, scale: number) => ({
    [NORM_PARAMS.vector]: vector,
    [NORM_PARAMS.shift]: String(shift),
    [NORM_PARAMS.scale]: String(scale),
  });
  const captions =
    lang === 'zh'
      ? [
          'x = (1, 2, 3, 4)：x′ 与 x 相同，两种归一化的输出也相同。',
          '每个分量加 3：LayerNorm 先减去均值，输出不变；RMSNorm 的输出变了。',
          '改为整体乘以 10：两种归一化都除掉了尺度，输出都不变。',
          '既乘 10 又加 3：LayerNorm 依然不变，RMSNorm 只看到了平移带来的变化。',
        ]
      : [
          'x = (1, 2, 3, 4): x′ equals x, so both norms give the same output.',
          'Add 3 to every entry: LayerNorm subtracts the mean, so its output does not move; RMSNorm’s does.',
          'Instead, multiply by 10: both norms divide the scale away; neither output moves.',
          'Multiply by 10 and add 3: LayerNorm still does not move; RMSNorm only sees the shift.',
        ];
  const params = [at(0, 1), at(3, 1), at(0, 10), at(3, 10)];
  return params.map((p, i) => ({ caption: captions[i]!, params: p }));
}
