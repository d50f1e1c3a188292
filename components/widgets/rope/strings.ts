// Every sentence of the RoPE widget, in both languages. The component renders the static labels on
// the server; the client script builds captions, numbers and messages from the same table.
import type { RopeExtension, RopeMode, RopeVectors } from '../../../kernels/demos/rope-demo.ts';
import type { RopeStyle } from '../../../kernels/ops/rope/graph.ts';
import type { Lang } from '../shared/lang.ts';
import type { RopeWidgetState, StateNote } from './state.ts';

/** The control each state field belongs to, as the reader sees it labelled. */
type ParamLabels = Record<keyof RopeWidgetState, string>;

/** What the captions need to know about one computed update. */
export type ScoreFacts = {
  readonly query: number;
  readonly key: number;
  readonly shift: number;
  readonly score: number;
  readonly shiftedScore: number;
  /** Qwen's logN scales the shifted query (its position passed S): the scores differ on purpose. */
  readonly logN: boolean;
};

export type CurveFacts = {
  readonly range: number;
  readonly pairs: number;
  /** Score and bound at distance 0 and at the far end of the axis. */
  readonly scoreNear: number;
  readonly scoreFar: number;
  readonly boundNear: number;
  readonly boundFar: number;
};

export type WavelengthFacts = {
  readonly pairs: number;
  readonly trained: number;
  readonly target: number;
  /** Pairs whose wavelength exceeds S, i.e. that never complete a turn within the trained length. */
  readonly longerThanTrained: number;
  readonly shortest: number;
  readonly longest: number;
  readonly extension: RopeExtension | undefined;
  readonly alpha: number;
  readonly effectiveBase: number;
};

export type RopeStrings = {
  readonly title: string;
  readonly intro: string;
  readonly modeLegend: string;
  readonly modes: Record<RopeMode, string>;
  readonly styleLegend: string;
  readonly styles: Record<RopeStyle, string>;
  readonly styleFixed: Record<'partial' | 'glm2d', string>;
  readonly headDimLabel: string;
  readonly baseLabel: string;
  readonly vectorsLabel: string;
  readonly vectorOptions: Record<RopeVectors, string>;
  readonly queryLabel: string;
  readonly keyLabel: string;
  readonly shiftLabel: string;
  readonly queryBlockLabel: string;
  readonly keyBlockLabel: string;
  readonly extensionLabel: string;
  readonly extensions: Record<RopeExtension, string>;
  readonly trainedLabel: string;
  readonly targetLabel: string;
  readonly rangeLabel: string;
  readonly runLive: string;
  readonly runAgain: string;
  readonly idleStatus: string;
  readonly loadingStatus: string;
  readonly scoresTitle: string;
  readonly scoreLine: (m: number, n: number) => string;
  readonly differenceLabel: string;
  readonly scoresCaption: (facts: ScoreFacts) => string;
  readonly handsTitle: string;
  readonly handsLegend: string;
  readonly pairLabel: (pair: number, row: 'position' | 'block') => string;
  readonly wavelengthShort: (tokens: number) => string;
  readonly handsHidden: (shown: number, total: number) => string;
  readonly handText: (pair: number, row: 'position' | 'block', qAngle: number, kAngle: number) => string;
  readonly pairingTitle: string;
  readonly pairingCaption: (pairs: readonly (readonly [number, number])[], total: number, passThrough: number) => string;
  readonly curveTitle: string;
  readonly distanceAxis: string;
  readonly scoreAxis: string;
  readonly boundTitle: string;
  readonly boundAxis: string;
  readonly currentDistance: (distance: number) => string;
  readonly curveSummary: (facts: CurveFacts) => string;
  readonly boundSummary: (facts: CurveFacts) => string;
  readonly curveCaption: string;
  readonly wavelengthTitle: string;
  readonly pairAxis: string;
  readonly wavelengthAxis: string;
  readonly seriesUsed: string;
  readonly seriesOriginal: string;
  readonly wavelengthSummary: (facts: WavelengthFacts) => string;
  readonly paramLabels: ParamLabels;
  readonly note: (note: StateNote) => string;
  readonly error: (message: string) => string;
};

/** A number for the reader: 3 decimals below 1000, grouped thousands above. */
export const fmt = (value: number, digits = 3): string =>
  Math.abs(value) >= 1000 ? Math.round(value).toLocaleString('en-US') : value.toFixed(digits);

const degrees = (radians: number) => `${Math.round((radians * 180) / Math.PI)}°`;

