// Every sentence of the ALiBi widget, in both languages.
import type { Lang } from '../shared/lang.ts';
import type { PresenterStep } from '../shared/presenter.ts';
import type { AlibiNote } from './state.ts';

/** What the summary says about one computed update. */
export type AlibiFacts = {
  readonly head: number;
  readonly slope: number;
  readonly trainLength: number;
  readonly length: number;
  /** Share of the last query's attention on keys at distance ≥ L_train (ALiBi, this head). */
  readonly beyond: number;
  readonly unseenPairs: number;
  readonly ropePairs: number;
};

export type AlibiStrings = {
  readonly title: string;
  readonly intro: string;
  readonly headsLabel: string;
  readonly headLabel: string;
  readonly headOption: (head: number) => string;
  readonly trainLabel: string;
  readonly lengthLabel: string;
  readonly qkLabel: string;
  readonly runLive: string;
  readonly runAgain: string;
  readonly idleStatus: string;
  readonly loadingStatus: string;
  readonly slopesTitle: string;
  readonly slopesCaption: (heads: number) => string;
  readonly slopesX: string;
  readonly slopesY: string;
  readonly slopesListLabel: string;
  readonly slopeItem: (head: number, log2: string, value: string) => string;
  readonly biasTitle: (head: number) => string;
  readonly biasCaption: (shown: number, length: number) => string;
  readonly queryAxis: string;
  readonly keyAxis: string;
  readonly biasCell: (row: number, col: number, value: number) => string;
  /** What the bias heatmap's colours stand for, named in its legend. */
  readonly biasLegend: string;
  /** The legend's name for the masked keys (j > i), which have no penalty. */
  readonly maskedLegend: string;
  readonly logitTitle: string;
  readonly logitCaption: string;
  readonly distanceX: string;
  readonly logitY: string;
  readonly alibiName: (head: number) => string;
  readonly ropeName: string;
  readonly pastTraining: string;
  readonly attentionTitle: string;
  readonly anglesTitle: string;
  readonly anglesCaption: (trainLength: number) => string;
  readonly pairAxis: string;
  readonly angleCell: (pair: number, distance: number, unseen: boolean) => string;
  readonly angleSeen: string;
  readonly angleUnseen: string;
  readonly attentionY: string;
  readonly summary: (facts: AlibiFacts) => string;
  readonly note: (note: AlibiNote) => string;
  readonly error: (message: string) => string;
  readonly presenterSteps: readonly PresenterStep[];
};

const percent = (x: number) => `${(100 * x).toPrecision(3)}%`;

