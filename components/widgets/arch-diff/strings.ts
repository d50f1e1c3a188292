// Every sentence of the compare widget, in both languages, and each aspect's value in words (the
// formats are the spec tables' own, from components/article/labels.ts).
import type { Aspect } from '../../../kernels/families/arch-diff.ts';
import { attentionKind, type ReleasedModel } from '../../../kernels/families/catalog.ts';
import {
  formatActivation,
  formatBiases,
  formatContext,
  formatFfn,
  formatHead,
  formatHeads,
  formatMask,
  formatNorm,
  formatParams,
  formatPosition,
  formatResidual,
  formatTrainingTokens,
  formatVocab,
  int,
} from '../../article/labels.ts';
import type { Lang } from '../shared/lang.ts';
import type { ArchDiffNote } from './state.ts';

export function aspectValue(aspect: Aspect, m: ReleasedModel, lang: Lang): string {
  switch (aspect) {
    case 'norm':
      return formatNorm(m);
    case 'residual':
      return formatResidual(m, lang);
    case 'position':
      return formatPosition(m, lang);
    case 'attention':
      return formatHeads(m, attentionKind(m), lang);
    case 'ffn':
      return `${formatActivation(m, lang)}, ${formatFfn(m, lang)}`;
    case 'vocab':
      return formatVocab(m, lang);
    case 'head':
      return formatHead(m, lang);
    case 'biases':
      return formatBiases(m, lang);
    case 'mask':
      return formatMask(m, lang);
    case 'context':
      return formatContext(m, lang);
    case 'dims':
      return `L = ${m.layers}, d = ${int(m.hidden)}, head_dim = ${m.headDim}`;
    case 'params':
      return formatParams(m);
    case 'training':
      return formatTrainingTokens(m, lang);
  }
}

export type ArchDiffStrings = {
  readonly title: string;
  readonly intro: string;
  readonly pickA: string;
  readonly pickB: string;
  readonly swap: string;
  readonly aspects: Record<Aspect, string>;
  readonly aspectHeader: string;
  readonly summary: (differ: number, same: number) => string;
  readonly sameList: (aspects: string) => string;
  readonly identical: string;
  readonly smallReference: string;
  readonly note: (note: ArchDiffNote) => string;
  readonly presenterSteps: readonly { readonly caption: string; readonly a: string; readonly b: string }[];
};

export const ARCH_DIFF_STRINGS: Record<Lang, ArchDiffStrings> = {
  zh: {
    title: '两个模型的架构差异',
    intro: '任选两个已发布的模型：下表列出两者不同的每一处，数据全部来自本站的模型目录，每个方面都链接到讲解它的文章。',
    pickA: '模型 A',
    pickB: '模型 B',
    swap: '交换 A 和 B',
    aspects: {
      norm: '归一化',
      residual: '残差结构',
      position: '位置编码',
      attention: '注意力头（Q / KV 共享）',
      ffn: '前馈网络',
      vocab: '词表',
      head: '输出头',
      biases: '偏置',
      mask: '注意力掩码',
      context: '上下文长度',
      dims: '层数与维度',
      params: '参数量',
      training: '训练 token 数',
    },
    aspectHeader: '方面',
    summary: (differ, same) => `${differ} 处不同，${same} 处相同。`,
    sameList: (aspects) => `相同：${aspects}。`,
    identical: '两边选的是同一个模型，没有差异。',
    smallReference: '（对照用的小模型）',
    note: (note) => `链接里的 ${note.param}=“${note.value}”不是目录中的模型，已改用默认模型。`,
    presenterSteps: [
      { caption: 'LLaMA-7B 与 Llama 2 7B：架构几乎一样，只改了 ε、上下文长度和训练数据量。', a: 'llama-7b', b: 'llama-2-7b' },
      { caption: '换成 ChatGLM2-6B：分组查询注意力（只有 2 组 KV）、只转一半维度的 RoPE、QKV 偏置、65,024 行的词嵌入。', a: 'llama-7b', b: 'chatglm2-6b' },
      { caption: '换成百川-13B：位置编码从 RoPE 换成 ALiBi，词表扩到 64,000。', a: 'llama-7b', b: 'baichuan-13b' },
    ],
  },
  en: {
    title: 'Architecture differences between two models',
    intro: 'Pick any two released models: the table lists every way they differ, read from this site’s model catalog, each aspect linked to the article that explains it.',
    pickA: 'Model A',
    pickB: 'Model B',
    swap: 'Swap A and B',
    aspects: {
      norm: 'Normalization',
      residual: 'Residual',
      position: 'Position encoding',
      attention: 'Attention heads (Q / KV sharing)',
      ffn: 'Feed-forward',
      vocab: 'Vocabulary',
      head: 'Output head',
      biases: 'Biases',
      mask: 'Attention mask',
      context: 'Context length',
      dims: 'Layers and dims',
      params: 'Parameters',
      training: 'Training tokens',
    },
    aspectHeader: 'Aspect',
    summary: (differ, same) => `${differ} differences, ${same} aspects the same.`,
    sameList: (aspects) => `The same: ${aspects}.`,
    identical: 'Both sides are the same model: nothing differs.',
    smallReference: ' (small model, for comparison)',
    note: (note) => `The link's ${note.param}=“${note.value}” is not a catalog model; using the default.`,
    presenterSteps: [
      { caption: 'LLaMA-7B and Llama 2 7B: almost the same architecture; only ε, context length and training data changed.', a: 'llama-7b', b: 'llama-2-7b' },
      { caption: 'Now ChatGLM2-6B: grouped-query attention with only 2 KV groups, RoPE on half the head, QKV biases, 65,024 embedding rows.', a: 'llama-7b', b: 'chatglm2-6b' },
      { caption: 'Now Baichuan-13B: ALiBi instead of RoPE, and a 64,000-token vocabulary.', a: 'llama-7b', b: 'baichuan-13b' },
    ],
  },
};
