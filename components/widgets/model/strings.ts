// Every sentence of the model panel, in both languages (the architecture card's wording is in
// architecture.ts). The component renders the static labels on the server; the client builds
// captions and messages from the same table.
import type { Lang } from '../shared/lang.ts';
import { WEIGHTS_STRINGS, type WeightsStrings } from '../shared/weights.ts';
import { HUB_STRINGS } from '../shared/hub-strings.ts';
import { SAMPLING_STRINGS, type SamplingStrings } from './sampling-strings.ts';
import type { StateNote, TokenRef } from './state.ts';

export type ModelStrings = {
  readonly title: string;
  readonly intro: string;
  readonly defaultText: string;
  readonly replicaLabel: string;
  /** The trained/untrained switch. */
  readonly weights: WeightsStrings;
  /** A replica in the menu: its name and its shape (layers, heads and attention kind, e.g. GQA). */
  readonly replicaOption: (name: string, spec: { label: string; layers: number; heads: number; kind: string }) => string;
  readonly uploadOption: (files: readonly string[]) => string;
  readonly architectureTitle: string;
  readonly textLabel: string;
  readonly idsLabel: string;
  readonly idsHint: string;
  readonly tokensLabel: string;
  readonly tokensBeforeRun: string;
  readonly addedChip: string;
  readonly generatedChip: string;
  /** Screen-reader text of a chip that holds part of a character. */
  readonly partOfCharacter: (at: number, of: number, text: string) => string;
  readonly showBytes: string;
  readonly runLive: string;
  readonly runAgain: string;
  readonly nextToken: string;
  /** Temperature, top-k, top-p, seed, Generate and Stop. */
  readonly sampling: SamplingStrings;
  readonly reset: string;
  readonly filesLabel: string;
  readonly filesHint: string;
  readonly idleStatus: string;
  readonly loadingStatus: string;
  /** Presenter mode's captions: the prompt runs, then the walk through layers and heads. */
  readonly presenter: {
    readonly prompt: string;
    readonly head: (layer: number, head: number) => string;
    readonly lastLayer: (layer: number, head: number) => string;
    readonly untrained: string;
    readonly generate: string;
  };
  readonly layerLabel: string;
  readonly headLabel: string;
  readonly layerOption: (layer: number) => string;
  readonly headOption: (head: number, kvHead: number) => string;
  readonly kvHeadNote: (head: number, kvHead: number, heads: number, kvHeads: number) => string;
  readonly heatmapTitle: string;
  /** What the heatmap's colour ramp measures (its legend). */
  readonly legendProbability: string;
  readonly queryAxis: string;
  readonly keyAxis: string;
  readonly heatmapSummary: (layer: number, head: number, tokens: number) => string;
  readonly cellTitle: (query: number, key: number, p: number) => string;
  readonly heatmapCaption: string;
  readonly topTitle: string;
  readonly topCaption: (position: number) => string;
  readonly cacheLabel: string;
  readonly cacheCleared: string;
  readonly note: (note: StateNote) => string;
  readonly error: (message: string) => string;
};


/** "[gMASK] (251) <sop> (254)": each token's text with its id in the language's brackets. */
const tokenList = (tokens: readonly TokenRef[], open: string, close: string) =>
  tokens.map((t) => `${t.text}${open}${t.id}${close}`).join(' ');

