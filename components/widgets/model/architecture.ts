// The architecture card: one row per design choice of a ModelSpec, worded for people in both
// languages. Every value comes from the spec (which detectModel read from config.json), none is
// typed per family, so a reader's own checkpoint gets a card as true as the replicas' cards.
//
// Pure: the server renders the default replica's rows as a <dl> at build time, the live module the
// rows of whatever it opened.
import { attentionKind } from '../../../kernels/demos/model-panel.ts';
import type {
  FfnSpec,
  HeadSpec,
  ModelSpec,
  NormSpec,
  PositionSpec,
  ResidualSpec,
  RopeScaling,
} from '../../../kernels/families/spec.ts';
import type { Lang } from '../shared/lang.ts';

/** `fact` names the row for tests and styling; `term` and `value` are what the reader sees. */
export type ArchitectureRow = { readonly fact: string; readonly term: string; readonly value: string };

type Wording = {
  readonly terms: Record<
    'family' | 'layers' | 'hidden' | 'heads' | 'headDim' | 'position' | 'ffn' | 'norm' | 'residual' | 'head' | 'mask' | 'vocab',
    string
  >;
  readonly heads: (n: number, m: number, kind: 'MHA' | 'GQA' | 'MQA') => string;
  readonly rope: (style: 'half' | 'interleaved', rotary: number, d: number, base: number) => string;
  readonly scaling: (s: Exclude<RopeScaling, { kind: 'none' }>) => string;
  /** Between the RoPE description and its scaling. */
  readonly then: string;
  readonly glmRope: (rotary: number) => string;
  readonly alibi: string;
  readonly ffn: (f: FfnSpec) => string;
  readonly norm: (n: NormSpec) => string;
  readonly residual: (r: ResidualSpec) => string;
  readonly head: Record<HeadSpec['kind'], string>;
  readonly causal: string;
  readonly prefix: (bos: number, gmask: number) => string;
  readonly vocab: (v: number, context: number) => string;
};

const FFN_FORMULA: Record<FfnSpec['kind'], string> = {
  swiglu: 'down(silu(gate·x) ⊙ up·x)',
  'swiglu-chunked': 'dense_4h_to_h(silu(a) ⊙ b), [a | b] = dense_h_to_4h·x',
  'qwen-w1-silu-w2': 'c_proj(w1·x ⊙ silu(w2·x))',
  'gelu-tanh': 'dense_4h_to_h(gelu_tanh(dense_h_to_4h·x))',
};

const en: Wording = {
  terms: {
    family: 'Model',
    layers: 'Layers',
    hidden: 'Hidden size',
    heads: 'Attention heads',
    headDim: 'Head dim',
    position: 'Positions',
    ffn: 'Feed-forward',
    norm: 'Normalization',
    residual: 'Residual',
    head: 'Output head',
    mask: 'Attention mask',
    vocab: 'Vocabulary / context',
  },
  heads: (n, m, kind) =>
    kind === 'MHA'
      ? `${n} query heads, ${m} KV heads — MHA`
      : `${n} query heads share ${m} KV head${m === 1 ? '' : 's'} — ${kind} (${n / m} per KV head)`,
  rope: (style, rotary, d, base) =>
    `RoPE, ${style === 'half' ? 'rotate-half pairs (i, i + r/2)' : 'interleaved pairs (2k, 2k + 1)'}, on ${rotary} of ${d} dims, base ${base}`,
  scaling: (s) => {
    switch (s.kind) {
      case 'linear':
        return `linear scaling ÷${s.factor}`;
      case 'dynamic':
        return `dynamic NTK ×${s.factor} past ${s.maxPositions}`;
      case 'llama3':
        return `Llama 3 scaling ×${s.factor}`;
      case 'qwen-dynamic-ntk':
        return `past ${s.seqLength}: ${[s.ntk ? 'dynamic NTK' : '', s.logn ? 'log-n query scaling' : ''].filter(Boolean).join(' and ') || 'nothing'}`;
    }
  },
  then: '; ',
  glmRope: (rotary) => `2-D RoPE: position ids turn the first ${rotary} dims of each head, block positions the other ${rotary}`,
  alibi: 'ALiBi: score += slope_h · j, no rotation',
  ffn: (f) =>
    `${f.kind === 'gelu-tanh' ? 'GELU (tanh)' : 'SwiGLU'}: ${FFN_FORMULA[f.kind]}, width ${f.width}${f.bias ? ', with bias' : ''}`,
  norm: (n) => `${n.kind === 'rmsnorm' ? 'RMSNorm' : 'LayerNorm'}, ε = ${n.eps.toExponential()}`,
  residual: (r) =>
    r.kind === 'pre-norm' ? 'pre-norm: x + f(norm(x))' : `DeepNorm-style: a = LN(x); a·α + f(a), α = ${r.alpha.toFixed(3)}`,
  head: {
    untied: 'its own lm_head matrix',
    tied: 'tied to the embedding',
    normhead: 'NormHead: lm_head rows normalised to unit length',
  },
  causal: 'causal: query i reads keys 0..i',
  prefix: (bos, gmask) => `prefix LM: bidirectional up to <sop> (id ${bos}), causal after it; [gMASK] = ${gmask}`,
  vocab: (v, context) => `${v.toLocaleString('en')} tokens / ${context.toLocaleString('en')} positions`,
};

