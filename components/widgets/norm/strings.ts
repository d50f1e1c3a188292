// Every sentence of the norm widget, in both languages. The component renders the static labels on
// the server; the client builds captions, verdicts and messages from the same table.
import { decimalNoteText, formatDecimal } from '../shared/decimal.ts';
import type { Lang } from '../shared/lang.ts';
import type { PreNormModel, StateNote } from './state.ts';

export type NormStrings = {
  readonly title: string;
  readonly intro: string;
  readonly vectorLegend: string;
  readonly vectorHint: string;
  readonly entriesLabel: string;
  readonly entryLabel: (index: number) => string;
  readonly barLabel: (index: number) => string;
  readonly shiftLabel: string;
  readonly scaleLabel: string;
  readonly modelLabel: string;
  readonly models: Record<PreNormModel, string>;
  readonly runLive: string;
  readonly runAgain: string;
  readonly idleStatus: string;
  readonly restoredStatus: string;
  readonly loadingStatus: string;
  readonly tableTitle: string;
  readonly rowNames: { readonly x: string; readonly xt: string; readonly lnX: string; readonly lnXt: string; readonly rmsX: string; readonly rmsXt: string };
  readonly statsHeader: string;
  readonly stats: (mean: number, rms: number) => string;
  readonly lnTitle: string;
  readonly rmsTitle: string;
  readonly legendX: string;
  readonly legendXt: string;
  readonly verdict: (norm: 'ln' | 'rms', maxDiff: number) => string;
  readonly chartSummary: (norm: 'ln' | 'rms', values: readonly number[], transformed: readonly number[]) => string;
  readonly residualTitle: string;
  readonly residualIntro: string;
  readonly layerLabel: (layer: number) => string;
  readonly residualPanel: (model: string) => string;
  readonly alphaLine: string;
  readonly residualCaption: (preName: string, pre: readonly number[], post: readonly number[]) => string;
  readonly note: (note: StateNote) => string;
  readonly error: (message: string) => string;
};

/** Below this, two norm outputs are the same up to float32 rounding and ε. */
export const SAME = 1e-3;

const list = (values: readonly number[]) => values.map(formatDecimal).join(', ');

const en: NormStrings = {
  title: 'Try it: what each norm removes',
  intro:
    'Drag the bars (or type numbers) to set a vector x. The widget also makes a copy x′ = k·x + c and puts both through LayerNorm and RMSNorm (gain 1, bias 0, ε = 10⁻⁵).',
  vectorLegend: 'The vector x',
  vectorHint: 'Drag a bar, or focus it and use ↑ ↓ (0.1), Page Up / Page Down (1), Home / End (±10).',
  entriesLabel: 'Entries',
  entryLabel: (i) => `x${i + 1}`,
  barLabel: (i) => `Entry ${i + 1} of x`,
  shiftLabel: 'Shift c (added to every entry of x′)',
  scaleLabel: 'Scale k (multiplies every entry of x′)',
  modelLabel: 'Pre-norm replica beside ChatGLM-6B',
  models: { llama: 'LLaMA', qwen: 'Qwen', 'baichuan-7b': 'Baichuan-7B', 'chatglm2-6b': 'ChatGLM2-6B' },
  runLive: 'Run live — first run loads the runtime, 14–27 MB',
  runAgain: 'Run again',
  idleStatus: 'Nothing is downloaded until you start: the runtime (onnxruntime-web) loads on the first change or run.',
  restoredStatus: 'The link’s settings are restored. Change something or press Run to compute.',
  loadingStatus: 'Loading the runtime…',
  tableTitle: 'Every number, entry by entry',
  rowNames: { x: 'x', xt: 'x′ = k·x + c', lnX: 'LN(x)', lnXt: 'LN(x′)', rmsX: 'RMS(x)', rmsXt: 'RMS(x′)' },
  statsHeader: 'mean · RMS',
  stats: (mean, rms) => `${formatDecimal(mean)} · ${formatDecimal(rms)}`,
  lnTitle: 'LayerNorm: subtract the mean, divide by the standard deviation',
  rmsTitle: 'RMSNorm: divide by the root mean square',
  legendX: 'from x',
  legendXt: 'from x′',
  verdict: (norm, d) =>
    d < SAME
      ? `${norm === 'ln' ? 'LayerNorm' : 'RMSNorm'}: x′ gives the same output as x (largest difference ${formatDecimal(d)}).`
      : `${norm === 'ln' ? 'LayerNorm' : 'RMSNorm'}: x′ gives a different output (largest difference ${formatDecimal(d)}).`,
  chartSummary: (norm, a, b) => `${norm === 'ln' ? 'LayerNorm' : 'RMSNorm'} of x: ${list(a)}; of x′: ${list(b)}.`,
  residualTitle: 'The residual stream, layer by layer',
  residualIntro:
    'The size (RMS) of the hidden state after each layer of two tiny replicas with random weights, averaged over a short prompt. Pre-norm adds each sublayer to x; ChatGLM-6B’s skip path carries α·LN(x), α = √56 ≈ 7.48.',
  layerLabel: (l) => `after layer ${l + 1}`,
  residualPanel: (model) => model,
  alphaLine: 'α = √56',
  residualCaption: (pre, a, b) =>
    `${pre} (pre-norm): ${list(a)} — it grows as each layer adds to it. ChatGLM-6B (α·LN(x) + F): ${list(b)} — every layer restarts near α.`,
  note: (note) => {
    switch (note.kind) {
      case 'not-a-number':
      case 'clamped':
        return decimalNoteText(note, 'en');
      case 'unknown-model':
        return `The link’s model “${note.value}” is not one of the replicas; the default is used.`;
      case 'entry-count':
        return `The link’s vector has ${note.asked} entries; the widget takes 2 to 8 and uses ${note.used}.`;
    }
  },
  error: (message) => `The live computation failed: ${message}`,
};

