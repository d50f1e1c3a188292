// The texts the article's measured table tokenizes (scripts/tokenizer-ratios.ts), one per language,
// written for this site: ordinary expository prose with a few numbers, the kind a reader pastes.
export const SAMPLE_TEXTS = {
  zh:
    '分词器把一段文字切成词元，再把每个词元换成一个整数编号。模型看到的不是汉字，而是这些编号。' +
    '词表越大，常见的词越可能整个成为一个词元，同一段中文需要的词元就越少；代价是嵌入矩阵和输出层都会变大。' +
    '例如，一个有 32000 个词元的词表只收了几百个汉字，其余的汉字要按 UTF-8 拆成三个字节，每个字节一个词元。' +
    '而一个有十五万个词元的词表收了大量常用汉字和词语，“模型”“训练”这样的词往往只占一个词元。' +
    '数字的处理也各不相同：有的分词器把 2024 拆成四个单独的数字，有的把几位数字合在一起。',
  en:
    'A tokenizer cuts a piece of text into tokens and replaces each token with an integer id. The model never sees ' +
    'letters, only these ids. The larger the vocabulary, the more likely a common word becomes a single token, and the ' +
    'fewer tokens the same paragraph needs; the price is a larger embedding matrix and a larger output layer. For ' +
    'example, a vocabulary of 32000 tokens holds most English words of everyday prose whole, or as two or three pieces. ' +
    'Numbers are handled differently too: some tokenizers split 2024 into four separate digits, others keep several digits together.',
} as const;

export type SampleLanguage = keyof typeof SAMPLE_TEXTS;