const en: AlibiStrings = {
  title: 'ALiBi against RoPE: slopes, bias and what lies past the training length',
  intro:
    'ALiBi adds −m·(distance) to every attention score, with one slope m per head. Choose the number of heads (any number: Baichuan-13B has 40), a head, the training length and how far to look.',
  headsLabel: 'Heads n',
  headLabel: 'Head drawn',
  headOption: (h) => `head ${h}`,
  trainLabel: 'Training length',
  lengthLabel: 'Length shown',
  qkLabel: 'Content score q·k',
  runLive: 'Run live',
  runAgain: 'Run again',
  idleStatus: 'Nothing loaded yet: the runtime loads when you change a control or press Run.',
  loadingStatus: 'Loading the runtime…',
  slopesTitle: 'Slope m of every head',
  slopesCaption: (n) =>
    Number.isInteger(Math.log2(n))
      ? `${n} is a power of two: the slopes are 2^(−8/${n}), 2^(−16/${n}), … down to 2^−8.`
      : `${n} is not a power of two: the first heads take the series of the largest power of two below ${n}, the rest fill the gaps between its values.`,
  slopesX: 'head',
  slopesY: 'slope m',
  slopesListLabel: 'All slopes',
  slopeItem: (h, log2, value) => `head ${h}: m = 2^${log2} = ${value}`,
  biasTitle: (h) => `Bias −m·(i − j) of head ${h}`,
  biasCaption: (shown, length) =>
    shown < length ? `First ${shown} of ${length} positions. Keys after the query (j > i) are masked: they get no penalty, as they are never read.` : 'Keys after the query (j > i) are masked: they get no penalty, as they are never read.',
  queryAxis: 'query i',
  keyAxis: 'key j',
  biasCell: (row, col, value) => `query ${row}, key ${col}: ` + (Number.isNaN(value) ? 'masked' : `penalty ${value.toFixed(3)}`),
  biasLegend: 'penalty',
  maskedLegend: 'masked (j > i)',
  logitTitle: 'Score of one q·k against distance',
  logitCaption: 'The last query against keys at distance d. ALiBi: q·k − m·d, a straight line down. RoPE: q·k times the mean cosine of d·θ over its 32 frequency pairs. Shaded: distances never seen in training.',
  distanceX: 'distance d = i − j',
  logitY: 'score',
  alibiName: (h) => `ALiBi head ${h}`,
  ropeName: 'RoPE',
  pastTraining: 'past training length',
  attentionTitle: 'ALiBi attention of the last query against distance',
  anglesTitle: 'RoPE: angles never seen in training',
  anglesCaption: (L) =>
    `One row per frequency pair k (fast at the top). Up to distance ${L - 1} training showed each pair its angles; pairs that never made a full turn in that range meet new angles further on.`,
  pairAxis: 'pair k',
  angleCell: (k, d, unseen) => `pair ${k}, distance ${d}: ${unseen ? 'an angle never seen in training' : 'an angle seen in training'}`,
  angleSeen: 'seen in training',
  angleUnseen: 'never seen',
  attentionY: 'attention',
  summary: (f) =>
    f.length <= f.trainLength
      ? `Head ${f.head} has m = ${f.slope.toPrecision(4)}. Every distance shown is inside the training length (${f.trainLength}); make the length shown longer to see what changes past it.`
      : `Head ${f.head} has m = ${f.slope.toPrecision(4)}. Past the training length (d ≥ ${f.trainLength}), ALiBi leaves ${percent(f.beyond)} of the attention there: the penalty keeps growing, so attention stays local. RoPE rotates ${f.unseenPairs} of its ${f.ropePairs} frequency pairs to angles they never reached in training.`,
  note: (note) =>
    note.kind === 'not-a-number'
      ? `“${note.value}” in ${note.param} is not a number; the default is used.`
      : `${note.param} must be between ${note.low} and ${note.high}: using ${note.used} instead of ${note.asked}.`,
  error: (message) => `The computation failed: ${message}`,
  presenterSteps: [
    { caption: '8 heads: slopes 1/2, 1/4, … 1/256. Each head penalises distance at its own rate.', params: { 'alibi-heads': '8', 'alibi-head': '0', 'alibi-train': '16', 'alibi-length': '16', 'alibi-qk': '1' } },
    { caption: '40 heads (Baichuan-13B): not a power of two, so 32 slopes from one series and 8 in between.', params: { 'alibi-heads': '40', 'alibi-head': '32', 'alibi-train': '16', 'alibi-length': '16', 'alibi-qk': '1' } },
    { caption: 'Three times the training length: ALiBi’s penalty keeps growing, attention stays near; RoPE’s score meets angles it never saw.', params: { 'alibi-heads': '40', 'alibi-head': '32', 'alibi-train': '16', 'alibi-length': '48', 'alibi-qk': '1' } },
  ],
};

