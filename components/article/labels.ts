// Words and number formats for the tables that are generated from the catalog, in both languages.
// Only wording lives here; every value comes from kernels/families/catalog.ts.
import type { AttentionKind, Confidence, ContextLength, CatalogFamily, ReleasedModel } from '~/kernels/families/catalog.ts';

export type Lang = 'zh' | 'en';

/** The page language: Astro's current locale when set, else the first path segment (/en/... or /zh/...). */
export function langOf(currentLocale: string | undefined, url: URL): Lang {
  if (currentLocale === 'en' || currentLocale === 'zh') return currentLocale;
  return url.pathname.startsWith('/en/') ? 'en' : 'zh';
}

type Words = Record<Lang, string>;
const w = (zh: string, en: string): Words => ({ zh, en });

export const familyNames: Record<CatalogFamily, Words> = {
  llama: w('LLaMA', 'LLaMA'),
  'llama-2': w('Llama 2', 'Llama 2'),
  chatglm: w('ChatGLM', 'ChatGLM'),
  baichuan: w('百川 Baichuan', 'Baichuan'),
  qwen: w('通义千问 Qwen', 'Qwen'),
};

export const rowLabels = {
  params: w('参数量', 'Parameters'),
  layers: w('层数 L', 'Layers L'),
  hidden: w('隐藏维度 d', 'Hidden size d'),
  heads: w('查询头 / 键值头', 'Query heads / key/value heads'),
  headDim: w('每头维度', 'Head dim'),
  ffn: w('FFN 宽度', 'FFN width'),
  activation: w('激活函数', 'Activation'),
  norm: w('归一化', 'Normalization'),
  residual: w('残差', 'Residual'),
  position: w('位置编码', 'Position encoding'),
  vocab: w('词表', 'Vocabulary'),
  context: w('上下文长度', 'Context length'),
  biases: w('偏置', 'Biases'),
  head: w('输出头', 'Output head'),
  mask: w('注意力掩码', 'Attention mask'),
  trainingTokens: w('训练 token 数', 'Training tokens'),
  sources: w('来源', 'Sources'),
  family: w('家族', 'Family'),
  models: w('已发布模型', 'Released models'),
  attention: w('注意力', 'Attention'),
  maxContext: w('最长上下文', 'Longest context'),
  model: w('模型', 'Model'),
  ffnRatio: w('FFN 宽度 / d', 'FFN width / d'),
  computedParams: w('由维度算出的参数量', 'Parameters computed from the dims'),
  kvPerToken: w('每 token 的 KV 缓存（fp16）', 'KV cache per token (fp16)'),
  kvAtContext: w('最长上下文时的 KV 缓存（fp16）', 'KV cache at the longest context (fp16)'),
  embeddingShare: w('词嵌入 + 输出头占参数比例', 'Embedding + head share of parameters'),
  tokenizerSize: w('分词器 token 数', 'Tokenizer tokens'),
  embeddingRows: w('嵌入矩阵行数', 'Embedding rows'),
} satisfies Record<string, Words>;

export const confidenceLabels: Record<Confidence, Words> = {
  unverified: w('未核实', 'unverified'),
  computed: w('由配置计算', 'computed'),
  approximate: w('约数', 'approximate'),
  inferred: w('推断', 'inferred'),
  secondhand: w('二手配置', 'secondhand copy'),
};

const contextScopes: Record<ContextLength['scope'], Words> = {
  train: w('训练', 'trained'),
  base: w('基座', 'base'),
  chat: w('对话', 'chat'),
  readme: w('README 所述', 'per README'),
  'v1.1': w('v1.1', 'v1.1'),
};

const attentionWords: Record<AttentionKind, Words> = { MHA: w('MHA', 'MHA'), GQA: w('GQA', 'GQA'), MQA: w('MQA', 'MQA') };

export const int = (x: number): string => x.toLocaleString('en-US');

export function formatTokens(tokens: number): string {
  return tokens % 1024 === 0 ? `${tokens / 1024}K` : int(tokens);
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}

export function formatParams(m: ReleasedModel): string {
  const short = `${m.params.billions.toFixed(m.params.decimals)}B`;
  return m.params.exact === undefined ? short : `${int(m.params.exact)} (${short})`;
}

export function formatHeads(m: ReleasedModel, kind: AttentionKind, lang: Lang): string {
  return `${m.heads} / ${m.kvHeads} (${attentionWords[kind][lang]})`;
}

export function formatFfn(m: ReleasedModel, lang: Lang): string {
  const config = m.ffn.configValue === undefined ? '' : lang === 'zh' ? `（配置中写作 ${int(m.ffn.configValue)}）` : ` (config: ${int(m.ffn.configValue)})`;
  return int(m.ffn.width) + config;
}

export function formatActivation(m: ReleasedModel, lang: Lang): string {
  if (m.activation === 'swiglu') return 'SwiGLU';
  return lang === 'zh' ? 'GELU（普通两层 MLP）' : 'GELU (plain two-layer MLP)';
}

