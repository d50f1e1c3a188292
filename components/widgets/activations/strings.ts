// Every sentence of the activations widget, in both languages. The component renders the static
// labels on the server; the client builds the readouts, the width derivation and the messages.
import type { Activation } from '../../../kernels/demos/ffn-demo.ts';
import type { FfnWidthCheck } from '../../../kernels/families/ffn-width.ts';
import { decimalNoteText, formatDecimal } from '../shared/decimal.ts';
import type { Lang } from '../shared/lang.ts';
import type { StateNote } from './state.ts';

const grouped = (n: number, lang: Lang) => n.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US');

/** Parameter counts: 0.18 B / 1.8 亿 style, three significant figures. */
function paramsText(n: number, lang: Lang): string {
  if (lang === 'zh') return n >= 1e8 ? `${(n / 1e8).toPrecision(3)} 亿` : `${(n / 1e4).toPrecision(3)} 万`;
  return n >= 1e9 ? `${(n / 1e9).toPrecision(3)} B` : `${(n / 1e6).toPrecision(3)} M`;
}

export type ActivationsStrings = {
  readonly title: string;
  readonly intro: string;
  readonly focusLegend: string;
  readonly names: Record<Activation, string>;
  readonly zLabel: string;
  readonly upLabel: string;
  readonly runLive: string;
  readonly runAgain: string;
  readonly idleStatus: string;
  readonly restoredStatus: string;
  readonly loadingStatus: string;
  readonly curvesTitle: string;
  readonly curvesSummary: (focus: Activation, z: number) => string;
  readonly readout: (name: Activation, z: number, up: number, value: number) => string;
  readonly widthTitle: string;
  readonly widthIntro: string;
  readonly modelLabel: string;
  readonly multipleLabel: string;
  readonly multiplierLabel: string;
  readonly multiplierHint: string;
  readonly derivation: (check: FfnWidthCheck, configValue: number | undefined) => string[];
  readonly verdict: (check: FfnWidthCheck) => string;
  readonly params: (check: FfnWidthCheck) => string[];
  readonly note: (note: StateNote) => string;
  readonly error: (message: string) => string;
};

const en: ActivationsStrings = {
  title: 'Try it: activations and the gated product',
  intro:
    'Every curve below is computed by an ONNX graph in your browser. Move z₀ (the gate projection’s output in one channel, x·W_gate) and the up projection’s value there (x·W_up) to see what SwiGLU multiplies.',
  focusLegend: 'Curve in focus',
  names: { relu: 'ReLU', gelu: 'GELU (tanh form)', silu: 'SiLU = z·σ(z)', gated: 'SwiGLU: silu(z)·up' },
  zLabel: 'Gate value z₀ = x·W_gate',
  upLabel: 'Up value = x·W_up',
  runLive: 'Run live — first run loads the runtime, 14–27 MB',
  runAgain: 'Run again',
  idleStatus: 'Nothing is downloaded until you start: the runtime (onnxruntime-web) loads on the first change or run.',
  restoredStatus: 'The link’s settings are restored. Change something or press Run to compute.',
  loadingStatus: 'Loading the runtime…',
  curvesTitle: 'Activation curves over z',
  curvesSummary: (focus, z) => `Curves of ReLU, GELU, SiLU and the gated product for z from −6 to 6; ${en.names[focus]} in focus; marked point z₀ = ${formatDecimal(z)}.`,
  readout: (name, z, up, value) =>
    name === 'gated' ? `silu(${formatDecimal(z)}) · ${formatDecimal(up)} = ${formatDecimal(value)}` : `${en.names[name]}(${formatDecimal(z)}) = ${formatDecimal(value)}`,
  widthTitle: 'FFN width: from 8d/3 to the released number',
  widthIntro:
    'Pick a model; the rule controls start at the rule its code uses (LLaMA’s, where the config states the width outright). Change multiple_of or the multiplier to see which rounding gives the released width.',
  modelLabel: 'Model',
  multipleLabel: 'multiple_of',
  multiplierLabel: 'ffn_dim_multiplier',
  multiplierHint: 'empty = none',
  derivation: (c, config) => [
    `d = ${grouped(c.model.hidden, 'en')}; ${c.model.activation === 'swiglu' ? '8d/3' : '4d (GELU MLP)'} = ${c.base.toFixed(2)}`,
    `⌊·⌋ = ${grouped(c.steps.floor, 'en')}${c.rule.multiplier === undefined ? '' : `; × ${c.rule.multiplier} → ${grouped(c.steps.scaled, 'en')}`}`,
    `rounded up to a multiple of ${c.rule.multipleOf}: ${grouped(c.predicted, 'en')}`,
    `released width: ${grouped(c.released, 'en')}${config === undefined ? '' : ` (the config’s intermediate_size ${grouped(config, 'en')} is twice it)`}; I/d = ${c.ratio.toFixed(3)}`,
  ],
  verdict: (c) =>
    c.matches
      ? `✓ This rule gives the released width.`
      : `✗ Mismatch: this rule gives ${grouped(c.predicted, 'en')}, the release has ${grouped(c.released, 'en')}. ${
          c.fits === undefined
            ? 'No power-of-two rounding of the base width gives it: the config sets the width directly.'
            : `Rounding up to a multiple of ${c.fits} gives it.`
        }`,
  params: (c) => [
    `FFN weights per layer: ${grouped(c.perLayerParams, 'en')} (${paramsText(c.perLayerParams, 'en')})`,
    `All ${c.model.layers} layers: ${paramsText(c.totalParams, 'en')}, ${(100 * c.share).toFixed(1)}% of the model’s ${paramsText(c.totalParams / c.share, 'en')}`,
    `A 4d GELU MLP at the same d: ${paramsText(c.geluEquivalentParams, 'en')} per layer`,
  ],
  note: (note) => {
    switch (note.kind) {
      case 'not-a-number':
      case 'clamped':
        return decimalNoteText(note, 'en');
      case 'unknown-focus':
        return `The link’s curve “${note.value}” is not one of ReLU, GELU, SiLU, gated; the default is used.`;
      case 'unknown-model':
        return `The link’s model “${note.value}” is not in the catalog; the default is used.`;
      case 'multiple-not-offered':
        return `multiple_of ${note.asked} is not offered; the nearest power of two, ${note.used}, is used.`;
    }
  },
  error: (message) => `The live computation failed: ${message}`,
};

