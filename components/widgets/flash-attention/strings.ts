// Every sentence of the FlashAttention widget, in both languages. The component renders the static
// labels on the server; the client builds the verdict, counts, captions and notes from this table.
import { tileCounts, type TileCounts } from '../../../kernels/ops/flash-attention/tiles.ts';
import { formatDecimal } from '../shared/decimal.ts';
import type { Lang } from '../shared/lang.ts';
import type { PresenterStep } from '../shared/presenter.ts';
import type { FlashNote } from './state.ts';

export type FlashStrings = {
  readonly title: string;
  readonly intro: string;
  readonly labels: { readonly N: string; readonly Bc: string; readonly d: string; readonly causal: string; readonly seed: string; readonly row: string };
  readonly runLive: string;
  readonly runAgain: string;
  readonly idleStatus: string;
  readonly restoredStatus: string;
  readonly loadingStatus: string;
  readonly verdict: (maxDiff: number) => string;
  readonly countsTitle: string;
  readonly heldPlain: (counts: TileCounts, N: number) => string;
  readonly heldTiled: (counts: TileCounts) => string;
  readonly tiles: (counts: TileCounts, causal: boolean) => string;
  readonly computed: (counts: TileCounts) => string;
  readonly traceTitle: (row: number) => string;
  readonly traceCaption: (row: number, read: number, Tc: number) => string;
  readonly blockAxis: string;
  readonly mAxis: string;
  readonly ellAxis: string;
  readonly tableHead: { readonly block: string; readonly m: string; readonly ell: string };
  readonly chartSummary: (what: 'm' | 'ell', values: readonly number[]) => string;
  readonly note: (note: FlashNote) => string;
  readonly error: (message: string) => string;
  readonly presenterSteps: readonly PresenterStep[];
};

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** A small difference in scientific notation, 2.4 × 10⁻⁸ (0 stays 0). */
export function scientific(x: number): string {
  if (x === 0) return '0';
  const [mantissa, exponent] = x.toExponential(1).split('e') as [string, string];
  const power = [...String(Number(exponent))].map((c) => (c === '-' ? '⁻' : SUPERSCRIPT[Number(c)])).join('');
  return `${mantissa} × 10${power}`;
}

const count = (n: number) => n.toLocaleString('en-US');
const list = (values: readonly number[]) => values.map(formatDecimal).join(', ');

/** A presenter step: the widget's parameters for N, Bc, causal and the row (d and seed stay). */
const step = (N: number, Bc: number, causal: boolean, row: number) => ({
  'flash-n': String(N),
  'flash-bc': String(Bc),
  'flash-causal': causal ? '1' : '0',
  'flash-row': String(row),
});

/** The causal step's tiles (16 positions in blocks of 4), counted as the widget counts them, not typed. */
const causalStep = tileCounts({ N: 16, Bc: 4, causal: true });

