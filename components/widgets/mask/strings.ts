// Every sentence of the mask widget, in both languages. The component renders the static labels on
// the server; the client script builds the captions and messages from the same table.
import type { MaskMode } from '../../../kernels/ops/mask/reference.ts';
import type { Lang } from '../shared/lang.ts';
import type { StateNote } from './state.ts';

/** What the captions need to know about one computed update. */
export type ChangeFacts = {
  readonly mode: MaskMode;
  readonly tokens: number;
  readonly prefix: number;
  readonly probe: number;
  /** Positions whose output changed when the probe token was replaced. */
  readonly changed: number;
  /** How many of those lie before the probe. */
  readonly changedBefore: number;
};

export type LossFacts = { readonly mode: MaskMode; readonly tokens: number; readonly prefix: number; readonly targets: number };

export type MaskStrings = {
  readonly title: string;
  readonly intro: string;
  readonly defaultText: string;
  readonly textLabel: string;
  readonly tokenNote: string;
  readonly tokensLabel: string;
  readonly prefixChip: string;
  readonly probeChip: string;
  readonly modeLegend: string;
  readonly modes: Record<MaskMode, string>;
  readonly prefixLabel: string;
  readonly probeLabel: string;
  readonly headLabel: string;
  readonly headOption: (head: number) => string;
  readonly runLive: string;
  readonly runAgain: string;
  readonly idleStatus: string;
  readonly loadingStatus: string;
  /** Status after a change that left nothing to compute (the text is empty). */
  readonly waitingStatus: string;
  /** Presenter mode's captions, one per scripted step. */
  readonly presenter: {
    readonly causal: string;
    readonly prefix: (p: number) => string;
    readonly bidirectional: string;
  };
  readonly maskTitle: string;
  readonly probsTitle: string;
  /** Legend of the mask (the two colours) and of the probabilities (the ramp). */
  readonly legendReads: string;
  readonly legendMasked: string;
  readonly legendProbability: string;
  readonly changeTitle: string;
  readonly lossTitle: string;
  readonly queryAxis: string;
  readonly keyAxis: string;
  readonly changeAxis: string;
  readonly maskSummary: (tokens: number, mode: MaskMode, prefix: number) => string;
  readonly probsSummary: (tokens: number, head: number) => string;
  readonly changeSummary: (facts: ChangeFacts) => string;
  readonly maskCellTitle: (query: number, key: number, visible: boolean) => string;
  readonly probsCellTitle: (query: number, key: number, p: number) => string;
  readonly changeBarTitle: (position: number, change: number) => string;
  readonly maskRow: (query: number, token: string, runs: readonly (readonly [number, number])[]) => string;
  readonly maskCaption: string;
  readonly probsCaption: string;
  readonly changeCaption: (facts: ChangeFacts) => string;
  readonly lossCaption: (facts: LossFacts) => string;
  readonly lossTarget: string;
  readonly lossContext: string;
  readonly note: (note: StateNote) => string;
  readonly error: (message: string) => string;
};

const percent = (part: number, whole: number) => (whole > 0 ? Math.round((100 * part) / whole) : 0);
const runsText = (runs: readonly (readonly [number, number])[]) =>
  runs.map(([a, b]) => (a === b ? `${a}` : `${a}–${b}`)).join(', ');