const zh: ActivationsStrings = {
  title: '动手试试：激活函数与门控乘积',
  intro: '下面每条曲线都由浏览器里的 ONNX 计算图算出。移动 z₀（某个通道上门控投影的输出 x·W_gate）和该处上投影的值（x·W_up），看 SwiGLU 乘的是什么。',
  focusLegend: '突出显示的曲线',
  names: { relu: 'ReLU', gelu: 'GELU（tanh 近似）', silu: 'SiLU = z·σ(z)', gated: 'SwiGLU：silu(z)·up' },
  zLabel: '门控值 z₀ = x·W_gate',
  upLabel: '上投影值 = x·W_up',
  runLive: '实时运行——首次需加载运行时，约 14–27 MB',
  runAgain: '重新运行',
  idleStatus: '开始之前不会下载任何内容：运行时（onnxruntime-web）在第一次改动或运行时才加载。',
  restoredStatus: '已恢复链接中的设置。改动任意控件或点“运行”开始计算。',
  loadingStatus: '正在加载运行时……',
  curvesTitle: '激活函数随 z 变化的曲线',
  curvesSummary: (focus, z) => `z 从 −6 到 6 时 ReLU、GELU、SiLU 和门控乘积的曲线；突出显示 ${zh.names[focus]}；标记点 z₀ = ${formatDecimal(z)}。`,
  readout: (name, z, up, value) =>
    name === 'gated' ? `silu(${formatDecimal(z)}) · ${formatDecimal(up)} = ${formatDecimal(value)}` : `${zh.names[name]}(${formatDecimal(z)}) = ${formatDecimal(value)}`,
  widthTitle: 'FFN 宽度：从 8d/3 到发布的数值',
  widthIntro: '选一个模型，取整规则的控件会设为它的代码所用的规则（配置里直接写出宽度的模型，则用 LLaMA 的规则）。改动 multiple_of 或倍数，看哪种取整能得到发布的宽度。',
  modelLabel: '模型',
  multipleLabel: 'multiple_of',
  multiplierLabel: 'ffn_dim_multiplier',
  multiplierHint: '留空表示不乘',
  derivation: (c, config) => [
    `d = ${grouped(c.model.hidden, 'zh')}；${c.model.activation === 'swiglu' ? '8d/3' : '4d（GELU MLP）'} = ${c.base.toFixed(2)}`,
    `取整 ⌊·⌋ = ${grouped(c.steps.floor, 'zh')}${c.rule.multiplier === undefined ? '' : `；× ${c.rule.multiplier} → ${grouped(c.steps.scaled, 'zh')}`}`,
    `向上取到 ${c.rule.multipleOf} 的倍数：${grouped(c.predicted, 'zh')}`,
    `发布的宽度：${grouped(c.released, 'zh')}${config === undefined ? '' : `（配置中的 intermediate_size ${grouped(config, 'zh')} 是它的两倍）`}；I/d = ${c.ratio.toFixed(3)}`,
  ],
  verdict: (c) =>
    c.matches
      ? '✓ 这条规则得到的正是发布的宽度。'
      : `✗ 不一致：这条规则得到 ${grouped(c.predicted, 'zh')}，发布的是 ${grouped(c.released, 'zh')}。${
          c.fits === undefined ? '对基准宽度做任何 2 的幂次倍数取整都得不到它：配置直接写定了宽度。' : `向上取到 ${c.fits} 的倍数就能得到它。`
        }`,
  params: (c) => [
    `每层 FFN 权重：${grouped(c.perLayerParams, 'zh')}（${paramsText(c.perLayerParams, 'zh')}）`,
    `全部 ${c.model.layers} 层：${paramsText(c.totalParams, 'zh')}，占模型 ${paramsText(c.totalParams / c.share, 'zh')} 参数的 ${(100 * c.share).toFixed(1)}%`,
    `同样 d 下 4d 宽的 GELU MLP：每层 ${paramsText(c.geluEquivalentParams, 'zh')}`,
  ],
  note: (note) => {
    switch (note.kind) {
      case 'not-a-number':
      case 'clamped':
        return decimalNoteText(note, 'zh');
      case 'unknown-focus':
        return `链接中的曲线“${note.value}”不是 ReLU、GELU、SiLU 或门控乘积之一，已改用默认值。`;
      case 'unknown-model':
        return `链接中的模型“${note.value}”不在模型目录中，已改用默认值。`;
      case 'multiple-not-offered':
        return `multiple_of ${note.asked} 不在可选范围内，已改用最接近的 2 的幂 ${note.used}。`;
    }
  },
  error: (message) => `实时计算失败：${message}`,
};

export const ACTIVATIONS_STRINGS: Record<Lang, ActivationsStrings> = { en, zh };