const en: FlashStrings = {
  title: 'Try it: tiled attention with an online softmax',
  intro:
    'Random Q, K and V for one head go through attention twice: plainly, with the whole N×N score matrix, and tiled as FlashAttention does it, one block of Bc keys at a time, with a running max m and sum ℓ per query row. Query tiles are as tall as key blocks are wide (Br = Bc).',
  labels: { N: 'Sequence length N', Bc: 'Block size Bc (= Br)', d: 'Head dimension d', causal: 'Causal mask', seed: 'Seed of Q, K, V', row: 'Query row traced' },
  runLive: 'Run live — first run loads the runtime, 14–27 MB',
  runAgain: 'Run again',
  idleStatus: 'Nothing is downloaded until you start: the runtime (onnxruntime-web) loads on the first change or run.',
  restoredStatus: 'The link’s settings are restored. Change something or press Run to compute.',
  loadingStatus: 'Loading the runtime…',
  verdict: (d) =>
    `Largest difference between the two outputs: ${scientific(d)}. That is float32 rounding (the additions happen in another order): tiled and plain attention give the same output.`,
  countsTitle: 'Scores held and computed',
  heldPlain: (c, N) => `Plain attention holds all of S at once: N·N = ${N}·${N} = ${count(c.plainHeld)} scores (and as many probabilities in P).`,
  heldTiled: (c) => `FlashAttention holds one tile at a time: Br·Bc = ${c.Br}·${c.Bc} = ${count(c.tileHeld)} scores, plus m and ℓ for each row.`,
  tiles: (c, causal) =>
    causal
      ? `${c.Tr} × ${c.Tc} = ${c.tiles} tiles; the causal mask skips the ${c.skipped} above the diagonal, never computed.`
      : `${c.Tr} × ${c.Tc} = ${c.tiles} tiles, all computed (no mask, nothing to skip).`,
  computed: (c) => `Scores computed: ${count(c.plainComputed)} plain, ${count(c.tiledComputed)} tiled.`,
  traceTitle: (row) => `Row ${row}: running max m and sum ℓ after each block`,
  traceCaption: (row, read, Tc) =>
    read === Tc
      ? `Row ${row} reads all ${Tc} blocks. Each time m rises, what ℓ and o hold is multiplied by e^(m_old − m_new) before the block is added; the output is o / ℓ once at the end.`
      : `Row ${row} reads ${read} of ${Tc} blocks: under the causal mask the rest lie above the diagonal and are skipped. Each time m rises, ℓ and o are rescaled by e^(m_old − m_new).`,
  blockAxis: 'after block',
  mAxis: 'm',
  ellAxis: 'ℓ',
  tableHead: { block: 'After block', m: 'm', ell: 'ℓ' },
  chartSummary: (what, values) => `${what === 'm' ? 'Running max m' : 'Running sum ℓ'} after each block: ${list(values)}.`,
  note: (note) => {
    switch (note.kind) {
      case 'not-a-number':
        return `“${note.value}” is not a number (${note.param}); the last value is kept.`;
      case 'not-a-switch':
        return `The link’s ${note.param} is “${note.value}”, not 1 or 0; the default is kept.`;
      case 'clamped':
        return `${note.param} must be a whole number from ${note.low} to ${note.high}: ${note.used} is used instead of ${note.asked}.`;
    }
  },
  error: (message) => `The live computation failed: ${message}`,
  presenterSteps: [
    { caption: '16 positions in blocks of 4, no mask: the tiled output equals the plain one up to float32 rounding.', params: step(16, 4, false, 15) },
    { caption: 'One key per block: m climbs whenever a larger score arrives, and ℓ is rescaled each time.', params: step(16, 1, false, 15) },
    { caption: `Causal mask: ${causalStep.skipped} of the ${causalStep.tiles} tiles lie above the diagonal and are never computed.`, params: step(16, 4, true, 15) },
    { caption: 'An early row reads only the blocks up to its own position.', params: step(16, 4, true, 5) },
    { caption: 'One block as wide as the sequence: a single step, which is the plain softmax.', params: step(16, 16, true, 15) },
  ],
};