const en: MaskStrings = {
  title: 'Try it: who can see whom',
  intro:
    'Type a sentence, pick a mask, and see which tokens each position reads, what happens when one token is replaced, and which positions are trained to predict.',
  defaultText: 'The cat sat on the mat because it was tired.',
  textLabel: 'Sentence (Chinese or English)',
  tokenNote: 'Tokens here are an illustrative split (one per Chinese character, word or punctuation mark), not a real tokenizer.',
  tokensLabel: 'Tokens with their positions',
  prefixChip: 'in the prefix',
  probeChip: 'replaced token',
  modeLegend: 'Attention mask',
  modes: {
    causal: 'Causal (LLaMA, Qwen, Baichuan, ChatGLM2/3)',
    prefix: 'Prefix (GLM, ChatGLM-6B)',
    bidirectional: 'Bidirectional (encoder, for contrast)',
  },
  prefixLabel: 'Prefix length p',
  probeLabel: 'Replaced token k',
  headLabel: 'Head',
  headOption: (head) => `Head ${head}`,
  runLive: 'Run live — loads the runtime, 14–27 MB once',
  runAgain: 'Run again',
  idleStatus: 'Nothing is downloaded until you start: the runtime (onnxruntime-web) loads on the first run.',
  loadingStatus: 'Loading the runtime…',
  waitingStatus: 'Waiting for text: nothing to compute.',
  presenter: {
    causal: 'Causal: each token reads itself and the tokens before it, never the ones after.',
    prefix: (p) => `Prefix p = ${p}: the first ${p} tokens read each other both ways; the rest stays causal.`,
    bidirectional: 'Bidirectional (an encoder): every token reads every token, so nothing is left to predict.',
  },
  maskTitle: 'Mask: which keys each query may read',
  probsTitle: 'Attention probabilities',
  legendReads: 'may read',
  legendMasked: 'masked',
  legendProbability: 'probability',
  changeTitle: 'Consequence 1: which outputs change when token k is replaced',
  lossTitle: 'Consequence 2: which positions are training targets',
  queryAxis: 'query i →',
  keyAxis: 'key j →',
  changeAxis: 'max |Δ output|',
  maskSummary: (t, mode, p) => `Mask ${t}×${t}, ${{ causal: 'causal', prefix: `prefix ${p}`, bidirectional: 'bidirectional' }[mode]}`,
  probsSummary: (t, head) => `Attention probabilities ${t}×${t}, head ${head}`,
  changeSummary: (f) => `Output change per position when token ${f.probe} is replaced: ${f.changed} of ${f.tokens} changed, ${f.changedBefore} before it`,
  maskCellTitle: (q, k, visible) => `query ${q} ${visible ? 'reads' : 'cannot read'} key ${k}`,
  probsCellTitle: (q, k, p) => `query ${q} → key ${k}: ${p.toFixed(3)}`,
  changeBarTitle: (i, change) => `position ${i}: ${change.toExponential(2)}`,
  maskRow: (q, token, runs) => `Query ${q} (${token}) reads keys ${runs.length === 0 ? 'none' : runsText(runs)}.`,
  maskCaption: 'Rows are queries, columns are keys; a filled cell means the query may attend to that key.',
  probsCaption: 'Softmax over the visible keys of each row: masked keys get exactly zero. The stronger the colour, the more attention.',
  changeCaption: (f) => {
    const counts = `${f.changed} of ${f.tokens} positions changed, ${f.changedBefore} of them before k = ${f.probe}.`;
    if (f.mode === 'bidirectional') return `${counts} Every position reads every token, so replacing one can change all outputs.`;
    if (f.mode === 'prefix' && f.probe < f.prefix)
      return `${counts} Token k lies inside the prefix (p = ${f.prefix}), which every position reads: positions before it change too.`;
    return `${counts} With a causal mask, positions before k cannot see token k, so they cannot change.`;
  },
  lossCaption: (f) => {
    if (f.mode === 'bidirectional')
      return 'No next-token targets: every position already sees the whole sequence, so predicting the next token would be copying it. Encoders are trained by masking tokens instead.';
    const base = `Training targets: ${f.targets} of ${Math.max(0, f.tokens - 1)} (${percent(f.targets, f.tokens - 1)}%).`;
    if (f.mode === 'causal') return `${base} A causal LM predicts every token after the first: T − 1 targets.`;
    return `${base} A prefix LM reads the prefix as context and predicts only what follows it: T − p targets. (ChatGLM-6B starts the generated part with a given <sop>, so it has one fewer: T − 1 − c.)`;
  },
  lossTarget: 'target',
  lossContext: 'context',
  note: (note) => {
    switch (note.kind) {
      case 'unknown-mode':
        return `Unknown mask mode “${note.value}” in the link; showing the default instead.`;
      case 'not-a-number':
        return `“${note.value}” is not a whole number (${note.param}); using the default.`;
      case 'empty-text':
        return 'The text is empty: type a sentence to see its mask. The charts keep the last result.';
      case 'truncated':
        return `The text has ${note.total} tokens; showing the first ${note.shown} of ${note.total}.`;
      case 'prefix-clamped':
        return `Prefix length ${note.asked} does not fit ${note.tokens} tokens; using ${note.used}.`;
      case 'probe-clamped':
        return `Position ${note.asked} does not exist in ${note.tokens} tokens; replacing token ${note.used}.`;
      case 'head-clamped':
        return `Head ${note.asked} does not exist (${note.heads} heads); showing head ${note.used}.`;
    }
  },
  error: (message) => `The live computation failed: ${message}`,
};

