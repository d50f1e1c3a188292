// Every sentence of the attention-sharing widget, in both languages. The component renders the
// static labels on the server; the client builds captions and messages from the same table.
import type { AttentionKind } from '../../../kernels/families/catalog.ts';
import type { KvDtype } from '../../../kernels/demos/kv-cache.ts';
import type { Lang } from '../shared/lang.ts';
import type { PresenterStep } from '../shared/presenter.ts';
import { WEIGHTS_STRINGS, type WeightsStrings } from '../shared/weights.ts';
import type { SharingNote, SharingReplica } from './state.ts';

export type SharingStrings = {
  readonly title: string;
  readonly intro: string;
  readonly headsLabel: string;
  readonly kvHeadsLabel: string;
  readonly layersLabel: string;
  readonly headDimLabel: string;
  readonly dtypeLabel: string;
  readonly dtypes: Record<KvDtype, string>;
  readonly contextLabel: string;
  readonly replicaLabel: string;
  /** The trained/untrained switch. */
  readonly weights: WeightsStrings;
  /** A model menu entry: its family and its trained model's heads (read from its config.json). */
  readonly replicaOption: (replica: SharingReplica, heads: number, kvHeads: number) => string;
  readonly layerLabel: string;
  readonly layerOption: (layer: number) => string;
  /** The model menu's entry for a released model the hub part opened. */
  readonly hubOption: (repo: string) => string;
  readonly runLive: string;
  readonly runAgain: string;
  readonly idleStatus: string;
  readonly loadingStatus: string;
  readonly mappingTitle: string;
  readonly mappingSummary: (heads: number, kvHeads: number, kind: AttentionKind) => string;
  readonly yours: (perToken: string, atContext: string, context: number, ofMha: string) => string;
  readonly tableTitle: string;
  readonly modelHeader: string;
  readonly shapeHeader: string;
  readonly perTokenHeader: string;
  readonly atContextHeader: (context: number) => string;
  readonly yourRow: string;
  readonly chartTitle: string;
  readonly chartX: string;
  readonly chartY: string;
  readonly chartCaption: string;
  readonly chartSummary: (context: number, yours: string) => string;
  readonly attentionTitle: string;
  readonly attentionCaption: (heads: number, kvHeads: number) => string;
  readonly groupLabel: (group: number, first: number, last: number) => string;
  readonly headTitle: (head: number) => string;
  readonly queryAxis: string;
  readonly keyAxis: string;
  readonly cellTitle: (row: number, col: number, value: number) => string;
  readonly heatmapSummary: (head: number, group: number, tokens: number) => string;
  /** What the attention heatmaps' colours stand for, named in their legends. */
  readonly attentionLegend: string;
  readonly note: (note: SharingNote) => string;
  readonly error: (message: string) => string;
  /** The text the replicas read. */
  readonly sampleText: string;
  /** Presenter mode: MHA → GQA → MQA at the same n, with what the cache costs. */
  readonly presenterSteps: readonly PresenterStep[];
};

/** A presenter step's parameters: every shape number is set, so stepping back restores it exactly. */
const shape = (heads: number, kvHeads: number, layers: number) => ({
  'share-heads': String(heads),
  'share-kv': String(kvHeads),
  'share-layers': String(layers),
  'share-dim': '128',
  'share-dtype': 'fp16',
});

const grouping = (n: number) => n.toLocaleString('en');