const zh: NormStrings = {
  title: '动手试试：两种归一化各自去掉了什么',
  intro: '拖动柱子（或直接输入数字）设定向量 x。组件同时构造一个副本 x′ = k·x + c，把两者都送进 LayerNorm 和 RMSNorm（增益为 1，偏置为 0，ε = 10⁻⁵）。',
  vectorLegend: '向量 x',
  vectorHint: '拖动柱子；或选中柱子后用 ↑ ↓（每次 0.1）、Page Up / Page Down（每次 1）、Home / End（±10）调整。',
  entriesLabel: '维数',
  entryLabel: (i) => `x${i + 1}`,
  barLabel: (i) => `x 的第 ${i + 1} 个分量`,
  shiftLabel: '平移 c（加到 x′ 的每个分量上）',
  scaleLabel: '缩放 k（乘到 x′ 的每个分量上）',
  modelLabel: '与 ChatGLM-6B 对照的 pre-norm 模型',
  models: { llama: 'LLaMA', qwen: 'Qwen', 'baichuan-7b': 'Baichuan-7B', 'chatglm2-6b': 'ChatGLM2-6B' },
  runLive: '实时运行——首次需加载运行时，约 14–27 MB',
  runAgain: '重新运行',
  idleStatus: '开始之前不会下载任何内容：运行时（onnxruntime-web）在第一次改动或运行时才加载。',
  restoredStatus: '已恢复链接中的设置。改动任意控件或点“运行”开始计算。',
  loadingStatus: '正在加载运行时……',
  tableTitle: '逐个分量的全部数值',
  rowNames: { x: 'x', xt: 'x′ = k·x + c', lnX: 'LN(x)', lnXt: 'LN(x′)', rmsX: 'RMS(x)', rmsXt: 'RMS(x′)' },
  statsHeader: '均值 · 均方根',
  stats: (mean, rms) => `${formatDecimal(mean)} · ${formatDecimal(rms)}`,
  lnTitle: 'LayerNorm：减去均值，再除以标准差',
  rmsTitle: 'RMSNorm：除以均方根',
  legendX: '来自 x',
  legendXt: '来自 x′',
  verdict: (norm, d) =>
    d < SAME
      ? `${norm === 'ln' ? 'LayerNorm' : 'RMSNorm'}：x′ 的输出与 x 相同（最大差 ${formatDecimal(d)}）。`
      : `${norm === 'ln' ? 'LayerNorm' : 'RMSNorm'}：x′ 的输出与 x 不同（最大差 ${formatDecimal(d)}）。`,
  chartSummary: (norm, a, b) => `${norm === 'ln' ? 'LayerNorm' : 'RMSNorm'}：x 的输出为 ${list(a)}；x′ 的输出为 ${list(b)}。`,
  residualTitle: '残差流的大小，逐层来看',
  residualIntro:
    '两个随机权重的微型复刻模型在一小段提示上运行，每层输出的隐藏状态的均方根（对各 token 取平均）。pre-norm 把每个子层的输出加到 x 上；ChatGLM-6B 的跳连传的是 α·LN(x)，α = √56 ≈ 7.48。',
  layerLabel: (l) => `第 ${l + 1} 层之后`,
  residualPanel: (model) => model,
  alphaLine: 'α = √56',
  residualCaption: (pre, a, b) =>
    `${pre}（pre-norm）：${list(a)}——每层都往上加，逐层变大。ChatGLM-6B（α·LN(x) + F）：${list(b)}——每层都从 α 附近重新开始。`,
  note: (note) => {
    switch (note.kind) {
      case 'not-a-number':
      case 'clamped':
        return decimalNoteText(note, 'zh');
      case 'unknown-model':
        return `链接中的模型“${note.value}”不在可选的复刻模型之中，已改用默认值。`;
      case 'entry-count':
        return `链接中的向量有 ${note.asked} 个分量；本组件接受 2 到 8 个，这里用 ${note.used} 个。`;
    }
  },
  error: (message) => `实时计算失败：${message}`,
};

export const NORM_STRINGS: Record<Lang, NormStrings> = { en, zh };