const zh: FlashStrings = {
  title: '动手试试：分块计算注意力，边算边做 softmax',
  intro:
    '为一个注意力头随机生成 Q、K、V，用两种方式计算注意力：一种是普通实现，完整算出 N×N 的分数矩阵；另一种照 FlashAttention 的做法分块计算，每次只处理 Bc 个键，每个查询行只记着当前最大值 m 和指数和 ℓ。查询块的行数与键块的宽度相同（Br = Bc）。',
  labels: { N: '序列长度 N', Bc: '块大小 Bc（= Br）', d: '头维度 d', causal: '因果掩码', seed: 'Q、K、V 的随机种子', row: '跟踪的查询行' },
  runLive: '实时运行——首次需加载运行时，约 14–27 MB',
  runAgain: '重新运行',
  idleStatus: '开始之前不会下载任何内容：运行时（onnxruntime-web）在第一次改动或运行时才加载。',
  restoredStatus: '已恢复链接中的设置。改动任意控件或点“运行”开始计算。',
  loadingStatus: '正在加载运行时……',
  verdict: (d) => `两种算法输出的最大差值：${scientific(d)}。这只是 float32 的舍入误差（加法的顺序不同）：分块计算和普通实现得到的是同一个结果。`,
  countsTitle: '同时存放与总共计算的分数个数',
  heldPlain: (c, N) => `普通实现一次存下整个 S：N·N = ${N}·${N} = ${count(c.plainHeld)} 个分数（P 也有这么多个概率）。`,
  heldTiled: (c) => `FlashAttention 每次只存一个块：Br·Bc = ${c.Br}·${c.Bc} = ${count(c.tileHeld)} 个分数，外加每行的 m 和 ℓ。`,
  tiles: (c, causal) =>
    causal
      ? `共 ${c.Tr} × ${c.Tc} = ${c.tiles} 个块；因果掩码下，对角线以上的 ${c.skipped} 个块直接跳过，根本不计算。`
      : `共 ${c.Tr} × ${c.Tc} = ${c.tiles} 个块，全部要算（没有掩码，无块可跳）。`,
  computed: (c) => `总共计算的分数：普通实现 ${count(c.plainComputed)} 个，分块计算 ${count(c.tiledComputed)} 个。`,
  traceTitle: (row) => `第 ${row} 行：每处理完一个块后的最大值 m 与指数和 ℓ`,
  traceCaption: (row, read, Tc) =>
    read === Tc
      ? `第 ${row} 行要读全部 ${Tc} 个块。m 每变大一次，ℓ 和 o 里已累加的部分就先乘上 e^(m_旧 − m_新)，再加上新块；最后只做一次除法 o / ℓ。`
      : `第 ${row} 行只读 ${Tc} 个块中的前 ${read} 个：因果掩码下其余的块在对角线以上，被跳过。m 每变大一次，ℓ 和 o 就乘上 e^(m_旧 − m_新)。`,
  blockAxis: '处理完第几块',
  mAxis: 'm',
  ellAxis: 'ℓ',
  tableHead: { block: '第几块之后', m: 'm', ell: 'ℓ' },
  chartSummary: (what, values) => `每块之后的${what === 'm' ? '最大值 m' : '指数和 ℓ'}：${list(values)}。`,
  note: (note) => {
    switch (note.kind) {
      case 'not-a-number':
        return `“${note.value}”不是数字（${note.param}），保留原来的值。`;
      case 'not-a-switch':
        return `链接中的 ${note.param} 是“${note.value}”，不是 1 或 0，已沿用默认值。`;
      case 'clamped':
        return `${note.param} 须是 ${note.low} 到 ${note.high} 之间的整数：已用 ${note.used} 代替 ${note.asked}。`;
    }
  },
  error: (message) => `实时计算失败：${message}`,
  presenterSteps: [
    { caption: '16 个位置，每块 4 个，不加掩码：分块计算的输出与普通实现只差 float32 的舍入误差。', params: step(16, 4, false, 15) },
    { caption: '每块只有一个键：每遇到更大的分数，m 就上升一次，ℓ 也随之重新缩放。', params: step(16, 1, false, 15) },
    { caption: `加上因果掩码：${causalStep.tiles} 个块里有 ${causalStep.skipped} 个在对角线以上，根本不用计算。`, params: step(16, 4, true, 15) },
    { caption: '靠前的行只需读到它自己所在位置的那一块为止。', params: step(16, 4, true, 5) },
    { caption: '块和整个序列一样宽：只有一步，也就是普通的 softmax。', params: step(16, 16, true, 15) },
  ],
};

export const FLASH_STRINGS: Record<Lang, FlashStrings> = { en, zh };