const zh: AlibiStrings = {
  title: 'ALiBi 与 RoPE：斜率、偏置，以及超出训练长度之后',
  intro: 'ALiBi 给每个注意力分数加上 −m·(距离)，每个头有自己的斜率 m。选择头数（任意整数，百川-13B 为 40）、要画的头、训练长度和要看多远。',
  headsLabel: '头数 n',
  headLabel: '绘制的头',
  headOption: (h) => `第 ${h} 个头`,
  trainLabel: '训练长度',
  lengthLabel: '显示长度',
  qkLabel: '内容分数 q·k',
  runLive: '实时运行',
  runAgain: '再运行一次',
  idleStatus: '尚未加载任何内容：改动任一控件或点击“实时运行”后才加载运行时。',
  loadingStatus: '正在加载运行时……',
  slopesTitle: '每个头的斜率 m',
  slopesCaption: (n) =>
    Number.isInteger(Math.log2(n))
      ? `${n} 是 2 的幂：斜率依次为 2^(−8/${n})、2^(−16/${n})……直到 2^−8。`
      : `${n} 不是 2 的幂：前面的头取小于 ${n} 的最大 2 的幂对应的序列，其余的头插在这个序列的相邻值之间。`,
  slopesX: '头',
  slopesY: '斜率 m',
  slopesListLabel: '全部斜率',
  slopeItem: (h, log2, value) => `第 ${h} 个头：m = 2^${log2} = ${value}`,
  biasTitle: (h) => `第 ${h} 个头的偏置 −m·(i − j)`,
  biasCaption: (shown, length) =>
    shown < length ? `仅画出 ${length} 个位置中的前 ${shown} 个。查询之后的键（j > i）被掩码遮住：它们根本不会被读取，所以没有惩罚。` : '查询之后的键（j > i）被掩码遮住：它们根本不会被读取，所以没有惩罚。',
  queryAxis: '查询 i',
  keyAxis: '键 j',
  biasCell: (row, col, value) => `查询 ${row}，键 ${col}：` + (Number.isNaN(value) ? '被掩码' : `惩罚 ${value.toFixed(3)}`),
  biasLegend: '惩罚',
  maskedLegend: '被掩码（j > i）',
  logitTitle: '同一个 q·k 的分数随距离的变化',
  logitCaption: '最后一个查询对距离为 d 的键。ALiBi：q·k − m·d，一条下降的直线。RoPE：q·k 乘以 32 个频率对上 d·θ 的余弦均值。阴影部分：训练中从未见过的距离。',
  distanceX: '距离 d = i − j',
  logitY: '分数',
  alibiName: (h) => `ALiBi 第 ${h} 个头`,
  ropeName: 'RoPE',
  pastTraining: '超出训练长度',
  attentionTitle: '最后一个查询的 ALiBi 注意力随距离的分布',
  anglesTitle: 'RoPE：训练中从未见过的角度',
  anglesCaption: (L) => `每行是一个频率对 k（上方转得快）。训练只覆盖到距离 ${L - 1}；在这个范围内没转满一圈的频率对，再往后就会遇到新的角度。`,
  pairAxis: '频率对 k',
  angleCell: (k, d, unseen) => `频率对 ${k}，距离 ${d}：${unseen ? '训练中从未见过的角度' : '训练中见过的角度'}`,
  angleSeen: '训练中见过',
  angleUnseen: '从未见过',
  attentionY: '注意力',
  summary: (f) =>
    f.length <= f.trainLength
      ? `第 ${f.head} 个头的 m = ${f.slope.toPrecision(4)}。显示的距离都在训练长度（${f.trainLength}）之内；把显示长度调得更长，才能看到超出之后的变化。`
      : `第 ${f.head} 个头的 m = ${f.slope.toPrecision(4)}。超出训练长度（d ≥ ${f.trainLength}）的键只分到 ${percent(f.beyond)} 的注意力：惩罚持续增长，注意力保持在附近。RoPE 的 ${f.ropePairs} 个频率对中有 ${f.unseenPairs} 个会转到训练时从未到达的角度。`,
  note: (note) =>
    note.kind === 'not-a-number'
      ? `${note.param} 中的“${note.value}”不是数字，已改用默认值。`
      : `${note.param} 须在 ${note.low} 到 ${note.high} 之间：已用 ${note.used} 代替 ${note.asked}。`,
  error: (message) => `计算出错：${message}`,
  presenterSteps: [
    { caption: '8 个头：斜率为 1/2、1/4……1/256，每个头以自己的速率惩罚距离。', params: { 'alibi-heads': '8', 'alibi-head': '0', 'alibi-train': '16', 'alibi-length': '16', 'alibi-qk': '1' } },
    { caption: '40 个头（百川-13B）：不是 2 的幂，32 个斜率取自一个序列，另外 8 个插在其间。', params: { 'alibi-heads': '40', 'alibi-head': '32', 'alibi-train': '16', 'alibi-length': '16', 'alibi-qk': '1' } },
    { caption: '看到训练长度的三倍：ALiBi 的惩罚继续增长，注意力仍集中在附近；RoPE 的分数遇到了从未见过的角度。', params: { 'alibi-heads': '40', 'alibi-head': '32', 'alibi-train': '16', 'alibi-length': '48', 'alibi-qk': '1' } },
  ],
};

export const ALIBI_STRINGS: Record<Lang, AlibiStrings> = { en, zh };