const en: SharingStrings = {
  title: 'Who reads which keys: MHA, GQA, MQA',
  intro:
    'Pick n query heads and m key/value heads (m must divide n). The drawing shows which K/V head each query head reads; the table and chart show the KV cache this costs. The live part runs two tiny models with shared keys, trained on text (or with random weights, to compare).',
  headsLabel: 'Query heads n',
  kvHeadsLabel: 'KV heads m (divisors of n)',
  layersLabel: 'Layers L',
  headDimLabel: 'Head size d_head',
  dtypeLabel: 'Number format',
  dtypes: { fp32: 'fp32 (4 bytes)', fp16: 'fp16 / bf16 (2 bytes)', int8: 'int8 (1 byte)' },
  contextLabel: 'Context length (tokens)',
  replicaLabel: 'Tiny model',
  weights: WEIGHTS_STRINGS.en,
  replicaOption: (r, heads, kv) =>
    r === 'llama2-gqa' ? `Llama 2 GQA (${heads} query heads, ${kv} KV heads)` : `ChatGLM2 (${heads} query heads, ${kv} groups)`,
  layerLabel: 'Layer',
  layerOption: (layer) => `layer ${layer}`,
  hubOption: (repo) => `${repo} (from the hub)`,
  runLive: 'Run live',
  runAgain: 'Run again',
  idleStatus: 'Nothing loaded yet: the chart and the replicas load when you change a control or press Run.',
  loadingStatus: 'Loading the runtime and the replica…',
  mappingTitle: 'Which K/V head (bottom row) each query head (top row) reads',
  mappingSummary: (n, m, kind) =>
    `${kind}: ${n} query heads, ${m} KV head${m === 1 ? '' : 's'}, ${n / m} query head${n / m === 1 ? '' : 's'} per group. Query head h reads KV head ⌊h / ${n / m}⌋.`,
  yours: (perToken, atContext, context, ofMha) =>
    `Your settings: ${perToken} per token, ${atContext} at ${grouping(context)} tokens (${ofMha} of the MHA cache with the same n).`,
  tableTitle: 'KV cache of every released model',
  modelHeader: 'Model',
  shapeHeader: 'L · m · d_head',
  perTokenHeader: 'Per token',
  atContextHeader: (context) => `At ${grouping(context)} tokens`,
  yourRow: 'Your settings',
  chartTitle: 'KV cache against context length',
  chartX: 'context length (tokens)',
  chartY: 'KV cache (GiB)',
  chartCaption: 'Grey: released models; accent: your settings; the vertical line is your context length. Both axes are logarithmic.',
  chartSummary: (context, yours) => `Line chart of KV-cache size against context length; your settings reach ${yours} at ${grouping(context)} tokens.`,
  attentionTitle: 'Live attention per head, grouped by the keys they share',
  attentionCaption: (n, m) =>
    `The replica has ${n} query heads and ${m} KV heads: the heads inside one box read the same keys and values, and differ only in their queries.`,
  groupLabel: (g, first, last) => `K/V head ${g} — shared by query heads ${first}–${last}`,
  headTitle: (h) => `query head ${h}`,
  queryAxis: 'query',
  keyAxis: 'key',
  cellTitle: (row, col, value) => `query ${row} → key ${col}: ${value.toFixed(3)}`,
  heatmapSummary: (h, g, t) => `Attention of query head ${h} (reads K/V head ${g}) over ${t} tokens.`,
  attentionLegend: 'attention',
  note: (note) => {
    switch (note.kind) {
      case 'not-a-number':
        return `“${note.value}” in ${note.param} is not a whole number; the default is used.`;
      case 'unknown-weights':
        return WEIGHTS_STRINGS.en.unknown(note);
      case 'unknown-value':
        return `“${note.value}” is not a choice for ${note.param}; the default is used.`;
      case 'clamped':
        return `${note.param} must be between ${grouping(note.low)} and ${grouping(note.high)}: using ${grouping(note.used)} instead of ${note.asked}.`;
      case 'not-a-divisor':
        return `${note.asked} KV heads do not split ${note.heads} query heads into equal groups: using ${note.used}, the nearest divisor.`;
    }
  },
  error: (message) => `The live part failed: ${message}`,
  sampleText: 'The keys are shared.',
  presenterSteps: [
    { caption: 'MHA, 8 query heads and 8 K/V heads: every head keeps its own keys; 32 layers × 128 dims in fp16 cost 128 KiB per token.', params: shape(8, 8, 32) },
    { caption: 'GQA, 8 query heads in 2 groups: neighbouring heads share one K/V head, and the cache drops to a quarter (32 KiB per token).', params: shape(8, 2, 32) },
    { caption: 'MQA, one K/V head for all 8 query heads: an eighth of the MHA cache (16 KiB per token).', params: shape(8, 1, 32) },
    { caption: 'Llama 2 70B: 64 query heads, 8 K/V heads, 80 layers; compare it with the MHA models in the table.', params: shape(64, 8, 80) },
  ],
};

