// The RoPE widget's script for presenter mode: positions 0, 1, 2, 3 (every hand turns at its own
// speed), both positions shifted by 10 (same score), the two pairings, ChatGLM's layouts, then
// context extension past S. Each step is a set of the widget's URL parameters; any parameter left
// out takes its default, so a step shows exactly what a link with those parameters shows.
import type { PresenterStep, StepParams } from '../shared/presenter.ts';
import type { Lang } from '../shared/lang.ts';
import { ROPE_PARAMS as P } from './state.ts';

const basics = (m: number, extra: StepParams = {}): StepParams => ({ [P.headDim]: '16', [P.range]: '64', [P.query]: String(m), [P.key]: '0', [P.shift]: '0', ...extra });
const extend = (extension: string, extra: StepParams = {}): StepParams => ({
  [P.mode]: 'extend',
  [P.headDim]: '128',
  [P.range]: '16384',
  [P.query]: '3000',
  [P.key]: '0',
  [P.extension]: extension,
  [P.trained]: '2048',
  [P.target]: '8192',
  ...extra,
});

const CAPTIONS: Record<Lang, readonly string[]> = {
  en: [
    'Position 0: nothing is rotated yet; q and k point where the weights put them.',
    'Position 1: pair 0 turns by 1 radian (57°), the later pairs by less and less.',
    'Position 2: every hand has turned twice as far as at position 1.',
    'Position 3: the fast pairs race ahead, the slow ones have barely moved.',
    'Shift both by 10: every hand turns, yet the score at (13, 10) equals the score at (3, 0).',
    'Interleaved pairing: channels (2k, 2k + 1) pair up instead of (i, i + d/2); the colours show it.',
    'ChatGLM2/3: only the first half of the head is rotated (interleaved); the grey half carries no position.',
    'ChatGLM-6B: two RoPEs, one per half-head: position ids and block position ids.',
    'Past S = 2048 with d = 128: the slow pairs have wavelengths far beyond S and never turned fully in training.',
    'Linear interpolation: every wavelength stretched by L/S = 4, the fast pairs too.',
    'NTK-aware: the base grows; the fastest pair is kept, only the slow pairs are stretched.',
    'Qwen: dynamic NTK picks α from L, and logN scales queries past S.',
  ],
  zh: [
    '位置 0：还没有旋转，q 和 k 指向权重给出的方向。',
    '位置 1：第 0 对转了 1 弧度（57°），后面的各对转得越来越少。',
    '位置 2：每根指针转过的角度都是位置 1 时的两倍。',
    '位置 3：高频的几对一路领先，低频的几对几乎没动。',
    '两者同时平移 10：每根指针都转了，但 (13, 10) 的打分与 (3, 0) 的相同。',
    '相邻配对：改成 (2k, 2k + 1) 两两一对，而不是 (i, i + d/2)；颜色显示了区别。',
    'ChatGLM2/3：只旋转头的前一半（相邻配对），灰色的后一半不带位置。',
    'ChatGLM-6B：两个 RoPE，每个半头一个，分别用位置编号和块位置编号。',
    'd = 128、超出 S = 2048：低频各对的波长远超 S，训练时一圈都没转完。',
    '线性插值：每个波长都拉长 L/S = 4 倍，连高频的也不例外。',
    'NTK-aware：放大底数，最快的一对保持不变，只拉长低频的各对。',
    '千问：动态 NTK 按 L 选 α，logN 放大超过 S 的查询。',
  ],
};

const PARAMS: readonly StepParams[] = [
  basics(0),
  basics(1),
  basics(2),
  basics(3),
  basics(3, { [P.shift]: '10' }),
  basics(3, { [P.style]: 'interleaved' }),
  basics(3, { [P.mode]: 'partial' }),
  basics(3, { [P.mode]: 'glm2d', [P.queryBlock]: '2', [P.keyBlock]: '0' }),
  extend('none'),
  extend('linear'),
  extend('ntk'),
  extend('qwen'),
];

export function ropePresenterSteps(lang: Lang): PresenterStep[] {
  return PARAMS.map((params, i) => ({ caption: CAPTIONS[lang][i]!, params }));
}