const pairList = (pairs: readonly (readonly [number, number])[]) => pairs.map(([a, b]) => `(${a}, ${b})`).join(', ');

const en: RopeStrings = {
  title: 'Try it: RoPE, pair by pair',
  intro:
    'Each circle is one pair of channels of the query (solid hand) and the key (dashed hand). Move the positions and the hands turn, each pair at its own speed; the score q·k only depends on the angle between them.',
  modeLegend: 'Layout',
  modes: {
    full: 'Full head (LLaMA, Qwen, Baichuan-7B)',
    partial: 'First half, interleaved (ChatGLM2/3)',
    glm2d: '2-D: position + block (ChatGLM-6B)',
    extend: 'Past the trained length S',
  },
  styleLegend: 'Which channels pair',
  styles: { half: 'rotate-half (i, i + d/2)', interleaved: 'interleaved (2k, 2k + 1)' },
  styleFixed: {
    partial: 'ChatGLM2/3 always pair interleaved, on the first half only.',
    glm2d: 'ChatGLM-6B uses rotate-half inside each half-head.',
  },
  headDimLabel: 'Head dim d',
  baseLabel: 'Base',
  vectorsLabel: 'Vectors',
  vectorOptions: { same: 'k = q', random: 'independent q and k' },
  queryLabel: 'Query position m',
  keyLabel: 'Key position n',
  shiftLabel: 'Shift both by Δ',
  queryBlockLabel: 'Query block position',
  keyBlockLabel: 'Key block position',
  extensionLabel: 'Extension',
  extensions: { none: 'none', linear: 'linear interpolation', ntk: 'NTK-aware', qwen: 'Qwen dynamic NTK + logN' },
  trainedLabel: 'Trained length S',
  targetLabel: 'Target length L',
  rangeLabel: 'Axis range',
  runLive: 'Run live — loads the runtime, 14–27 MB once',
  runAgain: 'Run again',
  idleStatus: 'Nothing is downloaded until you start: the runtime (onnxruntime-web) loads on the first run.',
  loadingStatus: 'Loading the runtime…',
  scoresTitle: 'Score q·k, computed by the graph',
  scoreLine: (m, n) => `q at ${m}, k at ${n}`,
  differenceLabel: 'difference',
  scoresCaption: (f) =>
    f.logN
      ? `Both pairs are ${f.query - f.key} apart, yet the scores differ: Qwen's logN multiplies a query past S by log_S(p + 1), a factor of its absolute position. RoPE alone would keep them equal.`
      : `Both pairs are ${f.query - f.key} apart. Rotations compose, so only m − n reaches the score; what is left of the difference is float32 rounding of the angles, which grows with the position.`,
  handsTitle: 'Each pair is a hand on its own circle',
  handsLegend: 'solid: q at m · dashed: k at n',
  pairLabel: (pair, row) => (row === 'block' ? `block ${pair}` : `pair ${pair}`),
  wavelengthShort: (tokens) => `λ ${fmt(tokens, 1)}`,
  handsHidden: (shown, total) => `${shown} of ${total} pairs drawn: the first ones turn fastest, the rest are spread evenly up to the slowest.`,
  handText: (pair, row, q, k) => `${row === 'block' ? 'Block pair' : 'Pair'} ${pair}: q at ${degrees(q)}, k at ${degrees(k)}, ${degrees(q - k)} apart.`,
  pairingTitle: 'The head vector, coloured by pair',
  pairingCaption: (pairs, total, passThrough) =>
    `Pairs ${pairList(pairs)}${pairs.length < total ? ', …' : ''}${passThrough > 0 ? `; the last ${passThrough} channels (grey) are not rotated` : ''}.`,
  curveTitle: 'Score q·k against distance (key at 0)',
  distanceAxis: 'distance m − n',
  scoreAxis: 'q·k',
  boundTitle: 'Long-range decay: RoFormer’s bound',
  boundAxis: 'mean |S(j)|',
  currentDistance: (d) => `m − n = ${d}`,
  curveSummary: (f) => `Score against distance 0 to ${f.range}: ${fmt(f.scoreNear)} at 0, ${fmt(f.scoreFar)} at ${f.range}.`,
  boundSummary: (f) => `RoFormer's relative upper bound over ${f.pairs} pairs: ${fmt(f.boundNear)} at distance 0, ${fmt(f.boundFar)} at ${f.range}.`,
  curveCaption:
    'The bound (RoFormer §3.4.3) is the mean over j of |S(j)|, where S(j) adds up e^(i·r·θ) over the first j pairs: how large q·k can get at distance r, relative to the steps between neighbouring pairs. It shrinks with distance, so far tokens tend to score lower.',
  wavelengthTitle: 'Wavelength of each pair against S',
  pairAxis: 'pair k',
  wavelengthAxis: 'wavelength 2π/θ (tokens, log)',
  seriesUsed: 'used',
  seriesOriginal: 'before extension',
  wavelengthSummary: (f) => {
    const head = `${f.pairs} pairs, wavelengths ${fmt(f.shortest, 1)} to ${fmt(f.longest)} tokens; ${f.longerThanTrained} of them are longer than S = ${f.trained} and never complete a turn in training.`;
    switch (f.extension) {
      case undefined:
      case 'none':
        return head;
      case 'linear':
        return `${head} Linear interpolation stretches every wavelength by L/S.`;
      case 'ntk':
        return `${head} NTK-aware raises the base to ${fmt(f.effectiveBase)}: the fastest pair is kept, the slowest stretched by L/S.`;
      case 'qwen':
        return `${head} Qwen picks α = ${f.alpha} for L = ${f.target} (base ${fmt(f.effectiveBase)}), and multiplies queries past S by log_S(p + 1).`;
    }
  },
  paramLabels: {
    mode: 'Layout',
    style: 'Which channels pair',
    headDim: 'Head dim d',
    base: 'Base',
    vectors: 'Vectors',
    query: 'Query position m',
    key: 'Key position n',
    shift: 'Shift Δ',
    queryBlock: 'Query block position',
    keyBlock: 'Key block position',
    extension: 'Extension',
    trained: 'Trained length S',
    target: 'Target length L',
    range: 'Axis range',
  },
  note: (note) => {
    switch (note.kind) {
      case 'unknown-choice':
        return `Unknown value “${note.value}” for ${en.paramLabels[note.param]} in the link; using the default.`;
      case 'not-a-number':
        return `“${note.value}” is not a number (${note.param}); using the default.`;
      case 'clamped':
        return `${en.paramLabels[note.param]} ${note.asked} is out of range; using ${note.used}.`;
    }
  },
  error: (message) => `The live computation failed: ${message}`,
};

