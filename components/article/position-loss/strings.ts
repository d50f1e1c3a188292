// The words of the ALiBi article's position-loss chart, in both languages. Figures come from the
// JSON through series.ts; nothing here states a number of its own.
import type { Lang } from '../../widgets/shared/lang.ts';
import type { PositionModelFigures } from '../../../kernels/families/trained-figures/types.ts';
import { FLAT, type Drift } from './series.ts';

type Encoding = PositionModelFigures['encoding'];

export type PositionLossStrings = {
  readonly title: string;
  readonly encodings: Record<Encoding, string>;
  readonly modelName: (id: string, encoding: Encoding) => string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly trainedMarker: (tokens: number) => string;
  readonly summary: (tokens: number, longest: number) => string;
  readonly caption: (tokens: number, bucket: number, windows: number) => string;
  readonly tableCaption: string;
  readonly modelHeader: string;
  readonly lengthHeader: (factor: number, tokens: number) => string;
  readonly drift: (name: string, drift: Drift, factor: number) => string;
  readonly loading: string;
};

const sign = (x: number) => (x >= 0 ? '+' : '−') + Math.abs(x).toFixed(2);

export const POSITION_LOSS_STRINGS: Record<Lang, PositionLossStrings> = {
  en: {
    title: 'Held-out loss per position, past the training length',
    encodings: { alibi: 'ALiBi', rope: 'RoPE', 'rope-ntk-logn': 'RoPE + dynamic NTK + logN' },
    modelName: (id, encoding) => `${id} (${POSITION_LOSS_STRINGS.en.encodings[encoding]})`,
    xLabel: 'position in the window (tokens)',
    yLabel: 'loss (nats/token)',
    trainedMarker: (t) => `trained on ${t}`,
    summary: (t, longest) =>
      `Line chart: held-out loss per position for the trained ALiBi and RoPE models, over windows of ${longest} tokens; the models were trained on ${t}. The table below gives the same comparison as numbers.`,
    caption: (t, bucket, windows) =>
      `Each point averages ${bucket} positions over ${windows} non-overlapping windows of held-out text (poems and prose the models never saw). Left of the line: the ${t} positions seen in training.`,
    tableCaption: 'Mean held-out loss over whole windows, by window length (nats per token; lower is better)',
    modelHeader: 'model',
    lengthHeader: (f, t) => `${f}× (${t} tokens)`,
    drift: (name, d, f) =>
      Math.abs(d.change) < FLAT
        ? `${name}: about the same at ${f}× as at 1× (${sign(d.change)}).`
        : d.change > 0
          ? `${name}: worse at ${f}× than at 1× (${sign(d.change)}).`
          : `${name}: better at ${f}× than at 1× (${sign(d.change)}): later tokens have more context to use.`,
    loading: 'The chart draws when it scrolls into view.',
  },
  zh: {
    title: '超出训练长度后，各位置的留出集损失',
    encodings: { alibi: 'ALiBi', rope: 'RoPE', 'rope-ntk-logn': 'RoPE + 动态 NTK + logN' },
    modelName: (id, encoding) => `${id}（${POSITION_LOSS_STRINGS.zh.encodings[encoding]}）`,
    xLabel: '窗口内的位置（token）',
    yLabel: '损失（nats/token）',
    trainedMarker: (t) => `训练长度 ${t}`,
    summary: (t, longest) =>
      `折线图：训练好的 ALiBi 与 RoPE 小模型在 ${longest} token 的窗口里，各位置的留出集损失；训练长度为 ${t}。下表以数字给出同样的比较。`,
    caption: (t, bucket, windows) =>
      `每个点是 ${windows} 个互不重叠的留出文本窗口（模型从未见过的诗和散文）里、${bucket} 个相邻位置的平均。竖线左侧是训练时见过的 ${t} 个位置。`,
    tableCaption: '按窗口长度统计的整窗平均留出集损失（nats/token，越低越好）',
    modelHeader: '模型',
    lengthHeader: (f, t) => `${f}×（${t} token）`,
    drift: (name, d, f) =>
      Math.abs(d.change) < FLAT
        ? `${name}：${f}× 时与 1× 时相差无几（${sign(d.change)}）。`
        : d.change > 0
          ? `${name}：${f}× 时比 1× 时差（${sign(d.change)}）。`
          : `${name}：${f}× 时比 1× 时好（${sign(d.change)}）：靠后的 token 有更多上文可用。`,
    loading: '图表在滚动到这里时绘制。',
  },
};