export function formatNorm(m: ReleasedModel): string {
  return `${m.norm.kind === 'rmsnorm' ? 'RMSNorm' : 'LayerNorm'}, ε = ${m.norm.eps.toExponential()}`;
}

export function formatResidual(m: ReleasedModel, lang: Lang): string {
  if (m.residual.kind === 'pre-norm') return lang === 'zh' ? '前置归一化（pre-norm）' : 'pre-norm';
  const alpha = `α = ${m.residual.alpha.toFixed(3)}`;
  return lang === 'zh' ? `DeepNorm 式后置归一化：α·LN(x) + F(LN(x))，${alpha}` : `DeepNorm-style post-norm: α·LN(x) + F(LN(x)), ${alpha}`;
}

export function formatPosition(m: ReleasedModel, lang: Lang): string {
  const p = m.position;
  if (p.kind === 'alibi') return 'ALiBi';
  if (p.kind === 'rope-2d') {
    return lang === 'zh' ? `二维 RoPE：两段各 ${p.dimsPerHalf} 维，θ = ${int(p.theta)}` : `2D RoPE: two ${p.dimsPerHalf}-dim halves, θ = ${int(p.theta)}`;
  }
  const pairing = p.pairing === 'interleaved' ? w('相邻配对', 'interleaved pairs') : w('rotate-half 配对', 'rotate-half pairs');
  const span = p.rotaryDims < m.headDim ? w(`只转前 ${p.rotaryDims}/${m.headDim} 维`, `${p.rotaryDims} of ${m.headDim} dims`) : w('整个头', 'full head');
  const ext = p.longContext === 'dynamic-ntk-logn' ? w('；推理时动态 NTK + LogN', '; dynamic NTK + LogN at inference') : w('', '');
  return lang === 'zh'
    ? `RoPE，θ = ${int(p.theta)}，${span.zh}，${pairing.zh}${ext.zh}`
    : `RoPE, θ = ${int(p.theta)}, ${span.en}, ${pairing.en}${ext.en}`;
}

const tokenizerWords: Record<ReleasedModel['vocab']['tokenizer'], string> = {
  'sentencepiece-bpe': 'SentencePiece BPE',
  sentencepiece: 'SentencePiece',
  'tiktoken-bpe': 'tiktoken BPE',
  'qwen2-bpe': 'Qwen2 BPE',
};

export function formatVocab(m: ReleasedModel, lang: Lang): string {
  const kind = tokenizerWords[m.vocab.tokenizer];
  const size = m.vocab.tokenizerSize;
  if (size === undefined) return `${int(m.vocab.embeddingRows)} (${kind})`;
  return lang === 'zh'
    ? `分词器 ${int(size)}；嵌入 ${int(m.vocab.embeddingRows)} 行（${kind}）`
    : `tokenizer ${int(size)}; ${int(m.vocab.embeddingRows)} embedding rows (${kind})`;
}

export function formatContext(m: ReleasedModel, lang: Lang): string {
  return m.context.map((c) => `${formatTokens(c.tokens)} (${contextScopes[c.scope][lang]})`).join(lang === 'zh' ? '；' : '; ');
}

export function formatBiases(m: ReleasedModel, lang: Lang): string {
  const words: Record<ReleasedModel['biases'], Words> = {
    none: w('无', 'none'),
    qkv: w('仅 QKV', 'QKV only'),
    all: w('所有线性层', 'all linear layers'),
  };
  return words[m.biases][lang];
}

export function formatHead(m: ReleasedModel, lang: Lang): string {
  if (m.head.normHead) return lang === 'zh' ? '独立，NormHead（按行归一化）' : 'untied, NormHead (rows normalised)';
  return m.head.tied ? w('与嵌入共享', 'tied to the embedding')[lang] : w('独立', 'untied')[lang];
}

export function formatMask(m: ReleasedModel, lang: Lang): string {
  return m.mask === 'causal' ? w('因果', 'causal')[lang] : w('前缀（GLM）', 'prefix (GLM)')[lang];
}

export function formatTrainingTokens(m: ReleasedModel, lang: Lang): string {
  if (m.trainingTokensT === null) return lang === 'zh' ? '未公开' : 'not stated';
  return `${m.trainingTokensT.toFixed(1)}T`;
}

export const activationNames: Record<ReleasedModel['activation'], string> = { swiglu: 'SwiGLU', gelu: 'GELU' };
export const normNames: Record<ReleasedModel['norm']['kind'], string> = { rmsnorm: 'RMSNorm', layernorm: 'LayerNorm' };
export const positionNames: Record<'rope' | 'rope-partial' | 'rope-2d' | 'alibi', Words> = {
  rope: w('RoPE', 'RoPE'),
  'rope-partial': w('部分维度 RoPE', 'partial RoPE'),
  'rope-2d': w('二维 RoPE', '2D RoPE'),
  alibi: w('ALiBi', 'ALiBi'),
};
export const maskNames: Record<ReleasedModel['mask'], Words> = { causal: w('因果', 'causal'), prefix: w('前缀', 'prefix') };