const zh: RopeStrings = {
  title: '动手试试：RoPE 一对一对地转',
  intro:
    '每个圆代表一对通道：实线指针是查询 q，虚线指针是键 k。拖动位置，指针就会转动，每一对的转速各不相同；打分 q·k 只取决于两根指针之间的夹角。',
  modeLegend: '布局',
  modes: {
    full: '整个头（LLaMA、千问、百川 7B）',
    partial: '前一半，相邻配对（ChatGLM2/3）',
    glm2d: '二维：位置 + 块位置（ChatGLM-6B）',
    extend: '超出训练长度 S',
  },
  styleLegend: '哪两维配对',
  styles: { half: 'rotate-half (i, i + d/2)', interleaved: '相邻配对 (2k, 2k + 1)' },
  styleFixed: {
    partial: 'ChatGLM2/3 固定用相邻配对，而且只转前一半。',
    glm2d: 'ChatGLM-6B 在每个半头内部用 rotate-half。',
  },
  headDimLabel: '头维度 d',
  baseLabel: '底数 base',
  vectorsLabel: '向量',
  vectorOptions: { same: 'k = q', random: 'q、k 相互独立' },
  queryLabel: '查询位置 m',
  keyLabel: '键位置 n',
  shiftLabel: '两者同时平移 Δ',
  queryBlockLabel: '查询的块位置',
  keyBlockLabel: '键的块位置',
  extensionLabel: '扩展方法',
  extensions: { none: '不扩展', linear: '线性插值', ntk: 'NTK-aware', qwen: '千问动态 NTK + logN' },
  trainedLabel: '训练长度 S',
  targetLabel: '目标长度 L',
  rangeLabel: '坐标范围',
  runLive: '实时运行——首次需加载运行时，约 14–27 MB',
  runAgain: '重新运行',
  idleStatus: '开始之前不会下载任何内容：运行时（onnxruntime-web）在第一次运行时才加载。',
  loadingStatus: '正在加载运行时……',
  scoresTitle: '打分 q·k（由计算图算出）',
  scoreLine: (m, n) => `q 在 ${m}，k 在 ${n}`,
  differenceLabel: '差值',
  scoresCaption: (f) =>
    f.logN
      ? `两组位置都相距 ${f.query - f.key}，打分却不同：千问的 logN 把超过 S 的查询乘以 log_S(p + 1)，这个系数取决于绝对位置。单靠 RoPE，两者会相等。`
      : `两组位置都相距 ${f.query - f.key}。旋转可以合并，所以打分里只剩下 m − n；剩下的那点差值来自角度的 float32 舍入，位置越大越明显。`,
  handsTitle: '每一对是自己圆上的一根指针',
  handsLegend: '实线：位置 m 上的 q · 虚线：位置 n 上的 k',
  pairLabel: (pair, row) => (row === 'block' ? `块 第 ${pair} 对` : `第 ${pair} 对`),
  wavelengthShort: (tokens) => `λ ${fmt(tokens, 1)}`,
  handsHidden: (shown, total) => `共 ${total} 对，画出其中 ${shown} 对：前几对转得最快，其余的均匀取到最慢的一对。`,
  handText: (pair, row, q, k) => `${row === 'block' ? '块位置的' : ''}第 ${pair} 对：q 在 ${degrees(q)}，k 在 ${degrees(k)}，相差 ${degrees(q - k)}。`,
  pairingTitle: '头向量，按配对着色',
  pairingCaption: (pairs, total, passThrough) =>
    `配对 ${pairList(pairs)}${pairs.length < total ? '，……' : ''}${passThrough > 0 ? `；最后 ${passThrough} 维（灰色）不旋转` : ''}。`,
  curveTitle: '打分 q·k 随距离的变化（k 在位置 0）',
  distanceAxis: '距离 m − n',
  scoreAxis: 'q·k',
  boundTitle: '远程衰减：RoFormer 的上界',
  boundAxis: '|S(j)| 的平均',
  currentDistance: (d) => `m − n = ${d}`,
  curveSummary: (f) => `距离 0 到 ${f.range} 的打分：距离 0 时 ${fmt(f.scoreNear)}，距离 ${f.range} 时 ${fmt(f.scoreFar)}。`,
  boundSummary: (f) => `RoFormer 的相对上界（${f.pairs} 对）：距离 0 时 ${fmt(f.boundNear)}，距离 ${f.range} 时 ${fmt(f.boundFar)}。`,
  curveCaption:
    '上界（RoFormer 第 3.4.3 节）是 |S(j)| 对 j 的平均，S(j) 为前 j 对的 e^(i·r·θ) 之和：距离为 r 时 q·k 最多能有多大（相对于相邻两对之间的差）。它随距离减小，所以远处的 token 打分往往更低。',
  wavelengthTitle: '每一对的波长与训练长度 S',
  pairAxis: '第 k 对',
  wavelengthAxis: '波长 2π/θ（token，对数）',
  seriesUsed: '实际使用',
  seriesOriginal: '扩展之前',
  wavelengthSummary: (f) => {
    const head = `共 ${f.pairs} 对，波长从 ${fmt(f.shortest, 1)} 到 ${fmt(f.longest)} 个 token；其中 ${f.longerThanTrained} 对比 S = ${f.trained} 还长，训练中一圈也没转完。`;
    switch (f.extension) {
      case undefined:
      case 'none':
        return head;
      case 'linear':
        return `${head}线性插值把每个波长都拉长 L/S 倍。`;
      case 'ntk':
        return `${head}NTK-aware 把底数放大到 ${fmt(f.effectiveBase)}：最快的一对不变，最慢的一对拉长 L/S 倍。`;
      case 'qwen':
        return `${head}千问在 L = ${f.target} 时取 α = ${f.alpha}（底数 ${fmt(f.effectiveBase)}），并把超过 S 的查询乘以 log_S(p + 1)。`;
    }
  },
  paramLabels: {
    mode: '布局',
    style: '配对方式',
    headDim: '头维度 d',
    base: '底数 base',
    vectors: '向量',
    query: '查询位置 m',
    key: '键位置 n',
    shift: '平移 Δ',
    queryBlock: '查询的块位置',
    keyBlock: '键的块位置',
    extension: '扩展方法',
    trained: '训练长度 S',
    target: '目标长度 L',
    range: '坐标范围',
  },
  note: (note) => {
    switch (note.kind) {
      case 'unknown-choice':
        return `链接中“${zh.paramLabels[note.param]}”的取值“${note.value}”无法识别，已改用默认值。`;
      case 'not-a-number':
        return `“${note.value}”不是数字（${note.param}），已改用默认值。`;
      case 'clamped':
        return `${zh.paramLabels[note.param]} ${note.asked} 超出范围，已改为 ${note.used}。`;
    }
  },
  error: (message) => `实时计算失败：${message}`,
};

export const ROPE_STRINGS: Record<Lang, RopeStrings> = { en, zh };
