// The sources behind every number on the site. Model entries in catalog.ts name these by tag
// ([M1], [G2], ...); articles list them in their Sources sections. Each tag points at the repository,
// file or paper the fact was read from, so a reader can check it.

/** A source's name. Works keep their own (English) titles; the site's own words come in both languages. */
export type ReferenceTitle = string | { readonly zh: string; readonly en: string };

export type Reference = {
  readonly title: ReferenceTitle;
  /** Where to read it. Absent only for numbers this site computed itself. */
  readonly url?: string;
  /** Which part of the source carries the facts (files, tables). */
  readonly detail?: string;
  readonly kind: 'code' | 'paper' | 'card' | 'computed';
};

/** The title to print on a page in `lang`. */
export function titleIn(title: ReferenceTitle, lang: 'zh' | 'en'): string {
  return typeof title === 'string' ? title : title[lang];
}

// Tags of the model sources, as catalog.ts entries and the articles cite them.
const modelSources = {
  M1: {
    title: 'meta-llama/llama @1076b9c: LLaMA (v1) model card and reference model code',
    url: 'https://github.com/meta-llama/llama/tree/1076b9c51c77ad06e9d7ba8a4c6df775741732bd',
    detail: 'MODEL_CARD.md, llama/model.py; download.sh and README.md (which name the 33B model "30B")',
    kind: 'code',
  },
  L1P: {
    title: 'Touvron et al., LLaMA: Open and Efficient Foundation Language Models (arXiv:2302.13971)',
    url: 'https://arxiv.org/abs/2302.13971',
    detail: 'Table 2 (sizes, training tokens), §2.1 (tokenizer), §2.2 (architecture)',
    kind: 'paper',
  },
  M2: {
    title: 'meta-llama/llama @689c7f2: Llama 2 model card',
    url: 'https://github.com/meta-llama/llama/blob/689c7f261b9c5514636ecc3c5fefefcbb3e6eed7/MODEL_CARD.md',
    detail: 'MODEL_CARD.md',
    kind: 'card',
  },
  L2P: {
    title: 'Touvron et al., Llama 2: Open Foundation and Fine-Tuned Chat Models (arXiv:2307.09288)',
    url: 'https://arxiv.org/abs/2307.09288',
    detail: 'Table 1 (sizes, GQA), §2.2 (pretraining setup), §3 (fine-tuning: §3.1 SFT, §3.2 preference data (Table 6), reward models, rejection sampling and PPO, §3.3 GAtt), §A.2.1 (GQA ablation)',
    kind: 'paper',
  },
  G1: {
    title: 'THUDM/ChatGLM-6B and the chatglm-6b model code',
    url: 'https://github.com/THUDM/ChatGLM-6B',
    detail: 'README.md, UPDATE.md; modeling_chatglm.py, configuration_chatglm.py, tokenization_chatglm.py on huggingface.co/THUDM/chatglm-6b',
    kind: 'code',
  },
  G2: {
    title: 'THUDM/ChatGLM2-6B and the chatglm2-6b model code',
    url: 'https://github.com/THUDM/ChatGLM2-6B',
    detail: 'README.md; modeling_chatglm.py, config.json on huggingface.co/THUDM/chatglm2-6b',
    kind: 'code',
  },
  G3: {
    title: 'THUDM/ChatGLM3 and the chatglm3-6b model code',
    url: 'https://github.com/THUDM/ChatGLM3',
    detail: 'README_en.md; modeling_chatglm.py, config.json on huggingface.co/THUDM/chatglm3-6b',
    kind: 'code',
  },
  B1: {
    title: 'baichuan-inc/Baichuan-7B',
    url: 'https://github.com/baichuan-inc/Baichuan-7B',
    detail: 'README.md, models/modeling_baichuan.py, models/configuration_baichuan.py; the parameter count in the model card (README.md) on huggingface.co/baichuan-inc/Baichuan-7B',
    kind: 'code',
  },
  B13: {
    title: 'baichuan-inc/Baichuan-13B',
    url: 'https://github.com/baichuan-inc/Baichuan-13B',
    detail: 'README.md; modeling_baichuan.py of Baichuan-13B-Chat',
    kind: 'code',
  },
  B2: {
    title: 'baichuan-inc/Baichuan2 and Yang et al., Baichuan 2: Open Large-scale Language Models (arXiv:2309.10305)',
    url: 'https://github.com/baichuan-inc/Baichuan2',
    detail: 'README.md; config.json and modeling_baichuan.py of Baichuan2-13B-Chat; arXiv:2309.10305 (Optimizations section, §2.5 in v4: NormHead, max-z loss)',
    kind: 'code',
  },
  B13C: {
    title: 'baichuan-inc/Baichuan-13B-Base @da5da39: config.json',
    url: 'https://huggingface.co/baichuan-inc/Baichuan-13B-Base/blob/da5da39a54aaf12aff0447e8e30f4e5fb98e63cb/config.json',
    detail: 'rms_norm_eps 1e-06',
    kind: 'code',
  },
  B2C: {
    title: 'baichuan-inc/Baichuan2-7B-Base @5310008: config.json',
    url: 'https://huggingface.co/baichuan-inc/Baichuan2-7B-Base/blob/53100086ef991f32f791c96fd7be4140054653eb/config.json',
    detail: 'hidden_size, intermediate_size, num_attention_heads, num_hidden_layers, vocab_size, rms_norm_eps',
    kind: 'code',
  },
  QI419: {
    title: 'QwenLM/Qwen issue #419: a maintainer on the embedding size in config.json',
    url: 'https://github.com/QwenLM/Qwen/issues/419',
    detail: 'vocab_size in config.json is the real embedding size, a multiple of 128 (152,064 for Qwen-14B)',
    kind: 'card',
  },
  Q: {
    title: 'QwenLM/Qwen and Bai et al., Qwen Technical Report (arXiv:2309.16609)',
    url: 'https://github.com/QwenLM/Qwen',
    detail: 'README.md, tokenization_note.md; arXiv:2309.16609 (§2.3.1 architecture, §2.3.2 context length extension, Table 3 long-context perplexity); modeling_qwen.py, config.json on huggingface.co/Qwen/Qwen-7B',
    kind: 'code',
  },
  T: {
    title: 'jzhang38/TinyLlama',
    url: 'https://github.com/jzhang38/TinyLlama',
    detail: 'README.md',
    kind: 'code',
  },
  Q25: {
    title: 'Qwen/Qwen2.5-0.5B @060db64 (config.json) and the Qwen2 model code in huggingface/transformers',
    url: 'https://huggingface.co/Qwen/Qwen2.5-0.5B/tree/060db6499f32faf8b98477b0a26969ef7d8b9987',
    detail: 'config.json; tokenizer_config.json (special tokens 151643–151664, the last <|file_sep|>); src/transformers/models/qwen2/modeling_qwen2.py',
    kind: 'code',
  },
  C: {
    title: { zh: '本站根据发布的配置计算', en: 'Computed on this site from the released configurations' },
    detail: 'parameterCount() and kvCacheBytesPerToken() in kernels/families/catalog.ts',
    kind: 'computed',
  },
} as const satisfies Record<string, Reference>;