const zh: Wording = {
  terms: {
    family: '模型',
    layers: '层数',
    hidden: '隐藏维度',
    heads: '注意力头',
    headDim: '每头维度',
    position: '位置编码',
    ffn: '前馈层',
    norm: '归一化',
    residual: '残差',
    head: '输出头',
    mask: '注意力掩码',
    vocab: '词表 / 上下文',
  },
  heads: (n, m, kind) =>
    kind === 'MHA'
      ? `${n} 个查询头，${m} 个键值头——MHA`
      : `${n} 个查询头共享 ${m} 个键值头——${kind}（每个键值头对应 ${n / m} 个查询头）`,
  rope: (style, rotary, d, base) =>
    `RoPE，${style === 'half' ? 'rotate-half 配对 (i, i + r/2)' : '相邻配对 (2k, 2k + 1)'}，旋转 ${d} 维中的 ${rotary} 维，base ${base}`,
  scaling: (s) => {
    switch (s.kind) {
      case 'linear':
        return `线性缩放 ÷${s.factor}`;
      case 'dynamic':
        return `超过 ${s.maxPositions} 时动态 NTK ×${s.factor}`;
      case 'llama3':
        return `Llama 3 缩放 ×${s.factor}`;
      case 'qwen-dynamic-ntk':
        return `超过 ${s.seqLength} 时：${[s.ntk ? '动态 NTK' : '', s.logn ? 'log-n 查询缩放' : ''].filter(Boolean).join('与') || '不处理'}`;
    }
  },
  then: '；',
  glmRope: (rotary) => `二维 RoPE：位置编号旋转每个头的前 ${rotary} 维，块内位置旋转另外 ${rotary} 维`,
  alibi: 'ALiBi：分数加上 slope_h · j，不做旋转',
  ffn: (f) =>
    `${f.kind === 'gelu-tanh' ? 'GELU（tanh）' : 'SwiGLU'}：${FFN_FORMULA[f.kind]}，宽度 ${f.width}${f.bias ? '，带偏置' : ''}`,
  norm: (n) => `${n.kind === 'rmsnorm' ? 'RMSNorm' : 'LayerNorm'}，ε = ${n.eps.toExponential()}`,
  residual: (r) =>
    r.kind === 'pre-norm' ? '前置归一化：x + f(norm(x))' : `DeepNorm 式：a = LN(x)；a·α + f(a)，α = ${r.alpha.toFixed(3)}`,
  head: { untied: '独立的 lm_head 矩阵', tied: '与嵌入矩阵共享', normhead: 'NormHead：lm_head 每行先归一化为单位长度' },
  causal: '因果：查询 i 读取键 0..i',
  prefix: (bos, gmask) => `前缀语言模型：<sop>（id ${bos}）之前双向，之后因果；[gMASK] = ${gmask}`,
  vocab: (v, context) => `${v} 个 token / ${context} 个位置`,
};

const WORDING: Record<Lang, Wording> = { en, zh };

function position(p: PositionSpec, d: number, w: Wording): string {
  switch (p.kind) {
    case 'rope': {
      const rope = w.rope(p.style, p.rotaryDim, d, p.base);
      return p.scaling.kind === 'none' ? rope : `${rope}${w.then}${w.scaling(p.scaling)}`;
    }
    case 'rope-2d-glm':
      return w.glmRope(p.rotaryDim);
    case 'alibi':
      return w.alibi;
  }
}

export function architectureRows(spec: ModelSpec, lang: Lang): ArchitectureRow[] {
  const w = WORDING[lang];
  const row = (fact: keyof Wording['terms'], value: string | number): ArchitectureRow => ({
    fact,
    term: w.terms[fact],
    value: String(value),
  });
  return [
    row('family', spec.name),
    row('layers', spec.numLayers),
    row('hidden', spec.hiddenSize),
    row('heads', w.heads(spec.numHeads, spec.numKvHeads, attentionKind(spec))),
    row('headDim', spec.headDim),
    row('position', position(spec.position, spec.headDim, w)),
    row('ffn', w.ffn(spec.ffn)),
    row('norm', w.norm(spec.norm)),
    row('residual', w.residual(spec.residual)),
    row('head', w.head[spec.head.kind]),
    row('mask', spec.mask.kind === 'causal' ? w.causal : w.prefix(spec.mask.bosTokenId, spec.mask.gmaskTokenId)),
    row('vocab', w.vocab(spec.vocabSize, spec.contextLength)),
  ];
}
