// Every sentence of the quantization widget, in both languages. The component renders the static
// labels on the server; the client builds the results and the notes from the same table.
import { formatBytes } from '../../../kernels/format-bytes.ts';
import type { GroupSize } from '../../../kernels/ops/quantize/groups.ts';
import type { Lang } from '../shared/lang.ts';
import { BITS, MAX_TEXT, type QuantNote } from './state.ts';

export type QuantStrings = {
  readonly title: string;
  readonly intro: string;
  readonly modelLabel: string;
  readonly modelOption: (family: string) => string;
  readonly bitsLabel: string;
  readonly groupLabel: string;
  readonly groupOption: (groupSize: GroupSize) => string;
  readonly textLabel: string;
  readonly runLive: string;
  readonly runAgain: string;
  readonly idleStatus: string;
  readonly restoredStatus: string;
  readonly loadingStatus: string;
  readonly topTitle: string;
  readonly rankHeader: string;
  readonly originalHeader: string;
  readonly quantizedHeader: (bits: number) => string;
  readonly klLine: (kl: string) => string;
  readonly sameTop: (same: boolean) => string;
  readonly errorLine: (meanAbsError: string) => string;
  readonly bytesLine: (total: number, fp16: number) => string;
  readonly bytesDetail: (linear: number, overhead: number, kept: number) => string;
  readonly keptNote: string;
  readonly chartTitle: string;
  readonly chartX: string;
  readonly chartY: string;
  readonly seriesName: (groupSize: GroupSize) => string;
  readonly chartSummary: (groupSize: GroupSize, points: readonly { bits: number; value: string }[]) => string;
  readonly note: (note: QuantNote) => string;
  readonly error: (message: string) => string;
};

const en: QuantStrings = {
  title: 'Try it: quantize a trained model',
  intro:
    'Pick a trained tiny model, a bit width and a group size. Every linear weight inside its layers is quantized with the formula above and restored (fake quantization); the embedding, the output head and the norms stay in full precision. Then both models read your prompt and predict the next token.',
  modelLabel: 'Trained model',
  modelOption: (family) => `${family} (trained)`,
  bitsLabel: `Bits b (${BITS.low}–${BITS.high})`,
  groupLabel: 'Group size g',
  groupOption: (g) => (g === 'row' ? 'whole row (per output channel)' : String(g)),
  textLabel: 'Prompt',
  runLive: 'Run live — first run loads the runtime (14–27 MB) and the model',
  runAgain: 'Run again',
  idleStatus: 'Nothing is downloaded until you start: the runtime and the model load on the first change or run.',
  restoredStatus: 'The link’s settings are restored. Change something or press Run to compute.',
  loadingStatus: 'Loading the runtime and the model…',
  topTitle: 'Next token: the original model against the quantized one',
  rankHeader: '#',
  originalHeader: 'original',
  quantizedHeader: (bits) => `${bits}-bit`,
  klLine: (kl) => `KL(original ‖ quantized) = ${kl} nats`,
  sameTop: (same) => (same ? 'The most likely next token is the same.' : 'The most likely next token changed.'),
  errorLine: (e) => `Mean |w − ŵ| over the quantized weights: ${e}`,
  bytesLine: (total, fp16) => `Weights: ${formatBytes(total)} at this setting, against ${formatBytes(fp16)} at fp16.`,
  bytesDetail: (linear, overhead, kept) =>
    `Linear layers ${formatBytes(linear)} (scales and zero points ${formatBytes(overhead)} of it: an fp16 scale and a b-bit zero point per group); embedding, output head and norms ${formatBytes(kept)} at fp16.`,
  keptNote: 'These tiny models have a large vocabulary for their width, so the embedding and the output head, left unquantized, are most of their weights.',
  chartTitle: 'Mean weight error against bits',
  chartX: 'bits b',
  chartY: 'mean |w − ŵ|',
  seriesName: (g) => (g === 'row' ? 'whole rows' : `groups of ${g}`),
  chartSummary: (g, points) => `Mean |w − ŵ| in ${g === 'row' ? 'whole rows' : `groups of ${g}`}: ${points.map((p) => `${p.bits} bits ${p.value}`).join(', ')}.`,
  note: (note) => {
    switch (note.kind) {
      case 'not-a-number':
        return `“${note.value}” is not a whole number of bits; the last good value is used.`;
      case 'bits-clamped':
        return `Bits go from ${BITS.low} to ${BITS.high}: ${note.asked} is outside, so ${note.used} is used.`;
      case 'unknown-value':
        return `The link’s ${note.param} “${note.value}” is not one of the choices; the default is used.`;
      case 'empty-text':
        return 'The prompt is empty; type some text (the last prompt is used meanwhile).';
      case 'text-cut':
        return `The prompt has ${note.length} characters; the first ${MAX_TEXT} are used.`;
    }
  },
  error: (message) => `The live computation failed: ${message}`,
};

