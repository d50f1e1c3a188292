// The mixed zh/en/digits/emoji/code texts the tokenizer engine is checked on against
// @huggingface/tokenizers (differential.test.ts, tiktoken.test.ts).

/** Texts a reader pastes, and the corners where tokenizers differ. */
export const CORPUS: readonly string[] = [
  '大语言模型把文本切成词元，再把每个词元换成一个整数编号。模型看到的不是汉字，而是这些编号。',
  'The larger the vocabulary, the more likely a common word becomes a single token.',
  '混合 mixed 文本 text：2024 年 12 月 1 日，π ≈ 3.14159，价格 ¥1,299.00，增长 12.5%。',
  'Numbers: 0 7 42 123 4567 89012 3.14159 1e-9 0xFF 1,000,000 2024-12-01T19:23:44Z',
  'def softmax(x):\n    e = np.exp(x - x.max(axis=-1, keepdims=True))\n    return e / e.sum(-1, keepdims=True)\n',
  'const ids = tokenizer.encode(text, { addSpecialTokens: false }); // => number[]\r\n\tif (a && b || !c) { x[i] += y >> 2; }',
  'Emoji: 👍 👍🏽 🇨🇳 🇺🇸 👨‍👩‍👧‍👦 ❤️ ✅ 🤖🚀 — and a ZWJ sequence 🏳️‍🌈.',
  "It's, they're, we've, I'm, you'll, he'd — IT'S, THEY'RE; l'été, naïve café, Ångström, Œuvre, straße.",
  'Combining marks: e\u0301 vs é, n\u0303, A\u030a; fullwidth ＡＢＣ１２３，！？ and half-width ｶﾀｶﾅ.',
  '日本語のテキストも少し。한국어 문장도 조금. Русский текст. Ελληνικά. العربية. हिन्दी.',
  'Rare Han outside the BMP: 𠀀𠀁𪚥𰻞 and CJK extension A: 㐀㐁.',
  '   leading spaces, two  spaces,   three   spaces, trailing   ',
  '\n\nblank lines\n\n\nand a tab\there\n',
  'Markup: <b>bold</b> [link](https://example.com/a?b=c&d=e) `code` **strong** # heading',
  'Special-looking text: <s> hello </s> <unk> <|im_start|>user\nhi<|im_end|> <|endoftext|> <think>x</think>',
  '▁ a literal lower one-eighth block ▁▁ and Ġ Ċ stand-ins typed by hand',
  'Controls: \u0000 \u0007 \u001b[0m \u007f \u00ad soft hyphen \u200b zero width \ufeff BOM',
  '',
  ' ',
  'a',
  '猫',
];


/**
 * Line breaks, tabs and runs of spaces: ChatGLM-6B writes each as a piece of its own (<n>, <|tab|>,
 * <|blank_2|> … <|blank_80|>) before sentencepiece runs, so these are where its rules show. Then
 * characters its NFKC map rewrites, one rule's text the start of another's (Ａ and Ａ with a ring), and
 * the names of special tokens with whitespace around them, which Python strips and JavaScript's \s
 * does not all match; spaces before punctuation, which transformers' decode removes.
 */
export const WHITESPACE_TEXTS: readonly string[] = [
  'Ａ\u030a ＡＢＣ ｶﾀｶﾅ　全角空格，句号。\u200b\u00ad end',
  'def f(x):\n\tif x:\n\t\treturn  x  +  1\n    else:\n        return 0\n',
  `a${' '.repeat(80)}b${' '.repeat(81)}c${' '.repeat(83)}d${' '.repeat(170)}e`,
  'line one\r\nline two\n\n\nline five   \n  indented\t\ttabs \t mixed',
  '  two spaces first, one last ',
  '\n',
  '\t',
  '  ',
  '第一行\n第二行  两个空格\t制表符',
  "Spaces before punctuation , as decode tidies them : a . b ! c ? it 's , they 're , I 'm , we 've , don n't , a ' b",
  'Names ChatGLM-6B cuts out: a\n<sop>\n\tb <eop>\u001c c\u0085<unk>\u0085 [MASK][MASK] <pad>',
  'Typed piece names: <n> <|tab|> <|blank_3|> <|blank_1|> <|blank_81|> <|blank_02|> [gMASK] <sop> sop <|user|> <pad> <unk>',
];
