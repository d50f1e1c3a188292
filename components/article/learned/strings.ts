// The words of the "what the small model learned" table, in both languages. Every figure comes from
// kernels/families/trained-figures/learned.json (scripts/train/learned.ts).
import type { Lang } from '../../widgets/shared/lang.ts';

export type LearnedStrings = {
  readonly caption: string;
  readonly model: string;
  readonly crossEntropy: string;
  readonly unigram: string;
  readonly previousToken: string;
  readonly separator: string;
  readonly head: (layer: number, head: number) => string;
  readonly share: (attention: number, isPreviousTokenHead: boolean) => string;
  readonly versusUniform: (attention: number, uniform: number) => string;
  readonly noSeparatorHead: (attention: number, uniform: number) => string;
  readonly showInPanel: (layer: number, head: number) => string;
  readonly notes: string;
  /** After a head's name: its attention to i−1 from <sop> on and inside the prefix. */
  readonly byPart: (generated: number, prefix: number) => string;
  /** A model's training run inside a sentence: "28 minutes (3,000 steps)". */
  readonly trainingTime: (minutes: number, steps: number) => string;
};

const percent = (x: number) => `${(100 * x).toFixed(0)}%`;

export const LEARNED_STRINGS: Record<Lang, LearnedStrings> = {
  en: {
    caption: 'What the trained tiny model learned, measured on the held-out text',
    model: 'model',
    crossEntropy: 'held-out loss (nats/token)',
    unigram: 'best unigram model',
    previousToken: 'head that looks most at token i−1',
    separator: 'strongest head on the last punctuation or line break',
    head: (l, h) => `layer ${l}, head ${h}`,
    share: (a, is) =>
      `${percent(a)} of its attention on token i−1` + (is ? ': a previous-token head' : ' (not yet a previous-token head, which takes half or more)'),
    versusUniform: (a, u) => `${percent(a)} of its attention there (an even spread would give ${percent(u)})`,
    noSeparatorHead: (a, u) => `none stands out: at most ${percent(a)} (an even spread gives ${percent(u)})`,
    showInPanel: (l, h) => `Show layer ${l}, head ${h} in the model panel`,
    notes:
      'The best unigram model predicts every token from the held-out text’s own token frequencies; a model that uses context beats it. The punctuation column skips the token right before i, so a previous-token head does not count twice.',
    byPart: (generated, prefix) => ` gives token i−1 ${percent(generated)} of its attention from <sop> on, and ${percent(prefix)} inside the prefix`,
    trainingTime: (minutes, steps) => `${minutes} minutes (${steps.toLocaleString('en')} steps)`,
  },
  zh: {
    caption: '训练好的微型模型学到了什么（在留出文本上测得）',
    model: '模型',
    crossEntropy: '留出集损失（nats/token）',
    unigram: '最优一元模型',
    previousToken: '最关注 token i−1 的头',
    separator: '最关注上一个标点或换行的头',
    head: (l, h) => `第 ${l} 层第 ${h} 个头`,
    share: (a, is) =>
      `${percent(a)} 的注意力落在 token i−1 上` + (is ? '：是一个“前一个 token”头' : '（还算不上“前一个 token”头，那需要一半以上）'),
    versusUniform: (a, u) => `${percent(a)} 的注意力落在那里（平均分配只有 ${percent(u)}）`,
    noSeparatorHead: (a, u) => `没有明显的头：最多 ${percent(a)}（平均分配为 ${percent(u)}）`,
    showInPanel: (l, h) => `在模型面板中查看第 ${l} 层第 ${h} 个头`,
    notes:
      '最优一元模型只按留出文本自身的 token 频率来预测每个 token；会利用上文的模型应当比它好。标点一栏不计 i 之前紧挨着的那个 token，免得“前一个 token”头被重复计算。',
    byPart: (generated, prefix) => `从 <sop> 起把 ${percent(generated)} 的注意力放在 token i−1 上，在前缀里只有 ${percent(prefix)}`,
    trainingTime: (minutes, steps) => `${minutes} 分钟（${steps} 步）`,
  },
};