const en: ModelStrings = {
  title: 'Run the tiny model',
  intro:
    'A two-layer model with this family’s exact architecture and checkpoint format, run in your browser. Type a prompt to see its tokens, where each head looks, and what the model would say next.',
  defaultText: 'The model reads the prompt.',
  replicaLabel: 'Model',
  weights: WEIGHTS_STRINGS.en,
  replicaOption: (name, { label }) => `${name} — ${label}`,
  uploadOption: (files) => `Your checkpoint (${files.join(', ')})`,
  architectureTitle: 'Architecture, as detected from config.json',
  textLabel: 'Prompt (Chinese or English)',
  idsLabel: 'Token ids (edit and press Enter to run these instead of the text)',
  idsHint: 'The ids the prompt runs as, separated by spaces.',
  tokensLabel: 'Tokens with their ids',
  tokensBeforeRun: 'The tokens appear once the model has loaded: its own tokenizer splits the text.',
  addedChip: 'special token added for the model',
  generatedChip: 'generated',
  partOfCharacter: (at, of, text) => `token ${at} of the ${of} that spell “${text}”`,
  showBytes: 'Show each token’s bytes',
  runLive: 'Run live — loads the runtime (14–27 MB) once',
  runAgain: 'Run the prompt',
  nextToken: 'Next token',
  sampling: SAMPLING_STRINGS.en,
  reset: 'Clear the cache',
  filesLabel:
    'Or load your own checkpoint: config.json, model.safetensors (or shards with their index), optionally its tokenizer (tokenizer.json, or tokenizer.model or ChatGLM-6B’s ice_text.model with tokenizer_config.json, or qwen.tiktoken)',
  filesHint:
    'The files stay on your computer. Their headers decide how they run: whole when they fit the memory, else one layer at a time, read from the files on each run (the prompt only, no generation).',
  idleStatus: 'Nothing is downloaded until you start: the runtime (onnxruntime-web) loads on the first run.',
  loadingStatus: 'Loading the runtime and the model…',
  presenter: {
    prompt: 'The prompt becomes token ids; the model runs them and predicts the next token. Layer 0, head 0.',
    head: (l, h) => `Same layer ${l}, head ${h}: another head spreads its attention differently.`,
    lastLayer: (l, h) => `The last layer (${l}), head ${h}: what the model reads just before predicting.`,
    untrained: 'The same prompt with random weights: no head has learned where to look, and the next token is a guess.',
    generate: 'Generate: sixteen tokens drawn at temperature 0.8, top-p 0.9, one at a time through the KV cache.',
  },
  layerLabel: 'Layer',
  headLabel: 'Query head',
  layerOption: (layer) => `Layer ${layer}`,
  headOption: (head, kv) => `Head ${head} (reads KV head ${kv})`,
  kvHeadNote: (h, kv, n, m) =>
    n === m
      ? `Query head ${h} has its own keys and values (KV head ${kv}).`
      : `Query head ${h} reads KV head ${kv} = ⌊${h} / (${n}/${m})⌋: ${n / m} query heads share each of the ${m} KV heads.`,
  heatmapTitle: 'Attention probabilities',
  legendProbability: 'probability',
  queryAxis: 'query i →',
  keyAxis: 'key j →',
  heatmapSummary: (layer, head, t) => `Attention probabilities ${t}×${t}, layer ${layer}, head ${head}`,
  cellTitle: (q, k, p) => `query ${q} → key ${k}: ${p.toFixed(3)}`,
  heatmapCaption:
    'Row i: how query i spread its attention over the keys in the cache when it ran. Generated tokens add one row and one column each.',
  topTitle: 'Most likely next tokens',
  topCaption: (position) => `Softmax of the logits at the last position (${position}). At temperature 0 “Next token” appends the first one; otherwise it draws one under the sampling settings.`,
  cacheLabel: 'Tokens in the KV cache',
  cacheCleared: 'The cache is empty: run the prompt to fill it again.',
  note: (note) => {
    switch (note.kind) {
      case 'unknown-replica':
        return `There is no replica “${note.value}” here; showing the default instead.`;
      case 'not-a-number':
        return `“${note.value}” is not a whole number (${note.param}); using the default.`;
      case 'unknown-weights':
        return WEIGHTS_STRINGS.en.unknown(note);
      case 'bad-id':
        return `“${note.value}” is not a token id: ids are whole numbers separated by spaces.`;
      case 'empty-prompt':
        return 'The prompt is empty: type something to run. The charts keep the last result.';
      case 'no-tokenizer':
        return `This checkpoint has no usable tokenizer (${note.reason}). Type token ids instead.`;
      case 'truncated':
        return `The prompt has ${note.total} tokens; running the first ${note.shown}.`;
      case 'specials-added': {
        const where = [
          note.before.length > 0 ? `start with ${tokenList(note.before, ' (', ')')}` : '',
          note.after.length > 0 ? `end with ${tokenList(note.after, ' (', ')')}` : '',
        ];
        return `This model’s prompts ${where.filter((w) => w !== '').join(' and ')}, as its tokenizer writes them: added.`;
      }
      case 'layer-clamped':
        return `Layer ${note.asked} does not exist (${note.layers} layers); showing layer ${note.used}.`;
      case 'head-clamped':
        return `Head ${note.asked} does not exist (${note.heads} heads); showing head ${note.used}.`;
      case 'sampling-clamped':
        return SAMPLING_STRINGS.en.clamped(note);
      case 'generation-ended':
        return SAMPLING_STRINGS.en.ended(note.reason, note.generated);
      case 'sequence-full':
        return `The sequence has reached ${note.limit} tokens, the panel’s limit. Clear the cache or run a shorter prompt.`;
      case 'prompt-only':
        return 'This model runs one layer at a time (it does not fit in memory at once): the panel shows its pass over the prompt, and generation is off.';
      case 'id-outside-vocab':
        return `token id ${note.id} is outside the vocabulary (0..${note.vocab - 1})`;
      case 'cannot-run':
        return HUB_STRINGS.en.memoryMode(note.memory);
    }
  },
  error: (message) => `The model could not run: ${message}`,
};