const zh: MaskStrings = {
  title: '动手试试：谁能看见谁',
  intro: '输入一句话，选择一种掩码，看每个位置能读到哪些 token、替换一个 token 会改变哪些输出，以及哪些位置参与训练预测。',
  defaultText: '小猫坐在垫子上，因为它累了。',
  textLabel: '句子（中文或英文）',
  tokenNote: '这里的切分只是示意（每个汉字、英文单词或标点为一个 token），并非真实的分词器。',
  tokensLabel: 'token 及其位置',
  prefixChip: '属于前缀',
  probeChip: '被替换的 token',
  modeLegend: '注意力掩码',
  modes: {
    causal: '因果（LLaMA、Qwen、Baichuan、ChatGLM2/3）',
    prefix: '前缀（GLM、ChatGLM-6B）',
    bidirectional: '双向（编码器，作对照）',
  },
  prefixLabel: '前缀长度 p',
  probeLabel: '被替换的 token k',
  headLabel: '注意力头',
  headOption: (head) => `第 ${head} 个头`,
  runLive: '实时运行——首次需加载运行时，约 14–27 MB',
  runAgain: '重新运行',
  idleStatus: '开始之前不会下载任何内容：运行时（onnxruntime-web）在第一次运行时才加载。',
  loadingStatus: '正在加载运行时……',
  waitingStatus: '等待输入文字：目前没有可计算的内容。',
  presenter: {
    causal: '因果掩码：每个 token 只读取自己和前面的 token，看不到后面的。',
    prefix: (p) => `前缀 p = ${p}：前 ${p} 个 token 彼此双向可见，其余部分仍是因果的。`,
    bidirectional: '双向（编码器）：每个 token 读取所有 token，因此没有可预测的下一个 token。',
  },
  maskTitle: '掩码：每个查询可以读取哪些键',
  probsTitle: '注意力概率',
  legendReads: '可读取',
  legendMasked: '被遮住',
  legendProbability: '概率',
  changeTitle: '后果一：替换第 k 个 token 后，哪些输出会改变',
  lossTitle: '后果二：哪些位置是训练目标',
  queryAxis: '查询 i →',
  keyAxis: '键 j →',
  changeAxis: '输出最大变化 |Δ|',
  maskSummary: (t, mode, p) => `掩码 ${t}×${t}，${{ causal: '因果', prefix: `前缀 ${p}`, bidirectional: '双向' }[mode]}`,
  probsSummary: (t, head) => `注意力概率 ${t}×${t}，第 ${head} 个头`,
  changeSummary: (f) => `替换第 ${f.probe} 个 token 后各位置的输出变化：${f.tokens} 个中有 ${f.changed} 个改变，其中 ${f.changedBefore} 个在它之前`,
  maskCellTitle: (q, k, visible) => `查询 ${q} ${visible ? '可以' : '不能'}读取键 ${k}`,
  probsCellTitle: (q, k, p) => `查询 ${q} → 键 ${k}：${p.toFixed(3)}`,
  changeBarTitle: (i, change) => `位置 ${i}：${change.toExponential(2)}`,
  maskRow: (q, token, runs) => `查询 ${q}（${token}）读取的键：${runs.length === 0 ? '无' : runsText(runs)}。`,
  maskCaption: '行是查询，列是键；填色的格子表示该查询可以关注这个键。',
  probsCaption: '每一行只在可见的键上做 softmax：被遮住的键概率恰好为零。颜色越浓，注意力越多。',
  changeCaption: (f) => {
    const counts = `${f.tokens} 个位置中有 ${f.changed} 个改变，其中 ${f.changedBefore} 个在 k = ${f.probe} 之前。`;
    if (f.mode === 'bidirectional') return `${counts}每个位置都读取全部 token，所以替换一个 token 可能改变所有输出。`;
    if (f.mode === 'prefix' && f.probe < f.prefix)
      return `${counts}第 k 个 token 位于前缀（p = ${f.prefix}）之内，而前缀对所有位置可见：它之前的位置也会改变。`;
    return `${counts}在因果掩码下，k 之前的位置看不到第 k 个 token，因此不会改变。`;
  },
  lossCaption: (f) => {
    if (f.mode === 'bidirectional')
      return '没有下一个 token 的预测目标：每个位置都已看到整个序列，预测下一个 token 等于照抄。编码器改用遮盖 token 的方式训练。';
    const base = `训练目标：${Math.max(0, f.tokens - 1)} 个中有 ${f.targets} 个（${percent(f.targets, f.tokens - 1)}%）。`;
    if (f.mode === 'causal') return `${base}因果语言模型预测第一个之后的每个 token：共 T − 1 个目标。`;
    return `${base}前缀语言模型把前缀当作上下文，只预测前缀之后的部分：共 T − p 个目标。（ChatGLM-6B 的生成部分以给定的 <sop> 开头，因此还要少一个：T − 1 − c。）`;
  },
  lossTarget: '目标',
  lossContext: '上下文',
  note: (note) => {
    switch (note.kind) {
      case 'unknown-mode':
        return `链接中的掩码类型“${note.value}”无法识别，已改用默认值。`;
      case 'not-a-number':
        return `“${note.value}”不是整数（${note.param}），已改用默认值。`;
      case 'empty-text':
        return '文本为空：请输入一句话来查看它的掩码。图表保留上一次的结果。';
      case 'truncated':
        return `文本共有 ${note.total} 个 token，只显示前 ${note.shown} 个（共 ${note.total} 个）。`;
      case 'prefix-clamped':
        return `前缀长度 ${note.asked} 超出了 ${note.tokens} 个 token，已改为 ${note.used}。`;
      case 'probe-clamped':
        return `${note.tokens} 个 token 中没有位置 ${note.asked}，改为替换第 ${note.used} 个 token。`;
      case 'head-clamped':
        return `没有第 ${note.asked} 个头（共 ${note.heads} 个），改为显示第 ${note.used} 个头。`;
    }
  },
  error: (message) => `实时计算失败：${message}`,
};

export const MASK_STRINGS: Record<Lang, MaskStrings> = { en, zh };