const zh: QuantStrings = {
  title: '动手试试：量化一个训练好的模型',
  intro:
    '选一个训练好的小模型、位数和分组大小。它各层里的每个线性层权重都按上面的公式量化后再还原（伪量化）；词嵌入、输出头和归一化保持全精度。然后两个模型读同一段提示，各自预测下一个 token。',
  modelLabel: '训练好的模型',
  modelOption: (family) => `${family}（已训练）`,
  bitsLabel: `位数 b（${BITS.low}–${BITS.high}）`,
  groupLabel: '分组大小 g',
  groupOption: (g) => (g === 'row' ? '整行一组（按输出通道）' : String(g)),
  textLabel: '提示',
  runLive: '实时运行——首次需加载运行时（14–27 MB）和模型',
  runAgain: '重新运行',
  idleStatus: '开始之前不会下载任何内容：运行时和模型在第一次改动或运行时才加载。',
  restoredStatus: '已恢复链接中的设置。改动任意控件或点“运行”开始计算。',
  loadingStatus: '正在加载运行时和模型……',
  topTitle: '下一个 token：原模型与量化后的模型对照',
  rankHeader: '#',
  originalHeader: '原模型',
  quantizedHeader: (bits) => `${bits} 位`,
  klLine: (kl) => `KL(原模型 ‖ 量化模型) = ${kl} 奈特`,
  sameTop: (same) => (same ? '最可能的下一个 token 没有变。' : '最可能的下一个 token 变了。'),
  errorLine: (e) => `被量化权重的平均 |w − ŵ|：${e}`,
  bytesLine: (total, fp16) => `权重：此设置下共 ${formatBytes(total)}，fp16 下为 ${formatBytes(fp16)}。`,
  bytesDetail: (linear, overhead, kept) =>
    `线性层 ${formatBytes(linear)}（其中缩放因子和零点占 ${formatBytes(overhead)}：每组一个 fp16 缩放因子和一个 b 位零点）；词嵌入、输出头和归一化按 fp16 计 ${formatBytes(kept)}。`,
  keptNote: '这些小模型的词表相对于隐藏维度很大，所以不量化的词嵌入和输出头占了权重的大头。',
  chartTitle: '平均权重误差随位数的变化',
  chartX: '位数 b',
  chartY: '平均 |w − ŵ|',
  seriesName: (g) => (g === 'row' ? '整行一组' : `每组 ${g} 个`),
  chartSummary: (g, points) => `${g === 'row' ? '整行一组' : `每组 ${g} 个`}时的平均 |w − ŵ|：${points.map((p) => `${p.bits} 位 ${p.value}`).join('，')}。`,
  note: (note) => {
    switch (note.kind) {
      case 'not-a-number':
        return `“${note.value}”不是整数位数，仍使用上一个有效值。`;
      case 'bits-clamped':
        return `位数范围是 ${BITS.low} 到 ${BITS.high}：${note.asked} 超出范围，改用 ${note.used}。`;
      case 'unknown-value':
        return `链接中的 ${note.param}“${note.value}”不在可选项之中，已改用默认值。`;
      case 'empty-text':
        return '提示为空；请输入一些文字（暂时沿用上一段提示）。';
      case 'text-cut':
        return `提示有 ${note.length} 个字符，只取前 ${MAX_TEXT} 个。`;
    }
  },
  error: (message) => `实时计算失败：${message}`,
};

export const QUANT_STRINGS: Record<Lang, QuantStrings> = { en, zh };