const zh: SharingStrings = {
  title: '谁读哪组键：MHA、GQA、MQA',
  intro:
    '选定 n 个查询头和 m 个键/值头（m 必须整除 n）。示意图画出每个查询头读哪个 K/V 头；表格和曲线给出 KV 缓存的代价。下方实时运行两个共享键值的微型模型：默认是在文本上训练过的，也可以换成随机权重来对比。',
  headsLabel: '查询头数 n',
  kvHeadsLabel: 'KV 头数 m（n 的约数）',
  layersLabel: '层数 L',
  headDimLabel: '每头维度 d_head',
  dtypeLabel: '数值格式',
  dtypes: { fp32: 'fp32（4 字节）', fp16: 'fp16 / bf16（2 字节）', int8: 'int8（1 字节）' },
  contextLabel: '上下文长度（token 数）',
  replicaLabel: '微型模型',
  weights: WEIGHTS_STRINGS.zh,
  replicaOption: (r, heads, kv) =>
    r === 'llama2-gqa' ? `Llama 2 GQA（${heads} 个查询头，${kv} 个 KV 头）` : `ChatGLM2（${heads} 个查询头，${kv} 组）`,
  layerLabel: '层',
  layerOption: (layer) => `第 ${layer} 层`,
  hubOption: (repo) => `${repo}（来自模型库）`,
  runLive: '实时运行',
  runAgain: '再运行一次',
  idleStatus: '尚未加载任何内容：改动任一控件或点击“实时运行”后，才加载曲线和复刻模型。',
  loadingStatus: '正在加载运行时和复刻模型……',
  mappingTitle: '每个查询头（上排）读哪个 K/V 头（下排）',
  mappingSummary: (n, m, kind) => `${kind}：${n} 个查询头，${m} 个 KV 头，每组 ${n / m} 个查询头。查询头 h 读第 ⌊h / ${n / m}⌋ 个 KV 头。`,
  yours: (perToken, atContext, context, ofMha) =>
    `你的设置：每个 token ${perToken}，${grouping(context)} 个 token 时 ${atContext}（是同样 n 下 MHA 缓存的 ${ofMha}）。`,
  tableTitle: '各发布模型的 KV 缓存',
  modelHeader: '模型',
  shapeHeader: 'L · m · d_head',
  perTokenHeader: '每个 token',
  atContextHeader: (context) => `${grouping(context)} 个 token 时`,
  yourRow: '你的设置',
  chartTitle: 'KV 缓存随上下文长度的增长',
  chartX: '上下文长度（token）',
  chartY: 'KV 缓存（GiB）',
  chartCaption: '灰线：各发布模型；强调色：你的设置；竖线：你选的上下文长度。两条坐标轴都是对数刻度。',
  chartSummary: (context, yours) => `KV 缓存大小随上下文长度变化的折线图；你的设置在 ${grouping(context)} 个 token 时为 ${yours}。`,
  attentionTitle: '各头的实时注意力，按共享的键值分组',
  attentionCaption: (n, m) => `该复刻模型有 ${n} 个查询头、${m} 个 KV 头：同一框内的头读的是同一份键和值，只有查询不同。`,
  groupLabel: (g, first, last) => `K/V 头 ${g}——由查询头 ${first}–${last} 共享`,
  headTitle: (h) => `查询头 ${h}`,
  queryAxis: '查询',
  keyAxis: '键',
  cellTitle: (row, col, value) => `查询 ${row} → 键 ${col}：${value.toFixed(3)}`,
  heatmapSummary: (h, g, t) => `查询头 ${h}（读 K/V 头 ${g}）在 ${t} 个 token 上的注意力。`,
  attentionLegend: '注意力',
  note: (note) => {
    switch (note.kind) {
      case 'not-a-number':
        return `${note.param} 中的“${note.value}”不是整数，已改用默认值。`;
      case 'unknown-weights':
        return WEIGHTS_STRINGS.zh.unknown(note);
      case 'unknown-value':
        return `“${note.value}”不是 ${note.param} 的可选值，已改用默认值。`;
      case 'clamped':
        return `${note.param} 须在 ${grouping(note.low)} 到 ${grouping(note.high)} 之间：已用 ${grouping(note.used)} 代替 ${note.asked}。`;
      case 'not-a-divisor':
        return `${note.asked} 个 KV 头无法把 ${note.heads} 个查询头均分成组：已改用最接近的约数 ${note.used}。`;
    }
  },
  error: (message) => `实时部分出错：${message}`,
  // The replicas' tiny tokenizer has no Chinese pieces (it would split each character into bytes).
  sampleText: 'K and V are shared.',
  presenterSteps: [
    { caption: 'MHA：8 个查询头、8 个 K/V 头，每个头都有自己的键值；32 层、每头 128 维、fp16，每个 token 占 128 KiB。', params: shape(8, 8, 32) },
    { caption: 'GQA：8 个查询头分成 2 组，相邻的头共用一个 K/V 头，缓存降到四分之一（每个 token 32 KiB）。', params: shape(8, 2, 32) },
    { caption: 'MQA：8 个查询头共用 1 个 K/V 头，缓存只有 MHA 的八分之一（每个 token 16 KiB）。', params: shape(8, 1, 32) },
    { caption: 'Llama 2 70B：64 个查询头、8 个 K/V 头、80 层；和表中的 MHA 模型比一比。', params: shape(64, 8, 80) },
  ],
};

export const SHARING_STRINGS: Record<Lang, SharingStrings> = { en, zh };