const zh: ModelStrings = {
  title: '运行微型模型',
  intro:
    '一个两层的小模型：架构与检查点格式和本家族完全一致，在你的浏览器里运行。输入提示词，看它被切成哪些 token、每个头关注哪里，以及模型接下来会输出什么。',
  defaultText: '模型读取提示。',
  replicaLabel: '模型',
  weights: WEIGHTS_STRINGS.zh,
  replicaOption: (name, { layers, heads, kind }) => `${name}——${layers} 层，${heads} 个注意力头（${kind}）`,
  uploadOption: (files) => `你的检查点（${files.join('、')}）`,
  architectureTitle: '架构（从 config.json 检测）',
  textLabel: '提示词（中文或英文）',
  idsLabel: 'token id（修改后按回车，即改为运行这些 id）',
  idsHint: '提示词实际运行的 id，以空格分隔。',
  tokensLabel: 'token 及其 id',
  tokensBeforeRun: '模型加载后才显示 token：由它自己的分词器切分文本。',
  addedChip: '为模型添加的特殊 token',
  generatedChip: '生成的',
  partOfCharacter: (at, of, text) => `组成“${text}”的 ${of} 个 token 中的第 ${at} 个`,
  showBytes: '显示每个 token 的字节',
  runLive: '实时运行——首次需加载运行时，约 14–27 MB',
  runAgain: '运行提示词',
  nextToken: '下一个 token',
  sampling: SAMPLING_STRINGS.zh,
  reset: '清空缓存',
  filesLabel: '或载入你自己的检查点：config.json、model.safetensors（或分片及其索引），可选它的分词器（tokenizer.json，或 tokenizer.model 或 ChatGLM-6B 的 ice_text.model 加 tokenizer_config.json，或 qwen.tiktoken）',
  filesHint: '文件不会离开你的电脑。先读文件头再决定怎么运行：放得进内存就整体运行，否则每次运行都从文件里逐层读取（只能检查提示词，不能生成）。',
  idleStatus: '开始之前不会下载任何内容：运行时（onnxruntime-web）在第一次运行时才加载。',
  loadingStatus: '正在加载运行时和模型……',
  presenter: {
    prompt: '提示词先变成 token id；小模型运行它们并预测下一个 token。第 0 层，第 0 个头。',
    head: (l, h) => `仍是第 ${l} 层，换成第 ${h} 个头：不同的头把注意力分给不同的位置。`,
    lastLayer: (l, h) => `最后一层（第 ${l} 层）第 ${h} 个头：模型在预测之前最后读到的内容。`,
    untrained: '同一个提示词换成随机权重：没有哪个头学会该看哪里，下一个 token 只是乱猜。',
    generate: '生成：在温度 0.8、top-p 0.9 下抽出十六个 token，借助 KV 缓存一个接一个地算。',
  },
  layerLabel: '层',
  headLabel: '查询头',
  layerOption: (layer) => `第 ${layer} 层`,
  headOption: (head, kv) => `第 ${head} 个头（读取第 ${kv} 个键值头）`,
  kvHeadNote: (h, kv, n, m) =>
    n === m
      ? `查询头 ${h} 有自己的键和值（键值头 ${kv}）。`
      : `查询头 ${h} 读取键值头 ${kv} = ⌊${h} / (${n}/${m})⌋：${m} 个键值头各由 ${n / m} 个查询头共享。`,
  heatmapTitle: '注意力概率',
  legendProbability: '概率',
  queryAxis: '查询 i →',
  keyAxis: '键 j →',
  heatmapSummary: (layer, head, t) => `注意力概率 ${t}×${t}，第 ${layer} 层，第 ${head} 个头`,
  cellTitle: (q, k, p) => `查询 ${q} → 键 ${k}：${p.toFixed(3)}`,
  heatmapCaption: '第 i 行：查询 i 运行时把注意力如何分配给缓存中的各个键。每生成一个 token，就多一行一列。',
  topTitle: '最可能的下一个 token',
  topCaption: (position) => `最后一个位置（${position}）的 logits 经 softmax 得到的概率。温度为 0 时“下一个 token”追加第一个，否则按采样设置抽一个。`,
  cacheLabel: 'KV 缓存中的 token 数',
  cacheCleared: '缓存已清空：运行提示词即可重新填充。',
  note: (note) => {
    switch (note.kind) {
      case 'unknown-replica':
        return `这里没有名为“${note.value}”的复刻模型，已改用默认模型。`;
      case 'not-a-number':
        return `“${note.value}”不是整数（${note.param}），已改用默认值。`;
      case 'unknown-weights':
        return WEIGHTS_STRINGS.zh.unknown(note);
      case 'bad-id':
        return `“${note.value}”不是 token id：id 是以空格分隔的整数。`;
      case 'empty-prompt':
        return '提示词为空：请输入内容再运行。图表保留上一次的结果。';
      case 'no-tokenizer':
        return `这个检查点没有可用的分词器（${note.reason}）。请直接输入 token id。`;
      case 'truncated':
        return `提示词共有 ${note.total} 个 token，只运行前 ${note.shown} 个。`;
      case 'specials-added': {
        const where = [
          note.before.length > 0 ? `以 ${tokenList(note.before, '（', '）')} 开头` : '',
          note.after.length > 0 ? `以 ${tokenList(note.after, '（', '）')} 结尾` : '',
        ];
        return `这个模型的提示词${where.filter((w) => w !== '').join('、')}，与它的分词器一致：已自动添加。`;
      }
      case 'layer-clamped':
        return `没有第 ${note.asked} 层（共 ${note.layers} 层），改为显示第 ${note.used} 层。`;
      case 'head-clamped':
        return `没有第 ${note.asked} 个头（共 ${note.heads} 个），改为显示第 ${note.used} 个头。`;
      case 'sampling-clamped':
        return SAMPLING_STRINGS.zh.clamped(note);
      case 'generation-ended':
        return SAMPLING_STRINGS.zh.ended(note.reason, note.generated);
      case 'sequence-full':
        return `序列已达 ${note.limit} 个 token，这是本面板的上限。请清空缓存或运行更短的提示词。`;
      case 'prompt-only':
        return '这个模型一次只运行一层（整个模型放不进内存）：面板展示它对提示词的一次前向计算，不能生成。';
      case 'id-outside-vocab':
        return `token id ${note.id} 超出了词表范围（0..${note.vocab - 1}）`;
      case 'cannot-run':
        return HUB_STRINGS.zh.memoryMode(note.memory);
    }
  },
  error: (message) => `模型无法运行：${message}`,
};

export const MODEL_STRINGS: Record<Lang, ModelStrings> = { en, zh };