// Papers the idea articles cite, tagged by arXiv id.
const papers = {
  'arxiv:1706.03762': { title: 'Vaswani et al., Attention Is All You Need', url: 'https://arxiv.org/abs/1706.03762', kind: 'paper' },
  'arxiv:2103.10360': { title: 'Du et al., GLM: General Language Model Pretraining with Autoregressive Blank Infilling', url: 'https://arxiv.org/abs/2103.10360', kind: 'paper' },
  'arxiv:2210.02414': { title: 'Zeng et al., GLM-130B: An Open Bilingual Pre-trained Model', url: 'https://arxiv.org/abs/2210.02414', kind: 'paper' },
  'arxiv:2104.09864': { title: 'Su et al., RoFormer: Enhanced Transformer with Rotary Position Embedding', url: 'https://arxiv.org/abs/2104.09864', kind: 'paper' },
  'arxiv:2306.15595': { title: 'Chen et al., Extending Context Window of Large Language Models via Positional Interpolation', url: 'https://arxiv.org/abs/2306.15595', kind: 'paper' },
  'arxiv:2309.00071': { title: 'Peng et al., YaRN: Efficient Context Window Extension of Large Language Models', url: 'https://arxiv.org/abs/2309.00071', kind: 'paper' },
  'arxiv:2308.12950': { title: 'Rozière et al., Code Llama: Open Foundation Models for Code', url: 'https://arxiv.org/abs/2308.12950', kind: 'paper' },
  'arxiv:2108.12409': { title: 'Press et al., Train Short, Test Long: Attention with Linear Biases Enables Input Length Extrapolation', url: 'https://arxiv.org/abs/2108.12409', kind: 'paper' },
  'arxiv:2002.05202': { title: 'Shazeer, GLU Variants Improve Transformer', url: 'https://arxiv.org/abs/2002.05202', kind: 'paper' },
  'arxiv:1606.08415': { title: 'Hendrycks and Gimpel, Gaussian Error Linear Units (GELUs)', url: 'https://arxiv.org/abs/1606.08415', kind: 'paper' },
  'arxiv:1607.06450': { title: 'Ba et al., Layer Normalization', url: 'https://arxiv.org/abs/1607.06450', kind: 'paper' },
  'arxiv:1910.07467': { title: 'Zhang and Sennrich, Root Mean Square Layer Normalization', url: 'https://arxiv.org/abs/1910.07467', kind: 'paper' },
  'arxiv:2203.00555': { title: 'Wang et al., DeepNet: Scaling Transformers to 1,000 Layers', url: 'https://arxiv.org/abs/2203.00555', kind: 'paper' },
  'arxiv:1911.02150': { title: 'Shazeer, Fast Transformer Decoding: One Write-Head is All You Need', url: 'https://arxiv.org/abs/1911.02150', kind: 'paper' },
  'arxiv:2305.13245': { title: 'Ainslie et al., GQA: Training Generalized Multi-Query Transformer Models from Multi-Head Checkpoints', url: 'https://arxiv.org/abs/2305.13245', kind: 'paper' },
} as const satisfies Record<string, Reference>;

export const references: Readonly<Record<ReferenceId, Reference>> = { ...modelSources, ...papers };

export type ModelSourceId = keyof typeof modelSources;
export type PaperId = keyof typeof papers;
export type ReferenceId = ModelSourceId | PaperId;

export function isReferenceId(id: string): id is ReferenceId {
  return Object.hasOwn(references, id);
}
